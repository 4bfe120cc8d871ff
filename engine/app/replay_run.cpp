#include "app/replay_run.h"

#include <fmt/format.h>

#include "app/alert_output.h"
#include "app/engine.h"
#include "app/event_printer.h"
#include "app/match_counts.h"
#include "app/rules_setup.h"
#include "app/run_loop.h"
#include "capture/capture_error.h"
#include "source/replay_source.h"

namespace lanner::app {
namespace {

void print_summary(std::FILE* err, const std::string& name, const RunSummary& sum,
                   const CommandOptions& o, std::string_view ending) {
    fmt::print(err, "lanner: replayed {}: {} events, {} state records, {} lost by the driver{}{}\n",
               name, sum.events, sum.state_records, sum.lost,
               sum.stopped_by_limit
                   ? fmt::format("; stopped after {} s of capture time (-M)", o.duration_s)
                   : std::string(),
               ending);
}

}  // namespace

int run_replay(const CommandOptions& o, const RunConfig& rc, std::FILE* out, std::FILE* err) {
    const config::Config& cfg = rc.config;
    ReplaySource source(cfg.engine.replay.capture_file);
    const auto& info = source.info();
    EngineOptions eo;
    eo.hostname = info.hostname;
    eo.boot_time_ns = info.boot_time_ns;
    eo.matching = cfg.rule_matching;
    Engine engine(eo);
    LoadedRules loaded = load_rules(cfg, o, engine.registry(), err);
    engine.use_ruleset(loaded.ruleset);
    if (o.dry_run) return 0;

    std::optional<EventPrinter> printer;
    if (o.print_events) printer.emplace(out, info.boot_time_ns, engine.resolver(), o.unbuffered);
    AlertOutput alerts(cfg, engine, out);
    RunHooks hooks;
    hooks.printer = printer ? &*printer : nullptr;
    hooks.matches = &alerts;
    RunLimits limits;
    limits.duration_s = o.duration_s;
    limits.capture_origin_ts = info.start_ts;

    RunSummary sum;
    try {
        source.start();
        run_events(source, engine, hooks, limits, sum);
        source.stop();
    } catch (const capture::CaptureError& e) {
        if (printer) printer->flush();  // what came before the damage is shown
        alerts.finish(err);
        fmt::print(err, "lanner: error: {}\n", e.what());
        print_summary(err, source.name(), sum, o, " before the error");
        return 1;
    }
    if (printer) printer->flush();
    alerts.finish(err);
    if (auto tail = source.incomplete_tail())
        fmt::print(err, "lanner: warning: {}: {}\n", source.name(), tail->reason);
    print_summary(err, source.name(), sum, o, "");
    alerts.counts().print(err);
    return 0;
}

}  // namespace lanner::app
