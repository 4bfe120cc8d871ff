// Falco's `priority` (minimum) applied to a ruleset: rules less severe than
// the minimum are disabled, as Falco does when it loads them. Matching then
// never spends time on them, the drivers do not record events only they
// need, and with rule_matching: first they cannot shadow a more severe rule
// that matches the same event. AlertFormatter::wants() applies the same
// threshold to each match, for rules enabled again later.
#pragma once

#include <cstddef>

#include "rules/priority.h"
#include "rules/ruleset.h"

namespace lanner::output {

// Disables the enabled rules whose priority is less severe than `minimum`;
// returns how many. Before any RuleEvaluator uses the ruleset.
size_t disable_below_priority(rules::CompiledRuleset& ruleset, rules::Priority minimum);

}  // namespace lanner::output
