// What a rule match produces: everything an output needs, owned, so it can
// cross to the sink threads after the event it came from is gone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rules/priority.h"

namespace lanner::output {

// The value of an output field as JSON alerts carry it: numbers as numbers,
// booleans, strings, null for an absent value, lists as arrays.
struct OutputValue {
    enum class Kind : uint8_t { Null, Bool, Int, Uint, String, List };
    Kind kind = Kind::Null;
    bool boolean = false;
    int64_t int_value = 0;
    uint64_t uint_value = 0;
    std::string text;                // String: the value as extracted (not escaped)
    std::vector<OutputValue> items;  // List

    static OutputValue null() { return {}; }
    static OutputValue of_bool(bool b) {
        OutputValue v;
        v.kind = Kind::Bool;
        v.boolean = b;
        return v;
    }
    static OutputValue of_int(int64_t n) {
        OutputValue v;
        v.kind = Kind::Int;
        v.int_value = n;
        return v;
    }
    static OutputValue of_uint(uint64_t n) {
        OutputValue v;
        v.kind = Kind::Uint;
        v.uint_value = n;
        return v;
    }
    static OutputValue of_string(std::string s) {
        OutputValue v;
        v.kind = Kind::String;
        v.text = std::move(s);
        return v;
    }
};

struct OutputField {
    std::string name;  // "proc.name", "tolower(fd.name)", or an extra field's key
    OutputValue value;
};

struct Alert {
    std::string rule;
    rules::Priority priority = rules::Priority::Debug;
    std::string source;
    std::vector<std::string> tags;  // as the rule lists them
    uint64_t time_ns = 0;           // event time, ns since the epoch
    std::string hostname;
    // The rule's output with its fields substituted and escaped for text
    // (output/text_escape.h): Falco's "message", without time and priority.
    std::string message;
    // The fields of the output and the rule's extra fields, in order of first
    // appearance, each once (JSON output_fields).
    std::vector<OutputField> fields;
};

}  // namespace lanner::output
