#include "app/cli.h"

#include <fmt/format.h>

#include "app/engine.h"
#include "app/list_events.h"
#include "app/live_run.h"
#include "app/options.h"
#include "app/replay_run.h"
#include "app/rules_commands.h"
#include "app/rules_setup.h"
#include "common/error.h"

namespace lanner::app {
namespace {

std::vector<std::filesystem::path> as_paths(const std::vector<std::string>& v) {
    return {v.begin(), v.end()};
}

// -L and -l: the rules as a run would load them.
int rules_listing(const CommandOptions& o, std::FILE* out, std::FILE* err) {
    Engine engine;
    const auto paths = o.rules_paths.empty() ? default_rules_paths() : as_paths(o.rules_paths);
    const RuleSelection selection{o.disable_rules, o.only_tags, o.disable_tags};
    const LoadedRules loaded = load_rules(paths, engine.registry(), selection, err);
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

int run_cli(int argc, const char* const* argv, std::FILE* out, std::FILE* err) {
    const auto parsed = parse_command_line(argc, argv, out, err);
    if (!parsed.options) return parsed.exit_code;
    const CommandOptions& o = *parsed.options;
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
        if (o.list_rules || !o.describe_rule.empty()) return rules_listing(o, out, err);
        if (!o.capture_file.empty()) return run_replay(o, out, err);
        return run_live(o, out, err);
    } catch (const Error& e) {
        fmt::print(err, "lanner: error: {}\n", e.what());
        return 1;
    }
}

}  // namespace lanner::app
