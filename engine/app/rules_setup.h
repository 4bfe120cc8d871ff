// Loading the rules a run uses: the configuration's rules_files (-r replaces
// them), its `rules:` selectors and minimum priority, then the -D/-t/-T
// flags, with the diagnostics printed on the way.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/options.h"
#include "config/config.h"
#include "fields/field_registry.h"
#include "rules/ruleset.h"

namespace lanner::app {

struct RuleSelection {
    std::vector<std::string> disable_substrings;  // -D
    std::vector<std::string> only_tags;           // -t
    std::vector<std::string> disable_tags;        // -T
};

struct LoadedRules {
    std::shared_ptr<rules::CompiledRuleset> ruleset;
    std::vector<std::string> files;
    size_t warnings = 0;
    size_t enabled() const;
};

// Loads the rules `cfg` names and applies its selectors and `o`'s flags.
// Warnings and errors are printed to `err` (errors with the source line
// under them); throws lanner::Error when there are errors.
LoadedRules load_rules(const config::Config& cfg, const CommandOptions& o,
                       std::shared_ptr<const fields::FieldRegistry> registry, std::FILE* err);

// Applies -D/-t/-T to a loaded ruleset; returns how many rules it disabled.
size_t apply_selection(rules::CompiledRuleset& ruleset, const RuleSelection& selection);

}  // namespace lanner::app
