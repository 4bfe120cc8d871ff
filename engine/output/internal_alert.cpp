#include "output/internal_alert.h"

#include <time.h>

#include <fmt/format.h>

#include "output/text_escape.h"

namespace lanner::output {
namespace {

void append_value(const OutputValue& v, std::string& out) {
    switch (v.kind) {
        case OutputValue::Kind::Null:
            out += "null";
            return;
        case OutputValue::Kind::Bool:
            out += v.boolean ? "true" : "false";
            return;
        case OutputValue::Kind::Int:
            fmt::format_to(std::back_inserter(out), "{}", v.int_value);
            return;
        case OutputValue::Kind::Uint:
            fmt::format_to(std::back_inserter(out), "{}", v.uint_value);
            return;
        case OutputValue::Kind::String:
            out += '"';
            append_escaped(v.text, out);
            out += '"';
            return;
        case OutputValue::Kind::List: {
            out += '(';
            for (size_t i = 0; i < v.items.size(); ++i) {
                if (i) out += ',';
                append_value(v.items[i], out);
            }
            out += ')';
            return;
        }
    }
}

}  // namespace

Alert internal_alert(std::string rule, rules::Priority priority, std::string_view message,
                     std::vector<OutputField> fields, uint64_t time_ns, std::string hostname) {
    Alert a;
    a.rule = std::move(rule);
    a.priority = priority;
    a.source = kInternalSource;
    a.time_ns = time_ns;
    a.hostname = std::move(hostname);
    append_escaped(message, a.message);
    if (!fields.empty()) {
        a.message += " (";
        for (size_t i = 0; i < fields.size(); ++i) {
            if (i) a.message += ' ';
            append_escaped(fields[i].name, a.message);
            a.message += '=';
            append_value(fields[i].value, a.message);
        }
        a.message += ')';
    }
    a.fields = std::move(fields);
    return a;
}

uint64_t wall_clock_ns() noexcept {
    struct timespec ts {};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace lanner::output
