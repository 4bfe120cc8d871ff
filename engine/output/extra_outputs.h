// The extra outputs (rules/extra_output.h) behind Falco's command line and
// configuration habits, for the application to hand to RulesLoader.
#pragma once

#include <optional>
#include <string_view>

#include "rules/extra_output.h"

namespace lanner::output {

// Falco's -p/--print value, as Falco 0.37-0.40 read it:
//   c, container          container fields, replacing %container.info
//   cg, container-gvisor  the same with vpid and vtid first
//   k, kubernetes         container and k8s fields, replacing %container.info
//   kg, kubernetes-gvisor the same with vpid and vtid first
//   anything else         that text, appended to every rule's output
// Falco 0.41+ ignores c and k (its container plugin appends such fields to
// every output anyway); Lanner keeps them working. nullopt for "".
std::optional<rules::ExtraOutput> extra_output_for_print(std::string_view value);

// Falco 0.41+'s `append_output: [{suggested_output: true}]` (its default
// falco.yaml): "container_id=%container.id container_name=... k8s_ns_name=..."
// appended to the outputs of the rules `match` selects, the fields Falco's
// container plugin suggests, in its order.
rules::ExtraOutput suggested_output(rules::RuleSelector match = {});

}  // namespace lanner::output
