#include "app/drop_monitor.h"

#include <time.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "app/alert_output.h"
#include "common/log.h"
#include "output/internal_alert.h"

namespace lanner::app {
namespace {

constexpr uint64_t kSecond = 1000000000ull;

uint64_t monotonic_ns() {
    struct timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * kSecond + static_cast<uint64_t>(ts.tv_nsec);
}

struct DropTotals {
    uint64_t events = 0;  // seen by the driver, dropped ones included
    uint64_t drops = 0;
    uint64_t by_cause[LN_DROP_CAUSE_MAX]{};
    uint64_t missed_runs = 0;
};

DropTotals totals(const SourceStats& s) {
    DropTotals t;
    uint64_t produced = 0;
    for (const auto& c : s.per_cpu) {
        produced += c.produced;
        for (unsigned i = 0; i < LN_DROP_CAUSE_MAX; ++i) t.by_cause[i] += c.drops[i];
    }
    t.missed_runs = s.missed_runs;
    t.drops = s.total_drops();
    // Records the probes tried to write include those dropped; probe runs
    // the kernel skipped never got that far. A capture has no per-CPU view.
    t.events = s.per_cpu.empty() ? s.records + t.drops : produced + s.missed_runs;
    return t;
}

uint64_t minus(uint64_t a, uint64_t b) {
    return a > b ? a - b : 0;  // counters reset with the driver: no negative deltas
}

}  // namespace

DropMonitor::DropMonitor(const config::SyscallEventDrops& events,
                         const config::OutputDrops& outputs, AlertOutput& alerts)
    : events_(events),
      outputs_(outputs),
      alerts_(alerts),
      event_bucket_(events.rate, static_cast<double>(events.max_burst)),
      output_bucket_(outputs.rate, static_cast<double>(outputs.max_burst)) {
    if (events_.simulate_drops) events_.threshold = 0;
}

DropMonitor::Action DropMonitor::tick(const SourceStats& now) {
    return tick(now, monotonic_ns(), output::wall_clock_ns());
}

DropMonitor::Action DropMonitor::tick(const SourceStats& now, uint64_t mono_ns, uint64_t wall_ns) {
    if (!started_) {
        started_ = true;
        last_check_ns_ = mono_ns;
        last_ = now;
        return Action::Continue;
    }
    if (mono_ns - last_check_ns_ < kSecond) return Action::Continue;
    const uint64_t interval = mono_ns - last_check_ns_;
    last_check_ns_ = mono_ns;
    Action a = check_events(now, interval, wall_ns);
    last_ = now;
    if (check_outputs(mono_ns, wall_ns) == Action::Exit) a = Action::Exit;
    return a;
}

DropMonitor::Action DropMonitor::check_events(const SourceStats& now, uint64_t interval_ns,
                                              uint64_t wall_ns) {
    const DropTotals cur = totals(now), prev = totals(last_);
    DropTotals d;
    d.events = minus(cur.events, prev.events);
    d.drops = minus(cur.drops, prev.drops);
    for (unsigned i = 0; i < LN_DROP_CAUSE_MAX; ++i)
        d.by_cause[i] = minus(cur.by_cause[i], prev.by_cause[i]);
    d.missed_runs = minus(cur.missed_runs, prev.missed_runs);
    if (events_.simulate_drops) {
        log::info("simulating a syscall event drop");
        ++d.drops;
        ++d.by_cause[LN_DROP_OTHER];
        ++d.events;
    }
    if (d.drops == 0) return Action::Continue;
    const double ratio =
        static_cast<double>(d.drops) / static_cast<double>(std::max<uint64_t>(d.events, 1));
    if (ratio <= events_.threshold) return Action::Continue;
    ++counters_.event_drop_seconds;
    if (!event_bucket_.claim(last_check_ns_)) {
        log::debug("syscall event drop, but the token bucket is empty: no action");
        return Action::Continue;
    }
    ++counters_.event_drop_actions;

    const auto secs = static_cast<uint64_t>(std::llround(static_cast<double>(interval_ns) / 1e9));
    const std::string msg =
        fmt::format("{}. {} system calls dropped in last {}.", kEventDropRule, d.drops,
                    secs <= 1 ? std::string("second") : fmt::format("{} seconds", secs));
    Action result = Action::Continue;
    for (const auto act : events_.actions) {
        switch (act) {
            case config::DropAction::Ignore:
                break;
            case config::DropAction::Log:
                log::warn("{} ({} of {} events, {:.1f}%)", msg, d.drops, d.events, ratio * 100);
                break;
            case config::DropAction::Alert: {
                using output::OutputValue;
                std::vector<output::OutputField> f;
                f.push_back({"n_evts", OutputValue::of_uint(d.events)});
                f.push_back({"n_drops", OutputValue::of_uint(d.drops)});
                f.push_back(
                    {"n_drops_buffer_total", OutputValue::of_uint(d.by_cause[LN_DROP_RING_FULL])});
                f.push_back({"n_drops_too_big", OutputValue::of_uint(d.by_cause[LN_DROP_TOO_BIG])});
                f.push_back({"n_drops_nested", OutputValue::of_uint(d.by_cause[LN_DROP_NESTED])});
                f.push_back({"n_drops_other", OutputValue::of_uint(d.by_cause[LN_DROP_OTHER])});
                f.push_back({"n_missed_runs", OutputValue::of_uint(d.missed_runs)});
                alerts_.raise_internal(
                    output::internal_alert(kEventDropRule, rules::Priority::Debug, msg,
                                           std::move(f), wall_ns, alerts_.hostname()),
                    alerts_.no_sink());
                break;
            }
            case config::DropAction::Exit:
                log::error("{} Exiting (syscall_event_drops.actions: exit).", msg);
                result = Action::Exit;
                break;
        }
    }
    return result;
}

DropMonitor::Action DropMonitor::check_outputs(uint64_t mono_ns, uint64_t wall_ns) {
    const auto sinks = alerts_.sink_stats();
    if (reported_.size() < sinks.size()) reported_.resize(sinks.size(), Reported{0, 0, mono_ns});
    Action result = Action::Continue;
    for (size_t i = 0; i < sinks.size(); ++i) {
        const auto& s = sinks[i];
        Reported& r = reported_[i];
        const uint64_t dropped = minus(s.dropped, r.dropped), failed = minus(s.failed, r.failed);
        if (dropped + failed == 0) {
            r.since_ns = mono_ns;
            continue;
        }
        if (!output_bucket_.claim(mono_ns)) continue;  // carried into the next report
        ++counters_.output_drop_reports;
        const uint64_t secs = std::max<uint64_t>(1, (mono_ns - r.since_ns + kSecond / 2) / kSecond);
        const std::string msg = fmt::format(
            "{}. Output '{}' lost {} alert(s) in the last {} s ({} dropped: its queue was "
            "full; {} failed to be delivered).",
            kOutputDropRule, s.name, dropped + failed, secs, dropped, failed);
        r = Reported{s.dropped, s.failed, mono_ns};
        for (const auto act : outputs_.actions) {
            switch (act) {
                case config::DropAction::Ignore:
                    break;
                case config::DropAction::Log:
                    log::warn("{} In all: {} sent, {} dropped, {} failed.", msg, s.sent, s.dropped,
                              s.failed);
                    break;
                case config::DropAction::Alert: {
                    using output::OutputValue;
                    std::vector<output::OutputField> f;
                    f.push_back({"sink", OutputValue::of_string(s.name)});
                    f.push_back({"n_lost", OutputValue::of_uint(dropped + failed)});
                    f.push_back({"n_dropped", OutputValue::of_uint(dropped)});
                    f.push_back({"n_failed", OutputValue::of_uint(failed)});
                    f.push_back({"total_sent", OutputValue::of_uint(s.sent)});
                    f.push_back({"total_dropped", OutputValue::of_uint(s.dropped)});
                    f.push_back({"total_failed", OutputValue::of_uint(s.failed)});
                    alerts_.raise_internal(
                        output::internal_alert(kOutputDropRule, rules::Priority::Warning, msg,
                                               std::move(f), wall_ns, alerts_.hostname()),
                        i);
                    break;
                }
                case config::DropAction::Exit:
                    log::error("{} Exiting (output_drops.actions: exit).", msg);
                    result = Action::Exit;
                    break;
            }
        }
    }
    return result;
}

void DropMonitor::print_summary(std::FILE* err) const {
    if (counters_.event_drop_seconds == 0) return;
    fmt::print(err,
               "lanner: syscall event drop monitoring:\n"
               "lanner:    - event drop detected: {} occurrences\n"
               "lanner:    - num times actions taken: {}\n",
               counters_.event_drop_seconds, counters_.event_drop_actions);
}

}  // namespace lanner::app
