// The commands that look at rules and fields without running: -V, -L, -l,
// --list.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fields/field_registry.h"
#include "rules/ruleset.h"

namespace lanner::app {

// `-V FILE...`: loads the files together, in order, and prints a verdict
// per file ("FILE: Ok", "FILE: Ok, with warnings", "FILE: Invalid") with its
// diagnostics. Returns 0 when no file has an error, else 1.
int validate_rules_command(const std::vector<std::filesystem::path>& files,
                           std::shared_ptr<const fields::FieldRegistry> registry, std::FILE* out);

// `-L`: every rule with its priority, state and description.
void list_rules(const rules::CompiledRuleset& ruleset, std::FILE* out);

// `-l RULE`: one rule in full. Returns false (and prints nothing) when the
// ruleset has no such rule.
bool describe_rule(const rules::CompiledRuleset& ruleset, const std::string& name, std::FILE* out);

// `--list [SOURCE]`: the fields. SOURCE may be empty or "syscall"; another
// source prints a message to `err` and returns 1.
int list_fields_command(const fields::FieldRegistry& registry, const std::string& source,
                        bool names_only, bool markdown, std::FILE* out, std::FILE* err);

}  // namespace lanner::app
