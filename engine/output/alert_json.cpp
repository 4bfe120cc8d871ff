#include "output/alert_json.h"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "output/alert_text.h"
#include "output/text_escape.h"

namespace lanner::output {
namespace {

nlohmann::json to_json(const OutputValue& v) {
    switch (v.kind) {
        case OutputValue::Kind::Null:
            return nullptr;
        case OutputValue::Kind::Bool:
            return v.boolean;
        case OutputValue::Kind::Int:
            return v.int_value;
        case OutputValue::Kind::Uint:
            return v.uint_value;
        case OutputValue::Kind::String:
            return v.text;
        case OutputValue::Kind::List: {
            auto list = nlohmann::json::array();
            for (const auto& item : v.items) list.push_back(to_json(item));
            return list;
        }
    }
    return nullptr;
}

// nlohmann-json writes DEL and every code point from U+0080 on as they are.
// Writing DEL, the C1 controls, the line separators and the bidirectional
// formatting characters as \uXXXX instead gives the same JSON value, and a
// line that is as harmless on a terminal as the text output. These bytes
// occur only inside strings, so the pass can work on bytes.
std::string display_safe(std::string s) {
    size_t i = 0;
    while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x7f) ++i;
    if (i == s.size()) return s;
    std::string out(s, 0, i);
    out.reserve(s.size() + 16);
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x7f) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        const size_t len = c == 0x7f ? 1 : utf8_sequence_length(std::string_view(s).substr(i));
        const uint32_t cp = len ? utf8_code_point(std::string_view(s).substr(i), len) : 0;
        if (len && (c == 0x7f || is_display_control(cp))) {
            fmt::format_to(std::back_inserter(out), "\\u{:04x}", cp);
        } else {
            out.append(s, i, len ? len : 1);  // (the dump is valid UTF-8)
        }
        i += len ? len : 1;
    }
    return out;
}

}  // namespace

std::string render_json(const Alert& alert, const RenderOptions& options) {
    nlohmann::json j;
    std::string time;
    append_json_time(alert.time_ns, time);
    j["time"] = std::move(time);
    j["rule"] = alert.rule;
    j["priority"] = rules::priority_name(alert.priority);
    j["source"] = alert.source;
    j["hostname"] = alert.hostname;
    if (options.json_include_output_property) j["output"] = render_text(alert, options);
    if (options.json_include_message_property) j["message"] = alert.message;
    if (options.json_include_tags_property)
        j["tags"] = std::set<std::string>(alert.tags.begin(), alert.tags.end());
    if (options.json_include_output_fields_property) {
        auto fields = nlohmann::json::object();
        fields[options.time_format_iso_8601 ? "evt.time.iso8601" : "evt.time"] = alert.time_ns;
        for (const auto& f : alert.fields) fields[f.name] = to_json(f.value);
        j["output_fields"] = std::move(fields);
    }
    return display_safe(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace lanner::output
