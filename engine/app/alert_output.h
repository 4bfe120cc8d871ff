// From matches to delivered alerts: the priority threshold and the per-rule
// throttle (on the engine thread), the formatter, the non-blocking output
// queue and the sinks the configuration enables (stdout, syslog, file,
// program, http with its spool).
//
//   AlertOutput alerts(cfg, engine, out);   // stdout_output writes to `out`
//   hooks.matches = &alerts;                // the run loop hands it matches
//   ... SIGUSR1: alerts.reopen();           // logrotate
//   ... once a second: DropMonitor::tick()  // health alerts (drop_monitor.h)
//   alerts.finish(err);                     // drains, prints what was lost
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/match_counts.h"
#include "app/metrics.h"
#include "app/options.h"
#include "app/run_loop.h"
#include "config/config.h"
#include "output/alert_formatter.h"
#include "output/alert_spool.h"
#include "output/alert_throttle.h"
#include "output/output_queue.h"
#include "rules/extra_output.h"

namespace lanner::app {

// The extra outputs the rules compile with: -p (-pc, -pk) and append_output.
// Throws lanner::Error for a bad -p value.
std::vector<rules::ExtraOutput> extra_outputs(const config::Config& cfg, const CommandOptions& o);

// What the spool of a sink holds and has done (http_output.spool).
struct SpoolMetrics {
    std::string sink;
    std::string dir;
    uint64_t pending = 0, pending_bytes = 0;
    uint64_t appended = 0, delivered = 0, rejected = 0, evicted = 0, too_big = 0, recovered = 0,
             corrupt = 0;
};

class AlertOutput final : public MatchHandler {
  public:
    // Starts the sinks. `stdout_stream` is where stdout_output writes (and
    // http_output.echo prints the answers). Throws lanner::Error when a
    // sink cannot be set up (a spool directory in use, a bad program).
    AlertOutput(const config::Config& cfg, const Engine& engine, std::FILE* stdout_stream);
    ~AlertOutput() override;

    void on_match(const rules::CompiledRule& rule, const Event& ev, Engine& engine) override;

    // An alert Lanner raises about itself (output/internal_alert.h), to
    // every sink but the one at index `skip_sink` of sink_stats() (pass
    // no_sink() to reach all): neither the priority threshold nor the
    // throttle applies. On the engine thread, as on_match().
    void raise_internal(output::Alert alert, size_t skip_sink);
    size_t no_sink() const noexcept { return queue_->sink_count(); }

    void reopen() { queue_->reopen(); }
    // Per sink, in the order sinks were added (indexes for raise_internal()).
    std::vector<output::SinkStats> sink_stats() const { return queue_->stats(); }
    std::vector<SinkMetrics> sink_metrics() const;
    std::vector<SpoolMetrics> spool_metrics() const;
    uint64_t queue_dropped() const;
    const MatchCounts& counts() const noexcept { return counts_; }
    // Continues the counts of the outputs this one replaces (a reload).
    void carry_counts(const MatchCounts& counts) { counts_ = counts; }
    // Alerts the throttle held back, in all and by rule.
    uint64_t throttled() const noexcept { return throttle_.suppressed_total(); }
    std::vector<output::RuleSuppression> throttled_by_rule() const {
        return throttle_.suppressions();
    }
    const std::string& hostname() const noexcept { return formatter_.options().hostname; }

    // Stops taking alerts, lets the sinks drain (at most `wait`), and
    // prints to `err` what could not be delivered. Idempotent.
    void finish(std::FILE* err, std::chrono::milliseconds wait = std::chrono::seconds(5));

  private:
    void add_configured_sinks(const config::Config& cfg, std::FILE* stdout_stream);

    struct Spooled {
        std::string sink;
        std::string dir;
        std::shared_ptr<const output::SpoolCounters> counters;
    };

    output::AlertFormatter formatter_;
    output::AlertThrottle throttle_;
    std::unique_ptr<output::OutputQueue> queue_;
    std::vector<Spooled> spools_;
    MatchCounts counts_;
    bool finished_ = false;
};

}  // namespace lanner::app
