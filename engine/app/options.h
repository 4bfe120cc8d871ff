// The `lanner` command line, parsed: what the user asked for. Flags follow
// Falco's spelling where Falco has the flag (-r, -V, -L, -l, --list, -e, -o,
// -p, -A, -M, -U, -D, -t, -T, --dry-run, --support).
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace lanner::app {

struct CommandOptions {
    // What to list instead of running.
    bool list_events = false;                // --list-events
    std::optional<std::string> list_fields;  // --list [SOURCE] ("" for every source)
    bool list_names_only = false;            // -N with --list
    bool list_markdown = false;              // --markdown with --list
    bool list_rules = false;                 // -L
    std::string describe_rule;               // -l RULE
    std::vector<std::string> validate;       // -V FILE (repeatable)
    bool support = false;                    // --support

    // Configuration and rules.
    std::string config_file;                 // -c FILE
    std::vector<std::string> overrides;      // -o key=value (repeatable)
    std::vector<std::string> rules_paths;    // -r FILE|DIR (repeatable)
    std::vector<std::string> disable_rules;  // -D SUBSTRING: disable rules whose name contains it
    std::vector<std::string> only_tags;      // -t TAG: only rules with one of these tags
    std::vector<std::string> disable_tags;   // -T TAG: disable rules with this tag
    std::string extra_output;                // -p FORMAT (-pc, -pk: container, kubernetes)
    bool all_events = false;                 // -A: record every event, not only the rules'
    bool dry_run = false;                    // --dry-run: load everything, then exit
    bool json = false;                       // --json (json_output=true)

    // Where events come from.
    std::string capture_file;   // -e FILE: replay a capture
    std::string driver;         // --driver auto|kmod|ebpf|replay (engine.kind)
    std::string kmod_path;      // --kmod-path FILE: the module to load for kmod/auto
    std::string write_capture;  // --capture FILE: write a capture of the live run

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
