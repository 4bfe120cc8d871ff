#include "app/cli.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "app/list_events.h"
#include "common/error.h"
#include "common/log.h"
#include "lanner/schema.h"

namespace lanner::app {

int run_cli(int argc, char** argv) {
    CLI::App cli{"Lanner: runtime security for Linux hosts and containers", "lanner"};
    cli.set_version_flag("--version",
                         fmt::format("lanner {} (event schema {}.{})", LANNER_VERSION,
                                     LN_SCHEMA_VERSION_MAJOR, LN_SCHEMA_VERSION_MINOR));
    bool list_events = false;
    cli.add_flag("--list-events", list_events, "Print the event table and exit");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every real usage error exits 2.
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        if (list_events) {
            print_event_table(stdout);
            return 0;
        }
        fmt::print(stderr, "{}", cli.help());
        return 2;
    } catch (const Error& e) {
        log::error("{}", e.what());
        return 1;
    }
}

}  // namespace lanner::app
