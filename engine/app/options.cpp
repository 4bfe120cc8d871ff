#include "app/options.h"

#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "lanner/schema.h"

namespace lanner::app {

ParsedCommandLine parse_command_line(int argc, const char* const* argv, std::FILE* out,
                                     std::FILE* err) {
    CLI::App cli{"Lanner: runtime security for Linux hosts and containers", "lanner"};
    cli.set_version_flag("--version",
                         fmt::format("lanner {} (event schema {}.{})", LANNER_VERSION,
                                     LN_SCHEMA_VERSION_MAJOR, LN_SCHEMA_VERSION_MINOR));
    CommandOptions o;
    cli.add_flag("--list-events", o.list_events, "Print the event table and exit");
    cli.add_option("-e", o.capture_file, "Replay the capture FILE instead of watching this host")
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
    return {o, 0};
}

}  // namespace lanner::app
