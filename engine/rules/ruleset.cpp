#include "rules/ruleset.h"

#include <algorithm>

namespace lanner::rules {

const CompiledRule* CompiledRuleset::find(std::string_view name) const noexcept {
    for (const auto& r : rules_)
        if (r.name == name) return &r;
    return nullptr;
}

bool CompiledRuleset::set_enabled(std::string_view name, bool enabled) {
    for (auto& r : rules_) {
        if (r.name != name) continue;
        r.enabled = enabled;
        reindex();
        return true;
    }
    return false;
}

size_t CompiledRuleset::set_enabled_by_tag(std::string_view tag, bool enabled) {
    size_t n = 0;
    for (auto& r : rules_) {
        if (std::find(r.tags.begin(), r.tags.end(), tag) == r.tags.end()) continue;
        r.enabled = enabled;
        ++n;
    }
    if (n) reindex();
    return n;
}

void CompiledRuleset::reindex() {
    index_.assign(LN_EVT_MAX, {});
    enabled_types_ = EventTypeSet();
    for (const auto& r : rules_) {
        if (!r.enabled) continue;
        for (uint16_t t : r.event_types.types()) index_[t].push_back(r.id);
        enabled_types_ = enabled_types_ | r.event_types;
    }
}

RulesetBuilder::RulesetBuilder(std::shared_ptr<const fields::FieldRegistry> registry)
    : set_(std::make_shared<CompiledRuleset>()) {
    set_->registry_ = std::move(registry);
}

void RulesetBuilder::add_rule(CompiledRule rule) {
    rule.id = static_cast<uint32_t>(set_->rules_.size());
    set_->rules_.push_back(std::move(rule));
}

std::shared_ptr<CompiledRuleset> RulesetBuilder::finish() {
    set_->reindex();
    return std::move(set_);
}

RuleEvaluator::RuleEvaluator(std::shared_ptr<const CompiledRuleset> ruleset, RuleMatching matching)
    : ruleset_(std::move(ruleset)),
      matching_(matching),
      state_(ruleset_->slots(), ruleset_->memo_count()) {}

void RuleEvaluator::evaluate(const Event& ev, std::vector<const CompiledRule*>& matches) {
    matches.clear();
    state_.begin(ev);
    const auto rules = ruleset_->rules();
    for (uint32_t id : ruleset_->rules_for(ev.type())) {
        const CompiledRule& rule = rules[id];
        if (!rule.condition->eval(state_)) continue;
        matches.push_back(&rule);
        if (matching_ == RuleMatching::First) return;
    }
}

}  // namespace lanner::rules
