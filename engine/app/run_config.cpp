#include "app/run_config.h"

#include <fmt/format.h>

#include "app/driver_select.h"
#include "common/error.h"
#include "common/log.h"
#include "config/config_loader.h"

namespace lanner::app {

RunConfig load_run_config(const CommandOptions& o, std::FILE* err) {
    config::ConfigLoadResult r = o.config_file.empty()
                                     ? config::load_default_config(o.overrides)
                                     : config::load_config(o.config_file, o.overrides);
    for (const auto& d : r.diagnostics) fmt::print(err, "lanner: {}\n", d.to_string());
    if (!r.ok())
        throw Error("{} error{} in the configuration", r.count(config::Severity::Error),
                    r.count(config::Severity::Error) == 1 ? "" : "s");
    RunConfig rc{std::move(r.config), std::move(r.files), std::move(r.watched)};
    config::Config& c = rc.config;
    if (!o.rules_paths.empty()) c.rules_files.assign(o.rules_paths.begin(), o.rules_paths.end());
    if (o.json) c.json_output = true;
    if (!o.driver.empty()) {
        const auto kind = parse_driver_kind(o.driver);
        if (o.driver == "replay")
            c.engine.kind = config::EngineKind::Replay;
        else if (kind)
            c.engine.kind = *kind == DriverKind::Kmod   ? config::EngineKind::Kmod
                            : *kind == DriverKind::Ebpf ? config::EngineKind::Ebpf
                                                        : config::EngineKind::Auto;
    }
    if (!o.capture_file.empty()) {
        c.engine.kind = config::EngineKind::Replay;
        c.engine.replay.capture_file = o.capture_file;
    }
    if (c.engine.kind == config::EngineKind::Replay && c.engine.replay.capture_file.empty())
        throw Error(
            "engine.kind is replay but engine.replay.capture_file is empty (or give -e FILE)");
    if (o.unbuffered) c.buffered_outputs = false;
    return rc;
}

void apply_log_settings(const config::Config& cfg, std::FILE* err) {
    log::set_level(config::to_log_level(cfg.log_level));
    log::set_destinations(cfg.log_stderr ? err : nullptr, cfg.log_syslog);
}

}  // namespace lanner::app
