// Loading the rules a run uses: which files (-r, else the configuration's
// rules_files, else the default rules), the -D/-t/-T selections, and the
// diagnostics printed on the way.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fields/field_registry.h"
#include "rules/ruleset.h"

namespace lanner::app {

// The default rules: /etc/lanner/rules.d when installed, else the rules/
// folder of the source tree this binary was built from.
std::vector<std::filesystem::path> default_rules_paths();

struct RuleSelection {
    std::vector<std::string> disable_substrings;  // -D
    std::vector<std::string> only_tags;           // -t
    std::vector<std::string> disable_tags;        // -T
};

struct LoadedRules {
    std::shared_ptr<rules::CompiledRuleset> ruleset;
    std::vector<std::string> files;
    size_t warnings = 0;
};

// Loads `paths` in order and applies `selection`. Warnings and errors are
// printed to `err` (with the source line under each); throws lanner::Error
// when there are errors.
LoadedRules load_rules(const std::vector<std::filesystem::path>& paths,
                       std::shared_ptr<const fields::FieldRegistry> registry,
                       const RuleSelection& selection, std::FILE* err);

// Applies -D/-t/-T to a loaded ruleset; returns how many rules changed state.
size_t apply_selection(rules::CompiledRuleset& ruleset, const RuleSelection& selection);

}  // namespace lanner::app
