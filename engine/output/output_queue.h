// The non-blocking hand-over from the engine thread to the sinks.
//
// Each sink has its own bounded single-producer/single-consumer ring and a
// worker thread that delivers from it. push() renders nothing and never
// waits: it puts one shared reference to the alert in each sink's ring; a
// full ring drops the alert for that sink only, counts it, and logs it at
// most once per interval. A slow or dead sink therefore stalls neither the
// engine nor the other sinks.
//
//   OutputQueue queue({.capacity = 0, .buffered = false}, render_options);
//   queue.add_sink(std::make_unique<StdoutSink>());
//   queue.add_sink(std::make_unique<FileSink>("/var/log/lanner.txt", true));
//   queue.start();
//   ... engine thread: queue.push(formatter.format(rule, eval, ev.ts()));
//   ... on SIGUSR1 (from the main loop, not the handler): queue.reopen();
//   ShutdownReport r = queue.shutdown(std::chrono::seconds(5));
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "output/alert.h"
#include "output/render_options.h"
#include "output/sink.h"

namespace lanner::output {

struct OutputQueueOptions {
    // Alerts each sink's queue holds (Falco's outputs_queue.capacity, whose
    // 0 means unbounded: take 0 as kDefaultCapacity).
    size_t capacity = 0;
    // Falco's buffered_outputs: false flushes every sink after every alert;
    // true lets a sink batch, flushing when its queue runs empty and every
    // kFlushEvery alerts under load.
    bool buffered = false;
    // At most one "queue full" log line per sink per interval.
    std::chrono::milliseconds drop_log_interval{10000};
    // Falco's output_timeout: a delivery slower than this is logged
    // (rate-limited); 0 disables the check.
    std::chrono::milliseconds slow_delivery{2000};
};

// For each sink, sent + failed + dropped + queued == offered.
struct SinkStats {
    std::string name;
    uint64_t offered = 0;  // alerts pushed to this sink (push_except() may pass it over)
    uint64_t sent = 0;     // delivered (and flushed) to the destination
    uint64_t failed = 0;   // deliver() or flush() failed: lost
    uint64_t dropped = 0;  // its queue was full: never handed to the sink
    uint64_t queued = 0;   // still waiting (at shutdown: not delivered)
};

struct ShutdownReport {
    std::vector<SinkStats> sinks;
    // False when a sink did not finish within the wait: its worker was
    // abandoned and its `queued` alerts are lost.
    bool complete = true;
    uint64_t undelivered() const noexcept {
        uint64_t n = 0;
        for (const auto& s : sinks) n += s.queued;
        return n;
    }
};

class OutputQueue {
  public:
    // A queued alert holds about 3 KB, 4 KB once rendered (a 19-field
    // output); sinks share alerts, so a stalled sink holds at most
    // capacity x 4 KB, about 8 MB with this default.
    static constexpr size_t kDefaultCapacity = 2048;
    static constexpr size_t kFlushEvery = 256;

    OutputQueue(OutputQueueOptions options, RenderOptions render);
    // Shuts down (waiting up to 5 s) if shutdown() was not called.
    ~OutputQueue();
    OutputQueue(const OutputQueue&) = delete;
    OutputQueue& operator=(const OutputQueue&) = delete;

    // Before start().
    void add_sink(std::unique_ptr<Sink> sink);
    // Starts one worker thread per sink.
    void start();

    // The engine thread (one producer only). Never blocks.
    void push(Alert alert);
    // The same, for every sink but the one at index `skip_sink` (in the
    // order of add_sink and stats()): an alert about that sink dropping
    // alerts is not routed back into it. On the engine thread too.
    void push_except(Alert alert, size_t skip_sink);

    // Asks every sink to reopen its destination before its next alert
    // (SIGUSR1, logrotate). Any thread, but not a signal handler.
    void reopen();

    // Counters so far; any thread.
    std::vector<SinkStats> stats() const;
    uint64_t pushed() const noexcept { return pushed_.load(std::memory_order_relaxed); }
    size_t sink_count() const noexcept { return channels_.size(); }
    const RenderOptions& render_options() const noexcept { return render_; }

    // Stops accepting alerts (later pushes count as dropped), lets every
    // sink deliver what its queue holds, and waits at most `max_wait` for
    // all of them. A sink still busy then is cancel()ed and abandoned. Logs
    // what was not delivered and returns the final counters. Idempotent.
    // Call it after the last push(): on the engine thread, or once that
    // thread has stopped.
    ShutdownReport shutdown(std::chrono::milliseconds max_wait);

    struct Channel;  // one sink, its ring, counters and worker (output_queue.cpp)

  private:
    OutputQueueOptions options_;
    RenderOptions render_;
    std::vector<std::shared_ptr<Channel>> channels_;
    std::atomic<uint64_t> pushed_{0};
    std::atomic<bool> accepting_{true};
    bool started_ = false;
    bool shut_down_ = false;
    ShutdownReport final_report_;
};

}  // namespace lanner::output
