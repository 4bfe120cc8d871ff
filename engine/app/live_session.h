// One live run: the driver chosen and started, /proc scanned, then events
// until a stop, with what a service needs around the loop: the webserver
// and its metrics, reloads (SIGHUP or a watched file changing) that swap
// rules and outputs between two records without touching the driver or the
// state, SIGUSR1 reopening the outputs, and drop reports.
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "app/alert_output.h"
#include "app/driver_select.h"
#include "app/drop_monitor.h"
#include "app/engine.h"
#include "app/event_printer.h"
#include "app/file_watch.h"
#include "app/metrics.h"
#include "app/options.h"
#include "app/rules_setup.h"
#include "app/run_config.h"
#include "app/run_loop.h"
#include "app/web_server.h"
#include "capture/capture_writer.h"

namespace lanner::app {

class LiveSignals;

class LiveSession {
  public:
    // Loads the rules, opens the driver and scans /proc; throws
    // lanner::Error saying what failed.
    LiveSession(const CommandOptions& options, RunConfig rc, std::FILE* out, std::FILE* err);
    ~LiveSession();
    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;

    // Runs until SIGINT/SIGTERM or -M; returns the exit status.
    int run();

    // Re-reads the configuration and the rules; on any error keeps what
    // runs and says why. Returns whether the new settings took effect.
    bool reload(std::string_view why);

  private:
    void tick(LiveSignals& signals);
    void start_outputs(const config::Config& cfg);
    void start_watch();
    ln_interest interest(const rules::CompiledRuleset& ruleset, size_t& events) const;
    void publish_metrics();
    void print_summary(const RunSummary& sum) const;

    const CommandOptions& o_;
    RunConfig rc_;
    std::FILE* out_;
    std::FILE* err_;
    std::chrono::steady_clock::time_point started_;
    Engine engine_;
    LoadedRules rules_;
    OpenedDriver driver_;
    size_t interest_syscalls_ = 0;
    std::optional<capture::CaptureWriter> capture_;
    std::optional<EventPrinter> printer_;
    std::unique_ptr<AlertOutput> alerts_;
    std::unique_ptr<DropMonitor> drop_monitor_;  // rebuilt with the outputs it alerts through
    bool exit_on_drops_ = false;
    MetricsBoard board_;
    std::unique_ptr<WebServer> web_;
    std::unique_ptr<FileWatch> watch_;
    RunHooks hooks_;
    uint64_t drops_reported_ = 0;
    uint64_t reloads_ = 0, reload_failures_ = 0;
};

}  // namespace lanner::app
