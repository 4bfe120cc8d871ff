// Text and fields added to rule outputs from outside the rules files:
// Falco's `-p` option and its `append_output` configuration key.
//
//   RulesLoader(registry)
//       .add_extra_output({.match = {.tags = {"container"}}, .format = "image=%container.image"})
//       .add_path("rules/").load();
//
// Each rule's output is compiled as: the output as written, trimmed of
// surrounding whitespace (as Falco does); %container.info, which Falco has
// deprecated, expanded (to the text of an extra output that replaces it, as
// -pc/-pk do, else to kContainerInfoDefault); then, in the order given, the
// format of every extra output that selects the rule, each after a space.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/source_text.h"

namespace lanner::rules {

// Which rules an extra output applies to (append_output's `match`). An empty
// criterion matches every rule.
struct RuleSelector {
    std::string source;             // the rule's source
    std::vector<std::string> tags;  // the rule has every one of these tags
    std::string rule;               // the rule's exact name

    bool selects(std::string_view name, std::string_view rule_source,
                 const std::vector<std::string>& rule_tags) const;
};

// A field for JSON output_fields only (append_output's `extra_fields`).
struct ExtraOutputField {
    std::string key;  // its name in output_fields
    // Formatted: a format ("%proc.name on %evt.hostname") printed as one
    // string. Raw: one field ("proc.pid" or "%proc.pid") whose typed value is
    // put in output_fields.
    std::string format;
    bool raw = false;
};

struct ExtraOutput {
    RuleSelector match;
    std::string format;  // appended to the output after a space; may be empty
    std::vector<ExtraOutputField> fields;
    // Falco's -pc/-pk: in a rule whose output has %container.info, this
    // format takes the placeholder's place instead of being appended.
    bool replaces_container_info = false;
};

inline constexpr std::string_view kContainerInfoPlaceholder = "%container.info";
// What %container.info stands for when no extra output replaces it (Falco
// before 0.41; Falco 0.41+ expands it to nothing, its container plugin
// appending container fields to every output instead).
inline constexpr std::string_view kContainerInfoDefault =
    "container_id=%container.id container_name=%container.name";

// The output a rule is compiled with (see the top of this file). Text that
// comes from an extra output maps to the place of the placeholder it
// replaces, or to the end of the rule's output.
MappedText assemble_output(const MappedText& output, std::string_view rule_name,
                           std::string_view rule_source, const std::vector<std::string>& rule_tags,
                           std::span<const ExtraOutput> extras);

}  // namespace lanner::rules
