#include "record_text.h"

#include <fmt/format.h>

#include "event/sockaddr.h"
#include "schema/event_table.h"

namespace lanner::test {

namespace {

std::string escaped(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (c == 0)
            out += "\\0";
        else if (c < 0x20 || c >= 0x7f || c == '\\')
            out += fmt::format("\\x{:02x}", c);
        else
            out += static_cast<char>(c);
    }
    return out;
}

std::string endpoint_text(const Endpoint& e) {
    return e.ip.family == LN_AF_INET6 ? fmt::format("[{}]:{}", e.ip.to_string(), e.port)
                                      : fmt::format("{}:{}", e.ip.to_string(), e.port);
}

std::string value_text(const schema::ParamInfo& info, const ParamView& p) {
    if (p.empty()) return p.partial ? "<unreadable>" : "<NA>";
    std::string v;
    switch (info.type) {
        case LN_PT_CHARBUF:
        case LN_PT_FSPATH:
        case LN_PT_FSRELPATH:
        case LN_PT_BYTEBUF:
        case LN_PT_CHARBUFARRAY:
            v = '"' + escaped(p.str()) + '"';
            break;
        case LN_PT_SOCKADDR: {
            auto a = decode_sockaddr(p.str());
            if (!a)
                v = "<bad sockaddr>";
            else if (a->family == LN_AF_UNIX)
                v = "unix:" + escaped(a->unix_path);
            else if (a->family == LN_AF_INET || a->family == LN_AF_INET6)
                v = endpoint_text(a->inet);
            else
                v = fmt::format("family {}", a->family);
            break;
        }
        case LN_PT_SOCKTUPLE: {
            auto t = decode_socktuple(p.str());
            if (!t)
                v = "<bad tuple>";
            else if (t->family == LN_AF_UNIX)
                v = fmt::format("unix {:x}->{:x} {}", t->unix_source, t->unix_peer,
                                escaped(t->unix_path));
            else if (t->family == LN_AF_INET || t->family == LN_AF_INET6)
                v = endpoint_text(t->client) + "->" + endpoint_text(t->server);
            else
                v = fmt::format("family {}", t->family);
            break;
        }
        default: {
            uint64_t raw = 0;
            std::memcpy(&raw, p.data, std::min<size_t>(p.len, 8));
            const int64_t sv = p.len == 8   ? static_cast<int64_t>(raw)
                               : p.len == 4 ? int64_t{static_cast<int32_t>(raw)}
                                            : static_cast<int64_t>(raw);
            if (info.flags)
                v = schema::format_flags(*info.flags, raw);
            else if (info.type == LN_PT_MODE)
                v = fmt::format("0{:o}", raw);
            else if (info.type == LN_PT_DEV)
                v = fmt::format("{}:{}", raw >> 20, raw & 0xfffff);
            else if (info.type == LN_PT_U8 || info.type == LN_PT_U16 || info.type == LN_PT_U32 ||
                     info.type == LN_PT_U64 || info.type == LN_PT_UID || info.type == LN_PT_GID ||
                     info.type == LN_PT_ABSTIME || info.type == LN_PT_RELTIME)
                v = fmt::format("{}", raw);
            else
                v = fmt::format("{}", sv);
        }
    }
    if (p.partial) v += "(partial)";
    return v;
}

}  // namespace

std::string record_text(const Event& ev) {
    const auto& info = schema::event_info(ev.type());
    std::string out = fmt::format("ts={} cpu={} tid={} pid={} {}", ev.ts(), ev.hdr().cpu, ev.tid(),
                                  ev.pid(), info.name);
    if (ev.hdr().lost) out += fmt::format(" lost={}", ev.hdr().lost);
    if (ev.hdr().flags & LN_EF_PARTIAL) out += " [partial]";
    for (unsigned i = 0; i < ev.nparams(); ++i) {
        if (i < info.params.size())
            out +=
                fmt::format(" {}={}", info.params[i].name, value_text(info.params[i], ev.param(i)));
        else
            out += fmt::format(" param{}=<{} bytes>", i, ev.param(i).len);
    }
    return out;
}

}  // namespace lanner::test
