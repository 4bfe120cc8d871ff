#include "app/cli.h"

#include <fmt/format.h>

#include "app/engine.h"
#include "app/list_events.h"
#include "app/live_run.h"
#include "app/options.h"
#include "app/replay_run.h"
#include "app/rules_commands.h"
#include "app/rules_setup.h"
#include "app/run_config.h"
#include "app/support.h"
#include "common/error.h"
#include "common/log.h"

namespace lanner::app {
namespace {

std::vector<std::filesystem::path> as_paths(const std::vector<std::string>& v) {
    return {v.begin(), v.end()};
}

// -L and -l: the rules as a run would load them.
int rules_listing(const CommandOptions& o, const RunConfig& rc, std::FILE* out, std::FILE* err) {
    Engine engine;
    const LoadedRules loaded = load_rules(rc.config, o, engine.registry(), err);
    if (!o.describe_rule.empty()) {
        if (describe_rule(*loaded.ruleset, o.describe_rule, out)) return 0;
        fmt::print(err, "lanner: no rule named '{}' in {}\n", o.describe_rule,
                   fmt::join(loaded.files, ", "));
        return 1;
    }
    list_rules(*loaded.ruleset, out);
    return 0;
}

}  // namespace

// Log lines go to the command's error stream while it runs, and back to
// stderr (no syslog) after.
class LogDestination {
  public:
    explicit LogDestination(std::FILE* err) { log::set_destinations(err, false); }
    ~LogDestination() { log::set_destinations(stderr, false); }
    LogDestination(const LogDestination&) = delete;
    LogDestination& operator=(const LogDestination&) = delete;
};

int run_cli(int argc, const char* const* argv, std::FILE* out, std::FILE* err) {
    const auto parsed = parse_command_line(argc, argv, out, err);
    if (!parsed.options) return parsed.exit_code;
    const CommandOptions& o = *parsed.options;
    LogDestination log_to(err);
    try {
        if (o.list_events) {
            print_event_table(out);
            return 0;
        }
        if (o.list_fields) {
            Engine engine;
            return list_fields_command(*engine.registry(), *o.list_fields, o.list_names_only,
                                       o.list_markdown, out, err);
        }
        if (!o.validate.empty()) {
            Engine engine;
            return validate_rules_command(as_paths(o.validate), engine.registry(), out);
        }
        const RunConfig rc = load_run_config(o, err);
        apply_log_settings(rc.config, err);
        if (o.support) return print_support(o, rc, out, err);
        if (o.list_rules || !o.describe_rule.empty()) return rules_listing(o, rc, out, err);
        if (rc.config.engine.kind == config::EngineKind::Replay) return run_replay(o, rc, out, err);
        return run_live(o, rc, out, err);
    } catch (const Error& e) {
        fmt::print(err, "lanner: error: {}\n", e.what());
        return 1;
    }
}

}  // namespace lanner::app
