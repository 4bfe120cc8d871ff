#include "parity.h"

#include <algorithm>
#include <cinttypes>
#include <deque>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "event/sockaddr.h"
#include "lanner/driver_abi.h"
#include "schema/event_table.h"

namespace lanner::guest {
namespace {

bool is_clone(uint16_t t) {
    return t == LN_EVT_CLONE || t == LN_EVT_FORK || t == LN_EVT_VFORK || t == LN_EVT_CLONE3;
}

// Values that differ between runs by nature, each mapped to "<kind>#<n>" by
// order of first appearance.
enum class Kind { Ino, Time, Port, Kaddr, Count };
constexpr const char* kKindNames[] = {"ino", "time", "port", "kaddr"};

class Canon {
  public:
    std::map<uint32_t, std::string> names;  // tid -> place in the tree

    std::string pid(int64_t v) const {
        if (v > 0 && v <= UINT32_MAX) {
            auto it = names.find(static_cast<uint32_t>(v));
            if (it != names.end()) return it->second;
        }
        return fmt::format("{}", v);
    }
    // 0 means "none" for all of them and stays 0.
    std::string map(Kind k, uint64_t v) {
        if (v == 0) return "0";
        auto& m = maps_[static_cast<int>(k)];
        const auto it = m.emplace(v, m.size() + 1).first;
        return fmt::format("{}#{}", kKindNames[static_cast<int>(k)], it->second);
    }

  private:
    std::map<uint64_t, size_t> maps_[static_cast<int>(Kind::Count)];
};

std::string quoted(std::string_view s) {
    std::string out = "'";
    for (unsigned char c : s) {
        if (c == '\0')
            out += "\\0";
        else if (c < 0x20 || c >= 0x7f || c == '\'')
            out += fmt::format("\\x{:02x}", c);
        else
            out.push_back(static_cast<char>(c));
    }
    return out + "'";
}

std::string hex(std::span<const uint8_t> b) {
    std::string out = "0x";
    for (auto c : b) out += fmt::format("{:02x}", c);
    return out;
}

std::string endpoint(const Endpoint& e, Canon& c) {
    return fmt::format("{}:{}", e.ip.to_string(), e.port ? c.map(Kind::Port, e.port) : "0");
}

std::string render(const ParamView& v, const schema::ParamInfo& info, Canon& c) {
    const std::string partial = v.partial ? "partial " : "";
    if (v.empty()) return partial + "<empty>";
    const auto s64 = v.as<int64_t>();
    const auto u64 = v.as<uint64_t>();
    const auto u32 = v.as<uint32_t>();
    const auto u8 = v.as<uint8_t>();
    std::string out;
    switch (info.type) {
        case LN_PT_PID:
        case LN_PT_NSPID:  // mapped like host ids: equal in both drivers' runs either way
            if (s64) out = c.pid(*s64);
            break;
        case LN_PT_FD:
        case LN_PT_ERRNO:
        case LN_PT_S64:
            if (s64) out = fmt::format("{}", *s64);
            break;
        case LN_PT_S32:
        case LN_PT_ENUM32:
            if (u32) out = fmt::format("{}", static_cast<int32_t>(*u32));
            break;
        case LN_PT_U8:
        case LN_PT_FLAGS8:
        case LN_PT_SIGNAL:
            if (u8) out = fmt::format("{}", *u8);
            break;
        case LN_PT_U16:
        case LN_PT_FLAGS16:
            if (auto u16 = v.as<uint16_t>()) out = fmt::format("{}", *u16);
            break;
        case LN_PT_U32:
        case LN_PT_UID:
        case LN_PT_GID:
        case LN_PT_MODE:
        case LN_PT_FLAGS32:
        case LN_PT_DEV:
            if (u32) out = fmt::format("{:#x}", *u32);
            break;
        case LN_PT_RELTIME:
            if (u64) out = c.map(Kind::Time, *u64);
            break;
        case LN_PT_U64:
            if (u64) {
                if (info.name == "ino" || info.name == "exe_ino")
                    out = c.map(Kind::Ino, *u64);
                else if (info.name == "source" || info.name == "peer")
                    out = c.map(Kind::Kaddr, *u64);
                else
                    out = fmt::format("{:#x}", *u64);
            }
            break;
        case LN_PT_FLAGS64:
        case LN_PT_ABSTIME:
            if (u64) out = fmt::format("{:#x}", *u64);
            break;
        case LN_PT_CHARBUF:
        case LN_PT_FSPATH:
        case LN_PT_FSRELPATH:
        case LN_PT_CHARBUFARRAY:
            out = quoted(v.str());
            break;
        case LN_PT_SOCKADDR:
            if (auto a = decode_sockaddr(v.str())) {
                if (a->family == LN_AF_INET || a->family == LN_AF_INET6)
                    out = fmt::format("af{} {}", a->family, endpoint(a->inet, c));
                else
                    out = fmt::format("af{} {}", a->family, quoted(a->unix_path));
            }
            break;
        case LN_PT_SOCKTUPLE:
            if (auto t = decode_socktuple(v.str())) {
                if (t->family == LN_AF_INET || t->family == LN_AF_INET6)
                    out = fmt::format("af{} {} -> {}", t->family, endpoint(t->client, c),
                                      endpoint(t->server, c));
                else
                    out = fmt::format("af{} {} -> {} {}", t->family,
                                      c.map(Kind::Kaddr, t->unix_source),
                                      c.map(Kind::Kaddr, t->unix_peer), quoted(t->unix_path));
            }
            break;
        default:
            break;
    }
    if (out.empty()) out = hex(v.bytes());  // BYTEBUF, or a value of an unexpected size
    return partial + out;
}

struct Rec {
    uint16_t type = 0;
    std::vector<std::string> names;   // "hdr.pid", "hdr.flags", "nparams", then parameters
    std::vector<std::string> values;  // rendered, normalised
};

struct Thread {
    std::string name;
    std::vector<Rec> recs;
};

// The actor's process tree, named; every thread's records, normalised.
std::vector<Thread> normalise(const ActorRun& run) {
    std::vector<Event> events;
    for (const auto& r : run.records.records) {
        Event ev;
        if (!Event::decode(r, ev)) events.push_back(ev);
    }
    std::map<uint32_t, std::vector<const Event*>> by_tid;
    for (const auto& ev : events) by_tid[ev.tid()].push_back(&ev);

    Canon canon;
    std::vector<uint32_t> order;  // breadth first from the actor
    std::deque<uint32_t> queue{static_cast<uint32_t>(run.actor)};
    canon.names.try_emplace(static_cast<uint32_t>(run.actor), 1, 'A');
    while (!queue.empty()) {
        const uint32_t tid = queue.front();
        queue.pop_front();
        order.push_back(tid);
        int created = 0;
        for (const Event* ev : by_tid[tid]) {
            if (!is_clone(ev->type())) continue;
            const int64_t child = ev->s64(0).value_or(0);
            if (child <= 0) continue;
            const auto c = static_cast<uint32_t>(child);
            if (canon.names.count(c)) continue;
            canon.names[c] = fmt::format("{}.{}", canon.names[tid], created++);
            queue.push_back(c);
        }
    }

    std::vector<Thread> out;
    for (uint32_t tid : order) {
        Thread t{canon.names[tid], {}};
        for (const Event* ev : by_tid[tid]) {
            const auto& info = schema::event_info(ev->type());
            Rec r;
            r.type = ev->type();
            r.names = {"hdr.pid", "hdr.flags", "nparams"};
            r.values = {canon.pid(ev->pid()), fmt::format("{:#x}", ev->hdr().flags),
                        fmt::format("{}", ev->hdr().nparams)};
            for (unsigned i = 0; i < ev->nparams() && i < info.params.size(); ++i) {
                r.names.emplace_back(info.params[i].name);
                r.values.push_back(render(ev->param(i), info.params[i], canon));
            }
            t.recs.push_back(std::move(r));
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::string types_of(const std::vector<Rec>& recs, size_t from, size_t n) {
    std::string s;
    for (size_t i = from; i < recs.size() && i < from + n; ++i)
        s += fmt::format("{}{}", s.empty() ? "" : " ", schema::event_info(recs[i].type).name);
    return s.empty() ? "(none)" : s;
}

}  // namespace

ParityReport compare_runs(const ActorRun& first, const char* a, const ActorRun& second,
                          const char* b) {
    ParityReport rep;
    const std::vector<Thread> x = normalise(first), y = normalise(second);
    rep.threads = x.size();
    auto find = [](const std::vector<Thread>& v, const std::string& name) -> const Thread* {
        for (const auto& t : v)
            if (t.name == name) return &t;
        return nullptr;
    };
    for (const auto& t : y)
        if (!find(x, t.name))
            rep.differences.push_back(fmt::format("thread {}: {} records under {}, none under {}",
                                                  t.name, t.recs.size(), b, a));
    for (const auto& tx : x) {
        rep.records += tx.recs.size();
        const Thread* ty = find(y, tx.name);
        if (!ty) {
            rep.differences.push_back(fmt::format("thread {}: {} records under {}, none under {}",
                                                  tx.name, tx.recs.size(), a, b));
            continue;
        }
        const size_t n = std::min(tx.recs.size(), ty->recs.size());
        size_t i = 0;
        for (; i < n; ++i) {
            const Rec &rx = tx.recs[i], &ry = ty->recs[i];
            const std::string_view name = schema::event_info(rx.type).name;
            if (rx.type != ry.type) {
                rep.differences.push_back(
                    fmt::format("thread {} record {}: {} has [{}], {} has [{}]", tx.name, i, a,
                                types_of(tx.recs, i, 4), b, types_of(ty->recs, i, 4)));
                break;
            }
            for (size_t k = 0; k < std::max(rx.values.size(), ry.values.size()); ++k) {
                const std::string& vx = k < rx.values.size() ? rx.values[k] : "<missing>";
                const std::string& vy = k < ry.values.size() ? ry.values[k] : "<missing>";
                if (vx != vy)
                    rep.differences.push_back(
                        fmt::format("thread {} record {} ({}) {}: {} {} | {} {}", tx.name, i, name,
                                    k < rx.names.size() ? rx.names[k] : ry.names[k], a, vx, b, vy));
            }
        }
        if (i == n && tx.recs.size() != ty->recs.size())
            rep.differences.push_back(fmt::format(
                "thread {}: {} has {} records, {} has {}; from record {}: {} [{}], {} [{}]",
                tx.name, a, tx.recs.size(), b, ty->recs.size(), n, a, types_of(tx.recs, n, 4), b,
                types_of(ty->recs, n, 4)));
    }
    return rep;
}

}  // namespace lanner::guest
