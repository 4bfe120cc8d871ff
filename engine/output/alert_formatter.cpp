#include "output/alert_formatter.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "fields/value_text.h"
#include "output/text_escape.h"

namespace lanner::output {
namespace {

using fields::FieldType;
using fields::FieldValues;
using fields::ValueShape;
using rules::SlotSpec;

// Falco's JSON carries the event time in ns for these fields, whatever
// their text form (libsinsp's evt.time extracts as a number in JSON).
bool is_time_text_field(const SlotSpec& spec) {
    if (!spec.field) return false;
    static constexpr std::string_view kNames[] = {"evt.time", "evt.time.s", "evt.time.iso8601",
                                                  "evt.datetime", "evt.datetime.s"};
    const std::string_view name = spec.field->def().name;
    return spec.field->arg().empty() &&
           std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// A slot's values as alert text, unescaped: <NA> when absent, a list as
// Falco prints one, "(a,b,c)", several candidates (proc.aname) as the first.
void append_slot_text(const SlotSpec& spec, const FieldValues* values, std::string& out) {
    if (values && spec.shape == ValueShape::List) {
        out += '(';
        for (size_t i = 0; i < values->size(); ++i) {
            if (i) out += ',';
            fields::append_value_text(spec.type, (*values)[i], out);
        }
        out += ')';
        return;
    }
    if (!values || values->empty()) {
        out += fields::kAbsentText;
        return;
    }
    fields::append_value_text(spec.type, (*values)[0], out);
}

OutputValue typed_value(FieldType type, const fields::Scalar& v) {
    switch (type) {
        case FieldType::Int64:
            return OutputValue::of_int(v.as_int());
        case FieldType::Uint64:
        case FieldType::Port:
        case FieldType::Flags:
        case FieldType::AbsTime:
        case FieldType::RelTime:
            return OutputValue::of_uint(v.num);
        case FieldType::Bool:
            return OutputValue::of_bool(v.num != 0);
        case FieldType::String:
        case FieldType::Bytes:
        case FieldType::IpAddr:
        case FieldType::IpNet:
        case FieldType::StringList:
            break;
    }
    std::string text;
    fields::append_value_text(type, v, text);
    return OutputValue::of_string(std::move(text));
}

OutputValue slot_value(const SlotSpec& spec, const FieldValues* values, uint64_t event_time) {
    if (!values) return OutputValue::null();
    if (is_time_text_field(spec)) return OutputValue::of_uint(event_time);
    if (spec.shape == ValueShape::List) {
        OutputValue list;
        list.kind = OutputValue::Kind::List;
        for (const auto& v : values->values()) list.items.push_back(typed_value(spec.type, v));
        return list;
    }
    if (values->empty()) return OutputValue::null();
    return typed_value(spec.type, (*values)[0]);
}

void set_field(std::vector<OutputField>& fields, std::string_view name, OutputValue value,
               bool replace) {
    for (auto& f : fields) {
        if (f.name != name) continue;
        if (replace) f.value = std::move(value);
        return;
    }
    fields.push_back({std::string(name), std::move(value)});
}

}  // namespace

AlertFormatter::AlertFormatter(FormatOptions options) : options_(std::move(options)) {
    if (options_.hostname.empty()) options_.hostname = default_hostname();
}

Alert AlertFormatter::format(const rules::CompiledRule& rule, rules::RuleEvaluator& eval,
                             uint64_t event_ts) {
    const auto& slots = eval.ruleset().slots();
    Alert a;
    a.rule = rule.name;
    a.priority = rule.priority;
    a.source = rule.source;
    a.tags = rule.tags;
    a.time_ns = event_ts + options_.boot_time_ns;
    a.hostname = options_.hostname;
    a.fields.reserve(rule.output_parts.size() / 2 + 1 + rule.extra_fields.size());
    a.message.reserve(rule.output.size() + 8 * a.fields.capacity());

    bool first = true;
    for (const auto& part : rule.output_parts) {
        if (part.slot < 0) {
            std::string_view text = part.text;
            // A leading '*' is libsinsp's "print even with absent values"
            // marker, which Falco strips.
            if (first && text.starts_with('*')) text.remove_prefix(1);
            append_escaped(text, a.message);
        } else {
            const auto slot = static_cast<uint32_t>(part.slot);
            const SlotSpec& spec = slots[slot];
            const FieldValues* values = eval.values(slot);
            scratch_.clear();
            append_slot_text(spec, values, scratch_);
            append_escaped(scratch_, a.message);
            set_field(a.fields, spec.name, slot_value(spec, values, a.time_ns), false);
        }
        first = false;
    }

    for (const auto& extra : rule.extra_fields) {
        OutputValue value;
        if (extra.raw_slot >= 0) {
            const auto slot = static_cast<uint32_t>(extra.raw_slot);
            value = slot_value(slots[slot], eval.values(slot), a.time_ns);
        } else {
            std::string text;
            for (const auto& part : extra.parts) {
                if (part.slot < 0) {
                    text += part.text;
                } else {
                    const auto slot = static_cast<uint32_t>(part.slot);
                    append_slot_text(slots[slot], eval.values(slot), text);
                }
            }
            value = OutputValue::of_string(std::move(text));
        }
        set_field(a.fields, extra.key, std::move(value), true);
    }
    return a;
}

std::string default_hostname() {
    for (const char* var : {"LANNER_HOSTNAME", "FALCO_HOSTNAME"}) {
        const char* v = std::getenv(var);
        if (v && *v) return v;
    }
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return {};
    return buf;
}

}  // namespace lanner::output
