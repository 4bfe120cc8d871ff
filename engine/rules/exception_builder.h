// Rule exceptions become part of the condition, as in Falco:
//
//   (condition) and not ((f1 c1 v1 and f2 c2 v2) or (f1 c1 v3 and f2 c2 v4))
//
// for the tuple form (fields: [f1, f2]), and `and not (f in (v1, v2))` for
// the single-field form. The text is built piece by piece so that an error
// in an exception value points at that value in the rules file.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "rules/diagnostics.h"
#include "rules/rule_items.h"
#include "rules/source_text.h"

namespace lanner::rules {

// Validates a rule's exceptions (comps, lengths; `is_field` tells known
// fields) and returns the condition with them appended. Reports problems as
// errors for `item` and returns nullopt.
using FieldCheck = std::function<bool(const std::string& name)>;
std::optional<MappedText> condition_with_exceptions(const RuleInfo& rule,
                                                    const FieldCheck& is_field,
                                                    const std::string& item,
                                                    Diagnostics& diagnostics);

}  // namespace lanner::rules
