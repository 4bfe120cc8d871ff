#include "app/cli.h"

#include <fmt/format.h>

#include "app/list_events.h"
#include "app/options.h"
#include "app/replay_run.h"
#include "common/error.h"

namespace lanner::app {

int run_cli(int argc, const char* const* argv, std::FILE* out, std::FILE* err) {
    const auto parsed = parse_command_line(argc, argv, out, err);
    if (!parsed.options) return parsed.exit_code;
    const CommandOptions& o = *parsed.options;
    try {
        if (o.list_events) {
            print_event_table(out);
            return 0;
        }
        if (!o.capture_file.empty()) return run_replay(o, out, err);
        fmt::print(err, "lanner: no live driver yet: replay a capture with -e FILE (see --help)\n");
        return 2;
    } catch (const Error& e) {
        fmt::print(err, "lanner: error: {}\n", e.what());
        return 1;
    }
}

}  // namespace lanner::app
