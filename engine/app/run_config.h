// The configuration a command runs with: the file (-c, else the default
// one), its drop-ins and the -o overrides, then the flags that stand for
// configuration keys (-r for rules_files, -e for engine.kind: replay,
// --driver for engine.kind, --json for json_output). Diagnostics are printed
// as they are found; errors stop the command.
#pragma once

#include <cstdio>
#include <filesystem>
#include <vector>

#include "app/options.h"
#include "config/config.h"

namespace lanner::app {

struct RunConfig {
    config::Config config;
    std::vector<std::filesystem::path> files;    // configuration files read
    std::vector<std::filesystem::path> watched;  // what watch_config_files watches
};

// Throws lanner::Error listing every error (after printing them to `err`).
RunConfig load_run_config(const CommandOptions& options, std::FILE* err);

// Applies log_level, log_stderr and log_syslog; `err` stands for stderr.
void apply_log_settings(const config::Config& cfg, std::FILE* err);

}  // namespace lanner::app
