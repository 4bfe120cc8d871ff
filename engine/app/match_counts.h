// Matches counted by rule and priority, printed at the end of a run the way
// Falco prints its "Events detected" summary.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "rules/priority.h"
#include "rules/ruleset.h"

namespace lanner::app {

class MatchCounts {
  public:
    struct RuleCount {
        rules::Priority priority = rules::Priority::Debug;
        uint64_t count = 0;
    };

    void add(const rules::CompiledRule& rule) {
        ++total_;
        ++by_priority_[static_cast<size_t>(rule.priority)];
        RuleCount& c = by_rule_[rule.name];
        c.priority = rule.priority;
        ++c.count;
    }
    uint64_t total() const noexcept { return total_; }
    const std::map<std::string, RuleCount>& by_rule() const noexcept { return by_rule_; }
    uint64_t by_priority(rules::Priority p) const noexcept {
        return by_priority_[static_cast<size_t>(p)];
    }

    // "Events detected: N", then counts by priority and by rule.
    void print(std::FILE* out) const;

  private:
    uint64_t total_ = 0;
    std::array<uint64_t, 8> by_priority_{};
    std::map<std::string, RuleCount> by_rule_;
};

}  // namespace lanner::app
