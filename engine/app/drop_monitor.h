// Health alerts about lost events and lost alerts, checked once a second.
//
// Event drops, as Falco's syscall_event_drops: over the last second, when
// the driver dropped more than `threshold` of the events it saw (with
// simulate_drops, one drop is added each second and the threshold is 0),
// and a token bucket of `max_burst` messages refilled at `rate` per second
// allows it, the configured actions run: log (a warning), alert (the alert
// "Lanner internal: syscall event drop", Falco's "Falco internal: syscall
// event drop" under Lanner's name, with the counts by cause in
// output_fields), exit (tick() returns Exit).
//
// Output drops (output_drops): a sink whose queue overflowed or whose
// deliveries failed since its last report gets the actions of output_drops,
// the alert "Lanner internal: output drop" going to every other sink, never
// to the one losing alerts. Reports share one token bucket; what a denied
// report would have said is carried into the next one.
//
// The live loop calls tick() from the engine thread (it raises alerts
// through AlertOutput), as often as it likes; the checks happen once a
// second of monotonic time:
//
//   DropMonitor drops(cfg.syscall_event_drops, cfg.output_drops, alerts);
//   hooks.on_tick = [&] {
//       if (drops.tick(source.stats()) == DropMonitor::Action::Exit) stop_with_error();
//   };
#pragma once

#include <cstdint>
#include <cstdio>
#include <vector>

#include "config/config.h"
#include "output/token_bucket.h"
#include "source/source.h"

namespace lanner::app {

class AlertOutput;

class DropMonitor {
  public:
    enum class Action { Continue, Exit };

    static constexpr const char* kEventDropRule = "Lanner internal: syscall event drop";
    static constexpr const char* kOutputDropRule = "Lanner internal: output drop";

    DropMonitor(const config::SyscallEventDrops& events, const config::OutputDrops& outputs,
                AlertOutput& alerts);

    // The driver's counters now. Exit when an `exit` action fired: stop
    // the run and return a non-zero status.
    Action tick(const SourceStats& now);
    // The same with the clocks given: `mono_ns` (any monotonic clock) times
    // the checks and the token buckets, `wall_ns` (ns since the epoch) is
    // the time of the alerts. For tests.
    Action tick(const SourceStats& now, uint64_t mono_ns, uint64_t wall_ns);

    struct Counters {
        uint64_t event_drop_seconds = 0;  // checks with drops over the threshold
        uint64_t event_drop_actions = 0;  // of those, the ones the token bucket let act
        uint64_t output_drop_reports = 0;
    };
    const Counters& counters() const noexcept { return counters_; }

    // Falco's end-of-run "Syscall event drop monitoring" lines, when drops
    // were detected.
    void print_summary(std::FILE* err) const;

  private:
    Action check_events(const SourceStats& now, uint64_t interval_ns, uint64_t wall_ns);
    Action check_outputs(uint64_t mono_ns, uint64_t wall_ns);

    config::SyscallEventDrops events_;
    config::OutputDrops outputs_;
    AlertOutput& alerts_;
    output::TokenBucket event_bucket_;
    output::TokenBucket output_bucket_;
    bool started_ = false;
    uint64_t last_check_ns_ = 0;
    SourceStats last_;
    // Per sink: lost alerts (dropped, failed) up to its last report.
    struct Reported {
        uint64_t dropped = 0, failed = 0;
        uint64_t since_ns = 0;
    };
    std::vector<Reported> reported_;
    Counters counters_;
};

}  // namespace lanner::app
