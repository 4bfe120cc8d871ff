// Reads rules files (YAML) into a RuleCollection: lists, macros, rules,
// required_engine_version and required_plugin_versions, applying append:
// and override: as Falco does. Conditions are kept as text here; the
// compiler parses them.
#pragma once

#include <cstdint>

#include "rules/diagnostics.h"
#include "rules/rule_items.h"
#include "rules/source_text.h"

namespace lanner::rules {

class RulesReader {
  public:
    RulesReader(RuleCollection& out, Diagnostics& diagnostics) : out_(out), diags_(diagnostics) {}

    // Reads one file, `source`, whose index in the loader's file table is
    // `file`. Errors in one item are reported and the next item is read.
    void read(uint32_t file, const SourceFile& source);

  private:
    RuleCollection& out_;
    Diagnostics& diags_;
};

}  // namespace lanner::rules
