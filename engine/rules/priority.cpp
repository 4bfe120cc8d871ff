#include "rules/priority.h"

#include <strings.h>

#include <array>
#include <string>

namespace lanner::rules {
namespace {
constexpr std::array<std::string_view, 8> kNames = {
    "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"};

bool equal_nocase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

std::optional<Priority> parse_priority(std::string_view text) noexcept {
    for (size_t i = 0; i < kNames.size(); ++i)
        if (equal_nocase(text, kNames[i])) return static_cast<Priority>(i);
    if (equal_nocase(text, "info")) return Priority::Informational;
    if (equal_nocase(text, "warn")) return Priority::Warning;
    return std::nullopt;
}

std::string_view priority_name(Priority p) noexcept {
    const auto i = static_cast<size_t>(p);
    return i < kNames.size() ? kNames[i] : "Unknown";
}

}  // namespace lanner::rules
