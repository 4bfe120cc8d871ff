#include "output/priority_threshold.h"

#include <string>
#include <vector>

namespace lanner::output {

size_t disable_below_priority(rules::CompiledRuleset& ruleset, rules::Priority minimum) {
    std::vector<std::string> names;
    for (const auto& r : ruleset.rules())
        if (r.enabled && r.priority > minimum) names.push_back(r.name);
    for (const auto& name : names) ruleset.set_enabled(name, false);
    return names.size();
}

}  // namespace lanner::output
