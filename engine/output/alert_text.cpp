#include "output/alert_text.h"

#include <time.h>

#include <fmt/format.h>

namespace lanner::output {
namespace {

struct Split {
    struct tm tm {};
    uint64_t nanos = 0;
};

Split split(uint64_t epoch_ns, bool utc) {
    Split s;
    const auto secs = static_cast<time_t>(epoch_ns / 1000000000);
    s.nanos = epoch_ns % 1000000000;
    // Local time at the event itself (libsinsp applies the offset in force
    // now, which differs only for events on the other side of a DST change).
    if (utc)
        gmtime_r(&secs, &s.tm);
    else
        localtime_r(&secs, &s.tm);
    return s;
}

}  // namespace

void append_text_time(uint64_t epoch_ns, bool iso8601, std::string& out) {
    const Split s = split(epoch_ns, iso8601);
    auto it = std::back_inserter(out);
    if (iso8601)
        fmt::format_to(it, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}+0000", s.tm.tm_year + 1900,
                       s.tm.tm_mon + 1, s.tm.tm_mday, s.tm.tm_hour, s.tm.tm_min, s.tm.tm_sec,
                       s.nanos);
    else
        fmt::format_to(it, "{:02}:{:02}:{:02}.{:09}", s.tm.tm_hour, s.tm.tm_min, s.tm.tm_sec,
                       s.nanos);
}

void append_json_time(uint64_t epoch_ns, std::string& out) {
    const Split s = split(epoch_ns, true);
    fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
                   s.tm.tm_year + 1900, s.tm.tm_mon + 1, s.tm.tm_mday, s.tm.tm_hour, s.tm.tm_min,
                   s.tm.tm_sec, s.nanos);
}

std::string render_text(const Alert& alert, const RenderOptions& options) {
    std::string line;
    const std::string_view priority = rules::priority_name(alert.priority);
    line.reserve(32 + priority.size() + alert.message.size());
    append_text_time(alert.time_ns, options.time_format_iso_8601, line);
    line += ": ";
    line += priority;
    line += ' ';
    line += alert.message;
    return line;
}

}  // namespace lanner::output
