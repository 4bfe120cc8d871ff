// Where Lanner looks when no path is given: the installed configuration and
// rules (/etc/lanner/lanner.yaml, /etc/lanner/rules.d), or, when the binary
// runs from its build tree and the installed one is absent, the repository's
// shipped lanner.yaml and rules/ (so `build/lanner` works before install).
#pragma once

#include <filesystem>
#include <vector>

#include "config/config.h"

namespace lanner::config {

// /etc/lanner/lanner.yaml, or <repo>/lanner.yaml from the build tree.
std::filesystem::path default_config_path();
// /etc/lanner/rules.d, or <repo>/rules from the build tree.
std::filesystem::path default_rules_dir();

// Whether the running executable lives in this source tree's build
// directory or under the source tree (not installed).
bool running_from_build_tree();

// The rule: `installed` if it exists or the binary is installed, else
// `in_repo` when that exists, else `installed`.
std::filesystem::path choose_default(const std::filesystem::path& installed,
                                     const std::filesystem::path& in_repo, bool from_build_tree);

// cfg.rules_files with the default rules directory (kDefaultRulesDir)
// replaced by default_rules_dir(): what the rules loader reads.
std::vector<std::filesystem::path> effective_rules_files(const Config& cfg);

}  // namespace lanner::config
