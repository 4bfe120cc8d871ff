#include "app/options.h"

#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "lanner/schema.h"

namespace lanner::app {

ParsedCommandLine parse_command_line(int argc, const char* const* argv, std::FILE* out,
                                     std::FILE* err) {
    CLI::App cli{
        "Lanner: runtime security for Linux hosts and containers.\n"
        "With no arguments, watches this host with the default configuration and rules.",
        "lanner"};
    cli.set_version_flag("--version",
                         fmt::format("lanner {} (event schema {}.{})", LANNER_VERSION,
                                     LN_SCHEMA_VERSION_MAJOR, LN_SCHEMA_VERSION_MINOR));
    cli.option_defaults()->always_capture_default(false);
    CommandOptions o;

    // Configuration and rules.
    cli.add_option("-c", o.config_file, "Configuration file (default /etc/lanner/lanner.yaml)")
        ->option_text("FILE");
    cli.add_option("-o,--option", o.overrides,
                   "Set a configuration key, e.g. -o json_output=true, -o webserver.enabled=true")
        ->option_text("KEY=VALUE")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cli.add_option("-r", o.rules_paths,
                   "Rules file or directory (its *.yaml in name order); repeatable, replaces "
                   "rules_files")
        ->option_text("FILE|DIR")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cli.add_option("-D", o.disable_rules, "Disable the rules whose name contains SUBSTRING")
        ->option_text("SUBSTRING")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cli.add_option("-t", o.only_tags, "Enable only the rules with this tag (repeatable)")
        ->option_text("TAG")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cli.add_option("-T", o.disable_tags, "Disable the rules with this tag (repeatable)")
        ->option_text("TAG")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cli.add_option("-p,--print", o.extra_output,
                   "Append FORMAT to every alert's output; -pc adds container fields, -pk "
                   "container and Kubernetes fields")
        ->option_text("FORMAT");
    cli.add_flag("--json", o.json, "Alerts as JSON (json_output=true)");
    cli.add_flag("-A", o.all_events,
                 "Record every event the drivers support, not only those the rules and the "
                 "state tracker need");

    // Listing and checking.
    cli.add_option("-V,--validate", o.validate,
                   "Validate the rules FILE (repeatable; loaded together, in order) and exit")
        ->option_text("FILE")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cli.add_flag("-L", o.list_rules, "List the loaded rules with their description and exit");
    cli.add_option("-l", o.describe_rule, "Describe the rule RULE and exit")->option_text("RULE");
    cli.add_option("--list", o.list_fields,
                   "List the fields (of SOURCE: syscall) and exit; -N names only, --markdown "
                   "a table")
        ->option_text("[SOURCE]")
        ->expected(0, 1)
        ->default_str("");
    cli.add_flag("-N", o.list_names_only, "With --list: only the field names");
    cli.add_flag("--markdown", o.list_markdown, "With --list: markdown tables");
    cli.add_flag("--list-events", o.list_events, "Print the event table and exit");
    cli.add_flag("--dry-run", o.dry_run,
                 "Load the configuration and rules, choose the driver, then exit");
    cli.add_flag("--support", o.support,
                 "Print versions, kernel, driver, configuration and rules as JSON and exit");

    // Events.
    cli.add_option("-e", o.capture_file, "Replay the capture FILE instead of watching this host")
        ->option_text("FILE");
    cli.add_option("--driver", o.driver,
                   "Driver: auto (kernel module, else eBPF), kmod, ebpf, replay (engine.kind)")
        ->option_text("KIND")
        ->check(CLI::IsMember({"auto", "kmod", "ebpf", "modern_ebpf", "replay"}));
    cli.add_option("--kmod-path", o.kmod_path,
                   "Kernel module file to load when the module is not loaded yet")
        ->option_text("FILE");
    cli.add_option("--capture", o.write_capture,
                   "Write a capture of the live run to FILE (replay it with -e)")
        ->option_text("FILE");
    cli.add_flag("--print-events", o.print_events,
                 "Print every record (state section, then events) on one line");
    cli.add_option("-M", o.duration_s,
                   "Stop after SECONDS of capture time (replay) or wall time (live); 0: never")
        ->option_text("SECONDS")
        ->check(CLI::NonNegativeNumber);
    cli.add_flag("-U,--unbuffered", o.unbuffered, "Write each output line as soon as it is made");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        std::ostringstream out_text, err_text;
        const int code = cli.exit(e, out_text, err_text);
        std::fputs(out_text.str().c_str(), out);
        std::fputs(err_text.str().c_str(), err);
        // --help and --version exit 0; every real usage error exits 2.
        return {std::nullopt, code == 0 ? 0 : 2};
    }
    if ((o.list_names_only || o.list_markdown) && !o.list_fields) {
        fmt::print(err, "{} needs --list\nRun with --help for more information.\n",
                   o.list_names_only ? "-N" : "--markdown");
        return {std::nullopt, 2};
    }
    return {o, 0};
}

}  // namespace lanner::app
