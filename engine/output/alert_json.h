// An alert as Falco's JSON object, on one line:
//   {"hostname":"h","output":"<the text line>","output_fields":{...},
//    "priority":"Warning","rule":"r","source":"syscall","tags":["a","b"],
//    "time":"2024-01-31T13:03:07.123456789Z"}
// Keys in sorted order, as Falco writes them. "output" is the text line,
// escaped as in text output (so a consumer that prints it to a terminal is
// as safe as the text output); "message" (json_include_message_property)
// is the same without time and priority; "tags" are sorted and unique (a set
// in Falco). "output_fields" has each output field with its typed value
// (null when absent) plus the event time in ns under "evt.time" (or
// "evt.time.iso8601" with time_format_iso_8601), as Falco adds it.
//
// Field values are JSON-encoded (control characters as \u00XX, quotes and
// backslashes escaped), so any bytes give valid JSON. DEL and the code
// points text output escapes for acting on the display (C1 controls, line
// separators, bidirectional controls; output/text_escape.h) are written as
// \uXXXX too: the same JSON value, and a line with no control character in
// it, safe to print on a terminal. Strings that are not
// valid UTF-8 get U+FFFD in place of each invalid byte sequence, which is
// also what Falco does (nlohmann-json's "replace" error handler); the bytes
// stay recoverable from "output", where they appear as \xNN.
#pragma once

#include <string>

#include "output/alert.h"
#include "output/render_options.h"

namespace lanner::output {

// One JSON object, without a trailing newline.
std::string render_json(const Alert& alert, const RenderOptions& options);

}  // namespace lanner::output
