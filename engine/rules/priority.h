// Rule priorities, Falco's scale from emergency (most severe) to debug.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lanner::rules {

enum class Priority : uint8_t {
    Emergency = 0,
    Alert = 1,
    Critical = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Informational = 6,
    Debug = 7,
};

// Case-insensitive; accepts Falco's names and the short forms "info" and "warn".
std::optional<Priority> parse_priority(std::string_view text) noexcept;
// "Emergency" ... "Debug", as Falco prints them in alerts.
std::string_view priority_name(Priority p) noexcept;

}  // namespace lanner::rules
