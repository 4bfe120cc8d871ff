#include "fields/evt_fields.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>

#include <fmt/format.h>

#include "common/boot_clock.h"
#include "event/param_format.h"
#include "schema/event_table.h"

namespace lanner::fields {
namespace {

// Field ids, in the order of kFields below.
enum class Id : uint8_t {
    Num,
    Time,
    TimeS,
    TimeIso8601,
    Datetime,
    DatetimeS,
    Rawtime,
    RawtimeS,
    RawtimeNs,
    Latency,
    LatencyS,
    LatencyNs,
    Dir,
    Type,
    Cpu,
    Args,
    Info,
    Arg,
    Rawarg,
    Res,
    Rawres,
    Failed,
    IsIo,
    IsIoRead,
    IsIoWrite,
    IoDir,
    IsOpenRead,
    IsOpenWrite,
    IsOpenExec,
    IsOpenCreate,
    Category,
    Buffer,
    Buflen,
    Hostname,
    Source,
    Pluginname,
};

using FT = FieldType;

constexpr FieldDef kFields[] = {
    {"evt.num", FT::Uint64, "Event number, counted from 1 in the order the engine sees events."},
    {"evt.time", FT::String,
     "Event time as local HH:MM:SS.nnnnnnnnn (the time Falco puts at the start of an alert)."},
    {"evt.time.s", FT::String, "Event time as local HH:MM:SS."},
    {"evt.time.iso8601", FT::String,
     "Event time in ISO 8601, UTC, with nanoseconds: 2024-01-31T12:00:00.123456789Z."},
    {"evt.datetime", FT::String, "Event date and local time: 2024-01-31 12:00:00.123456789."},
    {"evt.datetime.s", FT::String, "Event date and local time to the second."},
    {"evt.rawtime", FT::AbsTime, "Event time in ns since the epoch."},
    {"evt.rawtime.s", FT::Uint64, "Integer seconds of evt.rawtime."},
    {"evt.rawtime.ns", FT::Uint64, "Nanoseconds part of evt.rawtime."},
    {"evt.latency", FT::RelTime,
     "Time spent in the syscall. Lanner records only the exit of a syscall, so this is 0."},
    {"evt.latency.s", FT::Uint64, "Integer seconds of evt.latency (0)."},
    {"evt.latency.ns", FT::Uint64, "Nanoseconds part of evt.latency (0)."},
    {"evt.dir", FT::String,
     "Direction: '<' (exit). Every Lanner record is a syscall exit, so 'evt.dir = <' matches "
     "every event and 'evt.dir = >' none."},
    {"evt.type", FT::String, "Event type name: the syscall (openat, execve...) or procexit."},
    {"evt.cpu", FT::Int64, "CPU that produced the record."},
    building_text(
        {"evt.args", FT::String,
         "All parameters as 'name=value' pairs, resolved forms in parentheses, as Falco prints "
         "them."}),
    building_text({"evt.info", FT::String, "Same as evt.args."}),
    building_text(
        {"evt.arg", FT::String,
         "One parameter by name (evt.arg.flags) or index (evt.arg[1]), in its resolved form when "
         "it has one (O_RDONLY|O_CLOEXEC, ENOENT, <f>/etc/passwd), else its plain form.",
         ArgForm::Param, true}),
    {"evt.rawarg", FT::String,
     "One parameter by name (evt.rawarg.uid) as its raw value, typed as the parameter: numbers "
     "compare numerically, flags test bits with 'contains'.",
     ArgForm::Param, true},
    {"evt.res", FT::String, "Result: SUCCESS, or the errno name (ENOENT) when the call failed."},
    {"evt.rawres", FT::Int64, "Result as a number (negative errno on failure)."},
    {"evt.failed", FT::Bool, "true when the call returned an error."},
    {"evt.is_io", FT::Bool, "true for events that read or write data."},
    {"evt.is_io_read", FT::Bool, "true for events that read data."},
    {"evt.is_io_write", FT::Bool, "true for events that write data."},
    {"evt.io_dir", FT::String, "'r' for reads, 'w' for writes; absent for other events."},
    {"evt.is_open_read", FT::Bool,
     "true for open, openat, openat2 and open_by_handle_at opening for reading (O_RDONLY or "
     "O_RDWR)."},
    {"evt.is_open_write", FT::Bool,
     "true for open, openat, openat2, open_by_handle_at opening for writing (O_WRONLY or O_RDWR) "
     "and for creat."},
    {"evt.is_open_exec", FT::Bool,
     "true for open family calls with O_CREAT (and creat) whose mode gives execute permission."},
    {"evt.is_open_create", FT::Bool,
     "true for open family calls requesting O_CREAT, and for creat. Records do not say whether "
     "the file already existed."},
    {"evt.category", FT::String,
     "Event category: file, net, ipc, process, memory, signal, user, system, io-read, io-write, "
     "io-other."},
    {"evt.buffer", FT::Bytes,
     "Data buffer of the events that carry one (sendto, recvfrom... data, init_module image), "
     "up to the snap length."},
    {"evt.buflen", FT::Uint64, "Bytes in evt.buffer."},
    {"evt.hostname", FT::String, "Name of the host the event comes from."},
    {"evt.source", FT::String, "Event source: always 'syscall'."},
    {"evt.pluginname", FT::String,
     "Plugin that produced the event. Lanner has no plugin events: always absent (<NA>)."},
};

const ParamResolver& null_resolver() {
    static const ParamResolver r;
    return r;
}

// Raw integer value of a fixed-size parameter, sign-extended for signed types.
bool read_integer(const ParamView& p, ln_param_type type, uint64_t& out) {
    switch (p.len) {
        case 1:
            out = *p.data;
            return true;
        case 2: {
            uint16_t v;
            std::memcpy(&v, p.data, 2);
            out = v;
            return true;
        }
        case 4: {
            uint32_t v;
            std::memcpy(&v, p.data, 4);
            if (type == LN_PT_S32 || type == LN_PT_ENUM32)
                out = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
            else
                out = v;
            return true;
        }
        case 8:
            std::memcpy(&out, p.data, 8);
            return true;
        default:
            return false;
    }
}

bool is_flags_param(ln_param_type t) {
    return t == LN_PT_FLAGS8 || t == LN_PT_FLAGS16 || t == LN_PT_FLAGS32 || t == LN_PT_FLAGS64;
}

bool is_text_param(ln_param_type t) {
    return t == LN_PT_CHARBUF || t == LN_PT_FSPATH || t == LN_PT_FSRELPATH || t == LN_PT_BYTEBUF ||
           t == LN_PT_CHARBUFARRAY || t == LN_PT_SOCKADDR || t == LN_PT_SOCKTUPLE;
}

// Index of a parameter in each event type, -1 where the event lacks it.
using ParamTable = std::array<int8_t, LN_EVT_MAX>;

ParamTable param_table(const FieldArg& arg) {
    ParamTable t;
    t.fill(-1);
    for (uint16_t type = 1; type < LN_EVT_MAX; ++type) {
        const auto& params = schema::event_info(type).params;
        if (arg.kind == FieldArg::Kind::Index) {
            if (arg.index < params.size()) t[type] = static_cast<int8_t>(arg.index);
        } else {
            t[type] = static_cast<int8_t>(schema::find_param(type, arg.key));
        }
    }
    return t;
}

bool open_flags(const Event& ev, uint64_t& flags) {
    unsigned idx;
    switch (ev.type()) {
        case LN_EVT_OPEN:
            idx = LN_P_OPEN_FLAGS;
            break;
        case LN_EVT_OPENAT:
            idx = LN_P_OPENAT_FLAGS;
            break;
        case LN_EVT_OPENAT2:
            idx = LN_P_OPENAT2_FLAGS;
            break;
        case LN_EVT_OPEN_BY_HANDLE_AT:
            idx = LN_P_OPEN_BY_HANDLE_AT_FLAGS;
            break;
        case LN_EVT_CREAT:
            flags = O_CREAT | O_WRONLY | O_TRUNC;
            return true;
        default:
            return false;
    }
    auto v = ev.u32(idx);
    if (!v) return false;
    flags = *v;
    return true;
}

bool open_mode(const Event& ev, uint32_t& mode) {
    std::optional<uint32_t> v;
    switch (ev.type()) {
        case LN_EVT_OPEN:
            v = ev.u32(LN_P_OPEN_MODE);
            break;
        case LN_EVT_OPENAT:
            v = ev.u32(LN_P_OPENAT_MODE);
            break;
        case LN_EVT_OPENAT2:
            v = ev.u32(LN_P_OPENAT2_MODE);
            break;
        case LN_EVT_CREAT:
            v = ev.u32(LN_P_CREAT_MODE);
            break;
        default:
            break;
    }
    if (!v) return false;
    mode = *v;
    return true;
}

// First byte-buffer parameter of an event type, -1 if none.
int buffer_param(uint16_t type) {
    static const ParamTable table = [] {
        ParamTable t;
        t.fill(-1);
        for (uint16_t e = 1; e < LN_EVT_MAX; ++e) {
            const auto& params = schema::event_info(e).params;
            for (size_t i = 0; i < params.size(); ++i) {
                if (params[i].type == LN_PT_BYTEBUF) {
                    t[e] = static_cast<int8_t>(i);
                    break;
                }
            }
        }
        return t;
    }();
    return type < LN_EVT_MAX ? table[type] : -1;
}

enum class TimeStyle { Time, TimeS, Iso8601, Datetime, DatetimeS };

void append_time(uint64_t epoch_ns, TimeStyle style, std::string& out) {
    const time_t secs = static_cast<time_t>(epoch_ns / 1000000000);
    const uint64_t nanos = epoch_ns % 1000000000;
    struct tm tm {};
    if (style == TimeStyle::Iso8601)
        gmtime_r(&secs, &tm);
    else
        localtime_r(&secs, &tm);
    auto it = std::back_inserter(out);
    switch (style) {
        case TimeStyle::Time:
            fmt::format_to(it, "{:02}:{:02}:{:02}.{:09}", tm.tm_hour, tm.tm_min, tm.tm_sec, nanos);
            break;
        case TimeStyle::TimeS:
            fmt::format_to(it, "{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
            break;
        case TimeStyle::Iso8601:
            fmt::format_to(it, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z", tm.tm_year + 1900,
                           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, nanos);
            break;
        case TimeStyle::Datetime:
            fmt::format_to(it, "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:09}", tm.tm_year + 1900,
                           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, nanos);
            break;
        case TimeStyle::DatetimeS:
            fmt::format_to(it, "{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm.tm_year + 1900,
                           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
            break;
    }
}

class EvtField final : public BoundField {
  public:
    EvtField(const EvtFieldClass& cls, const FieldDef& def, FieldArg arg, FieldType type,
             const ParamTable& params)
        : BoundField(def, std::move(arg), type, ValueShape::Single),
          cls_(cls),
          id_(static_cast<Id>(&def - kFields)),
          params_(params) {}

    bool extract(const EvalContext& ctx, FieldValues& out) const override;

    std::string value_warning(std::string_view value) const override {
        if (id_ == Id::Dir && value == ">")
            return "Lanner records only syscall exits: 'evt.dir = >' matches no event and "
                   "'evt.dir != >' every event";
        return {};
    }

    std::optional<uint64_t> flag_value(std::string_view symbol) const override {
        if (id_ != Id::Rawarg) return std::nullopt;
        // The symbol must mean the same bits in every flag set this
        // parameter uses across event types.
        std::optional<uint64_t> found;
        for (uint16_t t = 1; t < LN_EVT_MAX; ++t) {
            if (params_[t] < 0) continue;
            const auto& p = schema::event_info(t).params[static_cast<size_t>(params_[t])];
            if (!p.flags) continue;
            auto v = schema::flag_value(*p.flags, symbol);
            if (!v) continue;
            if (found && *found != *v) return std::nullopt;
            found = v;
        }
        return found;
    }

  private:
    bool extract_rawarg(const Event& ev, FieldValues& out) const;

    const EvtFieldClass& cls_;
    Id id_;
    ParamTable params_;
};

bool EvtField::extract_rawarg(const Event& ev, FieldValues& out) const {
    const int idx = ev.type() < LN_EVT_MAX ? params_[ev.type()] : -1;
    if (idx < 0) return false;
    const ParamView p = ev.param(static_cast<unsigned>(idx));
    if (p.empty()) return false;
    const auto ptype = schema::event_info(ev.type()).params[static_cast<size_t>(idx)].type;
    if (type() == FieldType::String) {
        const size_t at = out.begin_owned();
        if (!append_param_plain(ev, static_cast<unsigned>(idx), out.owned())) return false;
        out.end_owned(at);
        return true;
    }
    if (type() == FieldType::Bytes) {
        out.add_view(p.str());
        return true;
    }
    uint64_t v = 0;
    if (!read_integer(p, ptype, v)) return false;
    out.add_num(v);
    return true;
}

bool EvtField::extract(const EvalContext& ctx, FieldValues& out) const {
    const Event& ev = ctx.event();
    const auto& info = schema::event_info(ev.type());
    switch (id_) {
        case Id::Num:
            out.add_num(ev.num);
            return true;
        case Id::Time:
        case Id::TimeS:
        case Id::TimeIso8601:
        case Id::Datetime:
        case Id::DatetimeS: {
            static constexpr TimeStyle styles[] = {TimeStyle::Time, TimeStyle::TimeS,
                                                   TimeStyle::Iso8601, TimeStyle::Datetime,
                                                   TimeStyle::DatetimeS};
            const size_t at = out.begin_owned();
            append_time(ev.ts() + cls_.boot_time(),
                        styles[static_cast<int>(id_) - static_cast<int>(Id::Time)], out.owned());
            out.end_owned(at);
            return true;
        }
        case Id::Rawtime:
            out.add_num(ev.ts() + cls_.boot_time());
            return true;
        case Id::RawtimeS:
            out.add_num((ev.ts() + cls_.boot_time()) / 1000000000);
            return true;
        case Id::RawtimeNs:
            out.add_num((ev.ts() + cls_.boot_time()) % 1000000000);
            return true;
        case Id::Latency:
        case Id::LatencyS:
        case Id::LatencyNs:
            out.add_num(0);
            return true;
        case Id::Dir:
            out.add_view("<");
            return true;
        case Id::Type:
            out.add_view(info.name);
            return true;
        case Id::Cpu:
            out.add_int(ev.hdr().cpu);
            return true;
        case Id::Args:
        case Id::Info: {
            const size_t at = out.begin_owned();
            append_args_text(ev, cls_.resolver(), out.owned());
            out.end_owned(at);
            return true;
        }
        case Id::Arg: {
            const int idx = ev.type() < LN_EVT_MAX ? params_[ev.type()] : -1;
            if (idx < 0) return false;
            const size_t at = out.begin_owned();
            if (!append_param_text(ev, static_cast<unsigned>(idx), cls_.resolver(), out.owned()))
                return false;
            out.end_owned(at);
            return true;
        }
        case Id::Rawarg:
            return extract_rawarg(ev, out);
        case Id::Res: {
            auto res = ev.result();
            if (!res) return false;
            if (*res >= 0) {
                out.add_view("SUCCESS");
                return true;
            }
            if (auto name = errno_name(-*res); !name.empty()) {
                out.add_view(name);
                return true;
            }
            const size_t at = out.begin_owned();
            fmt::format_to(std::back_inserter(out.owned()), "{}", *res);
            out.end_owned(at);
            return true;
        }
        case Id::Rawres: {
            auto res = ev.result();
            if (!res) return false;
            out.add_int(*res);
            return true;
        }
        case Id::Failed: {
            auto res = ev.result();
            if (!res) return false;
            out.add_bool(*res < 0);
            return true;
        }
        case Id::IsIo:
            out.add_bool(info.category == LN_CAT_IO_READ || info.category == LN_CAT_IO_WRITE);
            return true;
        case Id::IsIoRead:
            out.add_bool(info.category == LN_CAT_IO_READ);
            return true;
        case Id::IsIoWrite:
            out.add_bool(info.category == LN_CAT_IO_WRITE);
            return true;
        case Id::IoDir:
            if (info.category == LN_CAT_IO_READ) {
                out.add_view("r");
                return true;
            }
            if (info.category == LN_CAT_IO_WRITE) {
                out.add_view("w");
                return true;
            }
            return false;
        case Id::IsOpenRead:
        case Id::IsOpenWrite:
        case Id::IsOpenExec:
        case Id::IsOpenCreate: {
            uint64_t flags = 0;
            if (!open_flags(ev, flags)) {
                out.add_bool(false);
                return true;
            }
            const uint64_t access = flags & O_ACCMODE;
            bool v = false;
            if (id_ == Id::IsOpenRead) {
                v = access == O_RDONLY || access == O_RDWR;
            } else if (id_ == Id::IsOpenWrite) {
                v = access == O_WRONLY || access == O_RDWR;
            } else if (id_ == Id::IsOpenCreate) {
                v = (flags & O_CREAT) != 0;
            } else {
                uint32_t mode = 0;
                v = (flags & O_CREAT) != 0 && open_mode(ev, mode) &&
                    (mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
            }
            out.add_bool(v);
            return true;
        }
        case Id::Category:
            out.add_view(schema::category_name(info.category));
            return true;
        case Id::Buffer:
        case Id::Buflen: {
            const int idx = buffer_param(ev.type());
            if (idx < 0) return false;
            const ParamView p = ev.param(static_cast<unsigned>(idx));
            if (p.empty() && !p.partial) return false;
            if (id_ == Id::Buffer)
                out.add_view(p.str());
            else
                out.add_num(p.len);
            return true;
        }
        case Id::Hostname:
            out.add_view(cls_.hostname());
            return true;
        case Id::Source:
            out.add_view("syscall");
            return true;
        case Id::Pluginname:
            return false;
    }
    return false;
}

// The field type of evt.rawarg.NAME: the parameter's type across the events
// that have it. Text if any event has it as text; signed if any is signed.
FieldType rawarg_type(const ParamTable& params) {
    bool text = false, bytes = false, numeric = false, is_signed = false, flags = false;
    bool abs = false, rel = false;
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t) {
        if (params[t] < 0) continue;
        const auto pt = schema::event_info(t).params[static_cast<size_t>(params[t])].type;
        if (pt == LN_PT_BYTEBUF)
            bytes = true;
        else if (is_text_param(pt))
            text = true;
        else {
            numeric = true;
            is_signed |= schema::is_signed(pt);
            flags |= is_flags_param(pt);
            abs |= pt == LN_PT_ABSTIME;
            rel |= pt == LN_PT_RELTIME;
        }
    }
    if (text || (bytes && numeric)) return FieldType::String;
    if (bytes) return FieldType::Bytes;
    if (is_signed) return FieldType::Int64;
    if (flags) return FieldType::Flags;
    if (abs && !rel) return FieldType::AbsTime;
    if (rel && !abs) return FieldType::RelTime;
    return FieldType::Uint64;
}

}  // namespace

EvtFieldClass::EvtFieldClass(EvtFieldOptions options)
    : resolver_(options.resolver ? options.resolver : &null_resolver()),
      hostname_(std::move(options.hostname)),
      boot_time_ns_(options.boot_time_ns != 0 ? options.boot_time_ns : boot_time_now()) {
    if (hostname_.empty()) {
        char buf[256] = {};
        if (gethostname(buf, sizeof buf - 1) == 0) hostname_ = buf;
    }
}

std::string_view EvtFieldClass::description() const {
    return "The event record itself: type, parameters, result, time. Available for every event.";
}

std::span<const FieldDef> EvtFieldClass::fields() const {
    return kFields;
}

std::unique_ptr<BoundField> EvtFieldClass::bind(const FieldDef& def, const FieldArg& arg) const {
    const auto id = static_cast<Id>(&def - kFields);
    FieldType type = def.type;
    ParamTable params;
    params.fill(-1);
    if (id == Id::Arg || id == Id::Rawarg) {
        params = param_table(arg);
        const bool any = std::any_of(params.begin(), params.end(), [](int8_t i) { return i >= 0; });
        if (!any) {
            if (arg.kind == FieldArg::Kind::Index)
                throw FieldError(fmt::format("no event has a parameter number {} ({}{})", arg.index,
                                             def.name, arg.text()),
                                 true);
            throw FieldError(fmt::format("no event has a parameter named '{}' ({}{}); "
                                         "docs/events.md lists them",
                                         arg.key, def.name, arg.text()),
                             true);
        }
        if (id == Id::Rawarg) type = rawarg_type(params);
    }
    return std::make_unique<EvtField>(*this, def, arg, type, params);
}

uint64_t EvtFieldClass::boot_time_now() noexcept {
    return boot_time_epoch_ns();
}

}  // namespace lanner::fields
