// Applying the configuration's rule settings to a loaded ruleset: the
// `rules:` enable/disable selectors, in order, then the minimum `priority`.
//
//   auto loaded = rules::RulesLoader(registry).add_path(...).load();
//   RuleConfigReport rep = apply_rule_config(cfg, *loaded.ruleset);
//   for (const auto& w : rep.warnings) log::warn("{}", w);
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "rules/ruleset.h"

namespace lanner::config {

// Falco's rule-name wildcards: '*' matches any run of characters (none
// included); every other character, '?' and '[' too, matches itself.
bool wildcard_match(std::string_view pattern, std::string_view text) noexcept;

// Applies the selectors in order, each after the previous ones (so
// `disable: {rule: "*"}` then `enable: {...}` leaves only those enabled).
// A selector naming both a rule and a tag applies both. Returns, per
// selector, how many rules it matched.
std::vector<size_t> apply_rule_selectors(std::span<const RuleSelector> selectors,
                                         rules::CompiledRuleset& ruleset);

// Disables every rule less severe than `min`. Returns how many it disabled.
size_t apply_min_priority(rules::Priority min, rules::CompiledRuleset& ruleset);

struct RuleConfigReport {
    std::vector<size_t> selector_matches;  // per entry of cfg.rules
    size_t below_priority = 0;             // rules disabled by cfg.priority
    std::vector<std::string> warnings;     // "rules[1]: disable {tag: nework} matched no rule"
};

// The selectors, then the priority threshold (a rule below the minimum stays
// off even when a selector enables it, as in Falco where it is not loaded).
RuleConfigReport apply_rule_config(const Config& cfg, rules::CompiledRuleset& ruleset);

// The throttle for one rule: the first throttle.rules entry matching its
// name, with what that entry leaves out taken from the global setting.
struct ThrottleLimits {
    double rate = 0;  // alerts per second regained; 0: not throttled
    uint32_t burst = 0;
};
ThrottleLimits throttle_for(const Throttle& throttle, std::string_view rule_name) noexcept;

}  // namespace lanner::config
