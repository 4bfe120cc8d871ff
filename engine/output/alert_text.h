// An alert as Falco's text line:
//   "14:03:07.123456789: Warning Sensitive file opened (file=/etc/shadow ...)"
// The time is local (TZ), HH:MM:SS.nnnnnnnnn; with time_format_iso_8601 it
// is UTC in libsinsp's ISO form, "2024-01-31T13:03:07.123456789+0000". Then
// the priority as Falco names it ("Warning", "Informational") and the
// alert's message, whose field values are already escaped.
#pragma once

#include <cstdint>
#include <string>

#include "output/alert.h"
#include "output/render_options.h"

namespace lanner::output {

// The time prefix alone, as above (without the ": ").
void append_text_time(uint64_t epoch_ns, bool iso8601, std::string& out);

// The JSON "time": UTC, nanoseconds, 'Z' ("2024-01-31T13:03:07.123456789Z").
void append_json_time(uint64_t epoch_ns, std::string& out);

// The whole line, without a trailing newline.
std::string render_text(const Alert& alert, const RenderOptions& options);

}  // namespace lanner::output
