#include "config/rule_selection.h"

#include <algorithm>

#include <fmt/format.h>

namespace lanner::config {

bool wildcard_match(std::string_view pattern, std::string_view text) noexcept {
    // Greedy match with backtracking to the last '*': linear for patterns
    // with one star, never worse than |pattern| * |text|.
    size_t p = 0, t = 0;
    size_t star = std::string_view::npos, star_text = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            star_text = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++star_text;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::vector<size_t> apply_rule_selectors(std::span<const RuleSelector> selectors,
                                         rules::CompiledRuleset& ruleset) {
    std::vector<size_t> matches;
    matches.reserve(selectors.size());
    for (const auto& sel : selectors) {
        const bool enable = sel.op == RuleSelector::Op::Enable;
        size_t n = 0;
        if (!sel.rule.empty()) {
            std::vector<std::string> names;
            for (const auto& r : ruleset.rules())
                if (wildcard_match(sel.rule, r.name)) names.push_back(r.name);
            for (const auto& name : names) ruleset.set_enabled(name, enable);
            n += names.size();
        }
        if (!sel.tag.empty()) n += ruleset.set_enabled_by_tag(sel.tag, enable);
        matches.push_back(n);
    }
    return matches;
}

size_t apply_min_priority(rules::Priority min, rules::CompiledRuleset& ruleset) {
    std::vector<std::string> below;
    for (const auto& r : ruleset.rules())
        if (r.priority > min && r.enabled) below.push_back(r.name);  // larger: less severe
    for (const auto& name : below) ruleset.set_enabled(name, false);
    return below.size();
}

RuleConfigReport apply_rule_config(const Config& cfg, rules::CompiledRuleset& ruleset) {
    RuleConfigReport rep;
    rep.selector_matches = apply_rule_selectors(cfg.rules, ruleset);
    for (size_t i = 0; i < cfg.rules.size(); ++i) {
        if (rep.selector_matches[i]) continue;
        const auto& sel = cfg.rules[i];
        std::string what;
        if (!sel.rule.empty()) what = fmt::format("rule: '{}'", sel.rule);
        if (!sel.tag.empty()) what += fmt::format("{}tag: '{}'", what.empty() ? "" : ", ", sel.tag);
        rep.warnings.push_back(
            fmt::format("rules[{}]: {} {{{}}} matched no rule", i,
                        sel.op == RuleSelector::Op::Enable ? "enable" : "disable", what));
    }
    rep.below_priority = apply_min_priority(cfg.priority, ruleset);
    return rep;
}

ThrottleLimits throttle_for(const Throttle& throttle, std::string_view rule_name) noexcept {
    ThrottleLimits limits{throttle.rate, throttle.burst};
    for (const auto& r : throttle.rules) {
        if (!wildcard_match(r.rule, rule_name)) continue;
        if (r.rate) limits.rate = *r.rate;
        if (r.burst) limits.burst = *r.burst;
        break;
    }
    return limits;
}

}  // namespace lanner::config
