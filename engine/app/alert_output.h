// From matches to delivered alerts: the formatter (on the engine thread),
// the non-blocking output queue and the sinks the configuration enables.
//
//   AlertOutput alerts(cfg, engine, out);   // stdout_output writes to `out`
//   hooks.matches = &alerts;                // the run loop hands it matches
//   ... SIGUSR1: alerts.reopen();           // logrotate
//   alerts.finish(err);                     // drains, prints what was lost
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include "app/match_counts.h"
#include "app/metrics.h"
#include "app/options.h"
#include "app/run_loop.h"
#include "config/config.h"
#include "output/alert_formatter.h"
#include "output/output_queue.h"
#include "rules/extra_output.h"

namespace lanner::app {

// The extra outputs the rules compile with: -p (-pc, -pk) and append_output.
// Throws lanner::Error for a bad -p value.
std::vector<rules::ExtraOutput> extra_outputs(const config::Config& cfg, const CommandOptions& o);

class AlertOutput final : public MatchHandler {
  public:
    // Starts the sinks. `stdout_stream` is where stdout_output writes.
    AlertOutput(const config::Config& cfg, const Engine& engine, std::FILE* stdout_stream);
    ~AlertOutput() override;

    void on_match(const rules::CompiledRule& rule, const Event& ev, Engine& engine) override;

    void reopen() { queue_->reopen(); }
    std::vector<SinkMetrics> sink_metrics() const;
    uint64_t queue_dropped() const;
    const MatchCounts& counts() const noexcept { return counts_; }
    // Continues the counts of the outputs this one replaces (a reload).
    void carry_counts(const MatchCounts& counts) { counts_ = counts; }

    // Stops taking alerts, lets the sinks drain (at most `wait`), and
    // prints to `err` what could not be delivered. Idempotent.
    void finish(std::FILE* err, std::chrono::milliseconds wait = std::chrono::seconds(5));

  private:
    output::AlertFormatter formatter_;
    std::unique_ptr<output::OutputQueue> queue_;
    MatchCounts counts_;
    bool finished_ = false;
};

}  // namespace lanner::app
