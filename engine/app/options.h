// The `lanner` command line, parsed: what the user asked for. Each issue that
// adds a flag adds its field here and its CLI11 option in options.cpp.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

namespace lanner::app {

struct CommandOptions {
    bool list_events = false;   // --list-events
    std::string capture_file;   // -e FILE: replay a capture
    bool print_events = false;  // --print-events: one line per record
    double duration_s = 0;      // -M SECONDS: stop after this much capture/wall time; 0 = no limit
    bool unbuffered = false;    // -U: write each output line at once
};

struct ParsedCommandLine {
    std::optional<CommandOptions> options;  // nullopt: exit now with exit_code
    int exit_code = 0;                      // 0 after --help/--version, 2 on a usage error
};

// Parses argv. --help and --version print to `out`; usage errors print
// CLI11's message to `err`.
ParsedCommandLine parse_command_line(int argc, const char* const* argv, std::FILE* out,
                                     std::FILE* err);

}  // namespace lanner::app
