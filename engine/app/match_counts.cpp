#include "app/match_counts.h"

#include <cctype>

#include <fmt/format.h>

namespace lanner::app {

void MatchCounts::print(std::FILE* out) const {
    fmt::print(out, "Events detected: {}\n", total_);
    fmt::print(out, "Rule counts by severity:\n");
    for (size_t p = 0; p < by_priority_.size(); ++p) {
        if (by_priority_[p] == 0) continue;
        std::string name(rules::priority_name(static_cast<rules::Priority>(p)));
        for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        fmt::print(out, "   {}: {}\n", name, by_priority_[p]);
    }
    fmt::print(out, "Triggered rules by rule name:\n");
    for (const auto& [name, c] : by_rule_) fmt::print(out, "   {}: {}\n", name, c.count);
}

}  // namespace lanner::app
