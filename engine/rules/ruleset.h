// Compiled rules, indexed by event type, and their evaluation.
//
//   auto result = RulesLoader(registry).add_path("rules/").load();
//   RuleEvaluator eval(result.ruleset);
//   std::vector<const CompiledRule*> matches;
//   for each event: eval.evaluate(ev, matches);  // runs only the rules for ev's type
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fields/field_registry.h"
#include "rules/condition_program.h"
#include "rules/eval_node.h"
#include "rules/event_type_set.h"
#include "rules/priority.h"
#include "rules/source_text.h"

namespace lanner::rules {

// A piece of a rule's output: literal text, or the values of a slot
// (%proc.name) that the output formatter prints (<NA> when absent).
struct OutputPart {
    std::string text;
    int32_t slot = -1;  // -1 for literal text
};

// A field added to a rule's JSON output_fields only (Falco's append_output
// extra_fields): a formatted string, or the typed value of one field.
struct CompiledExtraField {
    std::string key;
    std::vector<OutputPart> parts;  // formatted: printed as one string
    int32_t raw_slot = -1;          // raw: this slot's value, typed; -1 when formatted
};

struct CompiledRule {
    uint32_t id = 0;  // position in CompiledRuleset::rules()
    std::string name;
    std::string description;
    // As compiled: the rule's output, trimmed, with %container.info expanded
    // and extra outputs appended (rules/extra_output.h).
    std::string output;
    std::vector<OutputPart> output_parts;
    std::vector<CompiledExtraField> extra_fields;
    Priority priority = Priority::Debug;
    std::string source;
    std::vector<std::string> tags;
    bool enabled = true;
    EventTypeSet event_types;  // the events the condition can match
    // The condition as compiled: the reference semantics. The evaluator runs
    // the programs built from it (CompiledRuleset::programs_for).
    const Node* condition = nullptr;
    std::string file;  // where the rule is defined
    LineCol position;
};

class CompiledRuleset {
  public:
    std::span<const CompiledRule> rules() const noexcept { return rules_; }
    const CompiledRule* find(std::string_view name) const noexcept;

    // Turns rules on or off (Falco's -D/-t/-T and rule_matching work on
    // top of this). Not while a RuleEvaluator is evaluating.
    bool set_enabled(std::string_view name, bool enabled);
    size_t set_enabled_by_tag(std::string_view tag, bool enabled);

    // The event types the enabled rules can match: what the drivers must
    // record for them (source/interest.h turns them into syscalls).
    EventTypeSet event_types() const noexcept { return enabled_types_; }
    // Enabled rules that can match events of `type`, in rule order.
    std::span<const uint32_t> rules_for(uint16_t type) const noexcept {
        return type < index_.size() ? std::span<const uint32_t>(index_[type])
                                    : std::span<const uint32_t>();
    }

    // The programs of the enabled rules for events of `type`, in rule
    // order, without those that cannot hold for the type; run them with
    // programs().run(entry, state).
    std::span<const RuleProgram> programs_for(uint16_t type) const noexcept {
        return type < enabled_programs_.size()
                   ? std::span<const RuleProgram>(enabled_programs_[type])
                   : std::span<const RuleProgram>();
    }
    const ProgramStore& programs() const noexcept { return programs_; }

    const std::vector<SlotSpec>& slots() const noexcept { return slots_; }
    size_t memo_count() const noexcept { return memo_count_; }

  private:
    friend class RulesetBuilder;
    void reindex();

    std::shared_ptr<const fields::FieldRegistry> registry_;  // owns the bound fields' classes
    std::vector<SlotSpec> slots_;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::vector<CompiledRule> rules_;
    std::vector<std::vector<uint32_t>> index_;  // enabled rule ids by event type
    EventTypeSet enabled_types_;
    size_t memo_count_ = 0;
    ProgramStore programs_;
    std::vector<std::vector<RuleProgram>> all_programs_;      // every rule's, by event type
    std::vector<std::vector<RuleProgram>> enabled_programs_;  // the enabled rules', by event type
};

// Where the compiler puts what it builds; becomes a CompiledRuleset.
class RulesetBuilder {
  public:
    explicit RulesetBuilder(std::shared_ptr<const fields::FieldRegistry> registry);

    template <typename T, typename... Args>
    const T* make(Args&&... args) {
        auto node = std::make_unique<T>(std::forward<Args>(args)...);
        const T* raw = node.get();
        set_->nodes_.push_back(std::move(node));
        return raw;
    }
    std::vector<SlotSpec>& slots() noexcept { return set_->slots_; }
    uint32_t new_memo() noexcept { return static_cast<uint32_t>(set_->memo_count_++); }
    void add_rule(CompiledRule rule);
    std::shared_ptr<CompiledRuleset> finish();

  private:
    std::shared_ptr<CompiledRuleset> set_;
};

// How many rules an event may trigger (falco.yaml rule_matching).
enum class RuleMatching : uint8_t {
    First,  // stop at the first matching rule, in rule order (Falco's default)
    All,    // every matching rule
};

// Evaluates a ruleset event by event. One per thread: it holds the per-event
// caches. Nothing allocates per event once the caches have grown.
class RuleEvaluator {
  public:
    explicit RuleEvaluator(std::shared_ptr<const CompiledRuleset> ruleset,
                           RuleMatching matching = RuleMatching::First);

    // Runs the enabled rules that can match `ev` and puts those that match
    // in `matches` (cleared first).
    void evaluate(const Event& ev, std::vector<const CompiledRule*>& matches);

    // Values of a slot (an output field) for the event last evaluated;
    // nullptr when absent.
    const fields::FieldValues* values(uint32_t slot) { return state_.values(slot); }

    const CompiledRuleset& ruleset() const noexcept { return *ruleset_; }
    void set_matching(RuleMatching m) noexcept { matching_ = m; }

  private:
    std::shared_ptr<const CompiledRuleset> ruleset_;
    RuleMatching matching_;
    EvalState state_;
};

}  // namespace lanner::rules
