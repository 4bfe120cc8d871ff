#include "rules/ruleset.h"

#include <algorithm>

#include "rules/condition_optimizer.h"

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
    enabled_programs_.assign(all_programs_.size(), {});
    for (size_t t = 0; t < all_programs_.size(); ++t)
        for (const RuleProgram& p : all_programs_[t])
            if (rules_[p.rule].enabled) enabled_programs_[t].push_back(p);
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
    BuiltPrograms built = build_programs(set_->rules_, set_->slots_, set_->nodes_);
    set_->programs_ = std::move(built.store);
    set_->all_programs_ = std::move(built.by_type);
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
    const ProgramStore& programs = ruleset_->programs();
    for (const RuleProgram& p : ruleset_->programs_for(ev.type())) {
        if (!programs.run(p.entry, state_)) continue;
        matches.push_back(&rules[p.rule]);
        if (matching_ == RuleMatching::First) return;
    }
}

}  // namespace lanner::rules
