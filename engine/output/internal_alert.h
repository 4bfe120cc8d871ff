// Alerts Lanner raises about itself, shaped as Falco's internal messages
// (falco_outputs::handle_msg): source "internal", no tags, the rule a name
// such as "Lanner internal: syscall event drop", and the text
//
//   13:03:07.123456789: Debug <message> (n_drops=12 sink="http x")
//
// with the output fields after the message, strings quoted (Falco writes
// them as JSON values). The JSON form has the same output_fields, typed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "output/alert.h"

namespace lanner::output {

inline constexpr const char* kInternalSource = "internal";

// `message` is Lanner's own text (escaped here like any alert text).
Alert internal_alert(std::string rule, rules::Priority priority, std::string_view message,
                     std::vector<OutputField> fields, uint64_t time_ns, std::string hostname);

// Wall-clock time now, ns since the epoch.
uint64_t wall_clock_ns() noexcept;

}  // namespace lanner::output
