// Loading the configuration: the main file (-c FILE), its drop-ins
// (config_files), then the -o overrides, merged over the built-in defaults
// and decoded into a Config. Every problem is collected, not just the first.
//
//   ConfigLoadResult r = load_config(path, {"webserver.listen_port=9000"});
//   for (const auto& d : r.diagnostics) log(d.to_string());
//   if (!r.ok()) exit 1;  // r.config holds defaults where values were wrong
//   use(r.config);
//
// Order, as Falco: the main file; -o options on config_files; the drop-ins
// (each file of a directory in name order, *.yaml and *.yml), each merged by
// its strategy; then the other -o options in the order given. Mappings merge
// key by key, so a drop-in or -o that sets webserver.listen_port keeps the
// rest of webserver. A relative path in rules_files or config_files is read
// from the directory of the file that names it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/config_diagnostics.h"

namespace lanner::config {

struct ConfigLoadResult {
    Config config;
    std::vector<Diagnostic> diagnostics;       // in the order found
    std::vector<std::filesystem::path> files;  // configuration files read: main, then drop-ins
    // What watch_config_files watches: the files read and the drop-in
    // directories (a file added there is a change too).
    std::vector<std::filesystem::path> watched;

    bool ok() const noexcept;  // no errors (warnings allowed)
    size_t count(Severity s) const noexcept;
    // Every diagnostic, one per line.
    std::string report() const;
    // Throws lanner::Error listing every error, one per line.
    void throw_if_errors() const;
};

// The main file is required: an unreadable one is an error.
ConfigLoadResult load_config(const std::filesystem::path& file,
                             const std::vector<std::string>& options = {});

// The default file (default_config_path()); when it does not exist, the
// built-in defaults with a warning saying so.
ConfigLoadResult load_default_config(const std::vector<std::string>& options = {});

// A main file given as text: `name` is what messages call it; relative
// paths are read from `base_dir` (the current directory when empty).
ConfigLoadResult load_config_text(const std::string& name, std::string_view text,
                                  const std::vector<std::string>& options = {},
                                  const std::filesystem::path& base_dir = {});

}  // namespace lanner::config
