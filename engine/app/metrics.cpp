#include "app/metrics.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "lanner/driver_abi.h"

namespace lanner::app {
namespace {

constexpr const char* kDropCauses[LN_DROP_CAUSE_MAX] = {"ring_full", "too_big", "nested", "other"};

// Label values: backslash, double quote and newline escaped.
std::string label(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\' || c == '"') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

class Exposition {
  public:
    void family(std::string_view name, std::string_view type, std::string_view help) {
        fmt::format_to(std::back_inserter(out_), "# HELP lanner_{} {}\n# TYPE lanner_{} {}\n", name,
                       help, name, type);
    }
    template <typename V>
    void sample(std::string_view name, V value, std::string_view labels = {}) {
        if (labels.empty())
            fmt::format_to(std::back_inserter(out_), "lanner_{} {}\n", name, value);
        else
            fmt::format_to(std::back_inserter(out_), "lanner_{}{{{}}} {}\n", name, labels, value);
    }
    template <typename V>
    void single(std::string_view name, std::string_view type, std::string_view help, V value) {
        family(name, type, help);
        sample(name, value);
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

}  // namespace

std::string prometheus_text(const MetricsSnapshot& m) {
    Exposition e;
    e.family("info", "gauge", "Lanner's version and the driver it runs.");
    e.sample("info", 1,
             fmt::format("version=\"{}\",driver=\"{}\"", label(m.version), label(m.driver)));
    e.single("uptime_seconds", "gauge", "Seconds since the engine started.", m.uptime_s);
    e.single("events_total", "counter", "Events the rules ran on.", m.events);
    e.family("events_by_category_total", "counter", "Events by category of their type.");
    for (const auto& [cat, n] : m.events_by_category)
        e.sample("events_by_category_total", n, fmt::format("category=\"{}\"", label(cat)));
    e.single("records_total", "counter", "Records the driver handed to the engine.",
             m.source.records);
    e.single("driver_lost_in_records_total", "counter",
             "Drops the driver reported in the 'lost' field of later records.",
             m.source.lost_in_records);
    e.family("driver_drops_total", "counter", "Records the driver dropped, by CPU and cause.");
    for (const auto& c : m.source.per_cpu)
        for (unsigned cause = 0; cause < LN_DROP_CAUSE_MAX; ++cause)
            e.sample("driver_drops_total", c.drops[cause],
                     fmt::format("cpu=\"{}\",cause=\"{}\"", c.cpu, kDropCauses[cause]));
    e.family("driver_produced_total", "counter", "Records the driver built, by CPU.");
    for (const auto& c : m.source.per_cpu)
        e.sample("driver_produced_total", c.produced, fmt::format("cpu=\"{}\"", c.cpu));
    e.single("driver_missed_runs_total", "counter",
             "Probe runs the kernel skipped (a program already running on that CPU).",
             m.source.missed_runs);
    e.single("interest_syscalls", "gauge", "Syscalls the driver records.", m.interest_syscalls);
    e.single("rules_loaded", "gauge", "Rules loaded.", m.rules_loaded);
    e.single("rules_enabled", "gauge", "Rules enabled.", m.rules_enabled);
    e.family("alerts_total", "counter", "Alerts raised, by rule and priority.");
    for (const auto& a : m.alerts)
        e.sample("alerts_total", a.count,
                 fmt::format("rule=\"{}\",priority=\"{}\"", label(a.rule), label(a.priority)));
    e.single("outputs_queue_dropped_total", "counter",
             "Alerts dropped because the output queue was full.", m.output_queue_dropped);
    e.single("alerts_throttled_total", "counter",
             "Alerts the per-rule throttle held back (summarised in the rule's next alert).",
             m.alerts_throttled);
    e.family("spool_pending_alerts", "gauge", "Alerts waiting in an output's on-disk spool.");
    for (const auto& sp : m.spools)
        e.sample("spool_pending_alerts", sp.pending, fmt::format("output=\"{}\"", label(sp.sink)));
    e.family("spool_pending_bytes", "gauge", "Bytes of an output's on-disk spool.");
    for (const auto& sp : m.spools)
        e.sample("spool_pending_bytes", sp.pending_bytes,
                 fmt::format("output=\"{}\"", label(sp.sink)));
    e.family("spool_evicted_total", "counter",
             "Spooled alerts dropped (oldest first) because the spool was full.");
    for (const auto& sp : m.spools)
        e.sample("spool_evicted_total", sp.evicted, fmt::format("output=\"{}\"", label(sp.sink)));
    e.family("output_sent_total", "counter", "Alerts an output delivered.");
    for (const auto& s : m.sinks)
        e.sample("output_sent_total", s.sent, fmt::format("output=\"{}\"", label(s.sink)));
    e.family("output_failed_total", "counter", "Deliveries an output failed (retries included).");
    for (const auto& s : m.sinks)
        e.sample("output_failed_total", s.failed, fmt::format("output=\"{}\"", label(s.sink)));
    e.family("output_dropped_total", "counter", "Alerts an output gave up on.");
    for (const auto& s : m.sinks)
        e.sample("output_dropped_total", s.dropped, fmt::format("output=\"{}\"", label(s.sink)));
    e.single("cpu_seconds_total", "counter", "CPU time of the engine process (user + system).",
             m.cpu_seconds);
    e.single("resident_memory_bytes", "gauge", "Resident memory of the engine process.",
             m.rss_bytes);
    e.single("state_threads", "gauge", "Threads in the state tables.", m.threads);
    e.single("state_processes", "gauge", "Processes in the state tables.", m.processes);
    e.single("state_containers", "gauge", "Containers known.", m.containers);
    e.single("reloads_total", "counter", "Configuration and rules reloads applied.", m.reloads);
    e.single("reload_failures_total", "counter",
             "Reloads refused (the running rules and configuration were kept).", m.reload_failures);
    return e.take();
}

void read_process_usage(double& cpu_seconds, uint64_t& rss_bytes) {
    cpu_seconds = 0;
    rss_bytes = 0;
    std::ifstream stat("/proc/self/stat");
    std::string line;
    if (std::getline(stat, line)) {
        const size_t close = line.rfind(')');
        if (close != std::string::npos) {
            std::istringstream rest(line.substr(close + 2));
            std::string field;
            unsigned long long utime = 0, stime = 0;
            for (int i = 3; i <= 15 && rest >> field; ++i) {
                if (i == 14) utime = std::stoull(field);
                if (i == 15) stime = std::stoull(field);
            }
            cpu_seconds =
                static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
        }
    }
    std::ifstream status("/proc/self/status");
    while (std::getline(status, line))
        if (line.starts_with("VmRSS:")) rss_bytes = std::stoull(line.substr(6)) * 1024;
}

}  // namespace lanner::app
