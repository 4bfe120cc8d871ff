// What the engine reports about itself: a snapshot taken on the engine
// thread about once a second, read by the webserver's /metrics (Prometheus
// text format, names prefixed lanner_) and by the metrics output.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "source/source.h"

namespace lanner::app {

struct SinkMetrics {
    std::string sink;  // "stdout", "file", "http" ...
    uint64_t sent = 0, failed = 0, dropped = 0;
};

struct AlertCount {
    std::string rule;
    std::string priority;  // "Warning"
    uint64_t count = 0;
};

struct MetricsSnapshot {
    std::string version;
    std::string driver;  // "kmod", "ebpf", "replay"
    double uptime_s = 0;
    uint64_t events = 0;                                               // events the rules ran on
    std::vector<std::pair<std::string, uint64_t>> events_by_category;  // "file" -> n
    SourceStats source;  // records, drops per CPU and cause
    size_t interest_syscalls = 0;
    size_t rules_loaded = 0, rules_enabled = 0;
    std::vector<AlertCount> alerts;
    uint64_t output_queue_dropped = 0;
    uint64_t alerts_throttled = 0;  // held back by the throttle
    std::vector<SinkMetrics> sinks;
    struct Spool {
        std::string sink;
        uint64_t pending = 0, pending_bytes = 0, evicted = 0;
    };
    std::vector<Spool> spools;
    double cpu_seconds = 0;  // the engine process's user + system time
    uint64_t rss_bytes = 0;
    uint64_t threads = 0, processes = 0, containers = 0;  // state tables
    uint64_t reloads = 0, reload_failures = 0;
};

// The Prometheus text exposition of a snapshot, with HELP and TYPE lines.
std::string prometheus_text(const MetricsSnapshot& m);

// This process's CPU time (s) and resident set (bytes), from /proc/self.
void read_process_usage(double& cpu_seconds, uint64_t& rss_bytes);

// The latest snapshot, handed from the engine thread to readers.
class MetricsBoard {
  public:
    void publish(MetricsSnapshot m) {
        auto p = std::make_shared<const MetricsSnapshot>(std::move(m));
        std::lock_guard lock(mutex_);
        latest_ = std::move(p);
    }
    std::shared_ptr<const MetricsSnapshot> latest() const {
        std::lock_guard lock(mutex_);
        return latest_;
    }

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const MetricsSnapshot> latest_;
};

}  // namespace lanner::app
