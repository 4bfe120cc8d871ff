// From the compiled condition trees to the programs the evaluator runs
// (condition_program.h), one per rule and event type:
//
// - Specialised by event type: for a rule that can match few event types,
//   each type gets its own program in which every evt.type test is a
//   constant, so branches that cannot hold for that type disappear (and
//   rules that cannot match it at all leave its index).
// - Simplified: constants fold, nested and/or flatten, double negations go,
//   macros that fold to one check are that check.
// - Merged: in an `or`, the `=`, `in`, `startswith` and `endswith` tests of
//   one field become one TextAlternatives test; in an `and`, so do the
//   negated ones (`not a in (x) and not a startswith y`).
// - Ordered: in an and or an or, checks of fields that build their text
//   (FieldDef::builds_text: evt.arg.*, proc.cmdline...) and of transformers
//   move after the others, so that a cheap check that decides the outcome
//   spares formatting the text.
// - Shared: a macro that several places of an event type's programs use is
//   a memoised sub-program; one used once is inlined.
//
// The trees stay as they are (the reference semantics: tests check that the
// programs agree with them); merged checks are new nodes added to `nodes`.
// Conditions are pure functions of the event, so the order in which checks
// run and how often they run never changes a result.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "rules/condition_program.h"
#include "rules/eval_node.h"
#include "rules/eval_state.h"

namespace lanner::rules {

struct CompiledRule;

struct ProgramOptions {
    // Rules that can match more event types than this get one program for
    // all of them (their evt.type tests stay tests), which bounds the
    // programs' size for conditions that barely restrict the type.
    size_t max_specialised_types = 24;
};

struct BuiltPrograms {
    ProgramStore store;
    // By event type: every rule (enabled or not) that can match it, in rule
    // order, except those whose program for the type is constantly false.
    std::vector<std::vector<RuleProgram>> by_type;
};

BuiltPrograms build_programs(std::span<const CompiledRule> rules,
                             const std::vector<SlotSpec>& slots,
                             std::vector<std::unique_ptr<Node>>& nodes,
                             const ProgramOptions& options = {});

}  // namespace lanner::rules
