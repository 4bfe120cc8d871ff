#include "app/live_run.h"

#include <linux/capability.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <optional>

#include <fmt/format.h>

#include "app/alert_output.h"
#include "app/driver_select.h"
#include "app/engine.h"
#include "app/event_printer.h"
#include "app/match_counts.h"
#include "app/rules_setup.h"
#include "app/run_loop.h"
#include "capture/capture_info.h"
#include "capture/capture_writer.h"
#include "common/error.h"
#include "common/log.h"
#include "event/event.h"
#include "schema/event_table.h"
#include "source/interest.h"
#include "state/proc_scanner.h"
#include "state/tracked_events.h"

namespace lanner::app {
namespace {

std::atomic<bool> g_stop{false};

constexpr const char* kDropCauseNames[LN_DROP_CAUSE_MAX] = {"ring full", "too big", "nested",
                                                            "other"};

extern "C" void on_stop_signal(int) {
    g_stop.store(true, std::memory_order_relaxed);
}

// SIGINT/SIGTERM end the run; restored when the run ends.
class StopSignals {
  public:
    StopSignals() {
        g_stop.store(false);
        struct sigaction sa {};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int_);
        sigaction(SIGTERM, &sa, &old_term_);
    }
    ~StopSignals() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

  private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

// The syscalls to record: what the enabled rules can match and what the
// state tracker needs, or everything with -A.
ln_interest interest_for_run(const rules::CompiledRuleset& ruleset, bool all_events,
                             size_t& events) {
    if (all_events) {
        events = 0;
        for (uint16_t t = 1; t < LN_EVT_MAX; ++t) events += !schema::is_meta_event(t);
        return interest_all();
    }
    EventTypeSet wanted;
    for (uint16_t t : ruleset.event_types().types()) wanted.set(t);
    for (uint16_t t : state::tracked_events()) wanted.set(t);
    events = wanted.count();
    return interest_for_events(wanted);
}

// Logs each new burst of drops (at most once per tick) and their totals.
class DropReporter {
  public:
    explicit DropReporter(const Source& source) : source_(source) {}
    void tick() {
        const uint64_t total = source_.stats().total_drops();
        if (total > reported_) {
            log::warn("{} events dropped by the driver in the last interval ({} in all)",
                      total - reported_, total);
            reported_ = total;
        }
    }

  private:
    const Source& source_;
    uint64_t reported_ = 0;
};

void print_drop_summary(std::FILE* err, const SourceStats& s) {
    uint64_t produced = 0, delivered = 0;
    for (const auto& c : s.per_cpu) {
        produced += c.produced;
        delivered += c.delivered;
    }
    fmt::print(err, "lanner: driver: {} records produced, {} delivered, {} dropped", produced,
               delivered, s.total_drops());
    if (s.missed_runs) fmt::print(err, " ({} probe runs missed)", s.missed_runs);
    fmt::print(err, "\n");
    for (const auto& c : s.per_cpu) {
        uint64_t d = 0;
        for (auto n : c.drops) d += n;
        if (d == 0) continue;
        fmt::print(err, "lanner:   cpu {}: {} dropped (", c.cpu, d);
        const char* sep = "";
        for (unsigned cause = 0; cause < LN_DROP_CAUSE_MAX; ++cause) {
            if (c.drops[cause] == 0) continue;
            fmt::print(err, "{}{}: {}", sep, kDropCauseNames[cause], c.drops[cause]);
            sep = ", ";
        }
        fmt::print(err, ")\n");
    }
}

}  // namespace

std::string missing_privilege() {
    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capget, &hdr, data) != 0)
        return geteuid() == 0 ? "" : "lanner needs root to watch this host (run it with sudo)";
    const auto has = [&](int cap) { return (data[cap / 32].effective >> (cap % 32)) & 1; };
    constexpr int kCapSysAdmin = 21, kCapPerfmon = 38, kCapBpf = 39;
    if (has(kCapSysAdmin) || (has(kCapBpf) && has(kCapPerfmon))) return "";
    return "lanner needs root (or CAP_BPF and CAP_PERFMON) to watch this host: run it with sudo";
}

int run_live(const CommandOptions& o, const RunConfig& rc, std::FILE* out, std::FILE* err) {
    const config::Config& cfg = rc.config;
    EngineOptions eo;
    eo.matching = cfg.rule_matching;
    Engine engine(eo);
    LoadedRules loaded = load_rules(cfg, o, engine.registry(), err);
    const size_t enabled = loaded.enabled();
    engine.use_ruleset(loaded.ruleset);

    if (const std::string why = missing_privilege(); !why.empty()) {
        fmt::print(err, "lanner: {}\n", why);
        return 1;
    }
    DriverRequest req;
    req.kind = cfg.engine.kind == config::EngineKind::Kmod   ? DriverKind::Kmod
               : cfg.engine.kind == config::EngineKind::Ebpf ? DriverKind::Ebpf
                                                             : DriverKind::Auto;
    req.kmod_path = o.kmod_path;
    req.kmod_ring_bytes = cfg.engine.ring_bytes_per_cpu(config::EngineKind::Kmod);
    req.ebpf_ring_bytes = cfg.engine.ring_bytes_per_cpu(config::EngineKind::Ebpf);
    size_t interest_events = 0;
    req.interest = interest_for_run(*loaded.ruleset, o.all_events, interest_events);
    const size_t syscalls = interest_syscalls(req.interest).size();

    OpenedDriver driver = open_driver(req);
    for (const auto& why : driver.fallback_reasons) log::notice("not using the {}", why);
    log::notice("driver: {}", driver.description);
    log::notice("{} rules loaded from {} ({} enabled); recording {} event types ({} syscalls)",
                loaded.ruleset->rules().size(), fmt::join(loaded.files, ", "), enabled,
                interest_events, syscalls);
    if (o.dry_run) {
        driver.source->stop();
        return 0;
    }
    Source& source = *driver.source;

    // Capture is running: now the scan, whose records are older than
    // nothing the driver delivers after them (state_tracker.h).
    std::vector<uint8_t> scanned;
    const state::ProcScanStats scan = state::ProcScanner().scan(scanned);
    std::optional<capture::CaptureWriter> capture;
    if (!o.write_capture.empty()) {
        capture.emplace(capture::CaptureWriter::to_file(
            o.write_capture, capture::CaptureInfo::for_this_host(std::string(source.kind()))));
    }
    {
        std::span<const uint8_t> rest(scanned);
        while (!rest.empty()) {
            Event ev;
            if (auto bad = Event::decode(rest, ev))
                throw Error("the /proc scan produced a bad record: {}", bad->describe());
            if (capture) capture->write_state(ev);
            engine.process(ev);
            rest = rest.subspan(ev.len());
        }
    }
    log::notice("state: {} processes, {} threads, {} fds from /proc ({} vanished while read)",
                scan.processes, scan.threads, scan.fds, scan.vanished);

    std::optional<EventPrinter> printer;
    if (o.print_events)
        printer.emplace(out, engine.boot_time_ns(), engine.resolver(), o.unbuffered);
    AlertOutput alerts(cfg, engine, out);
    DropReporter drops(source);
    RunHooks hooks;
    hooks.printer = printer ? &*printer : nullptr;
    hooks.capture = capture ? &*capture : nullptr;
    hooks.matches = &alerts;
    hooks.on_tick = [&] {
        drops.tick();
        if (capture) capture->flush();
        if (printer) printer->flush();
    };
    RunLimits limits;
    limits.duration_s = o.duration_s;
    limits.capture_time = false;
    StopSignals signals;
    limits.stop = &g_stop;

    RunSummary sum;
    run_events(source, engine, hooks, limits, sum);
    source.stop();
    if (printer) printer->flush();
    alerts.finish(err);
    if (capture) capture->close();
    fmt::print(err, "lanner: {} events{}\n", sum.events,
               sum.stopped_by_limit ? fmt::format(" (stopped after {} s, -M)", o.duration_s)
                                    : std::string(sum.stopped_by_request ? " (stopped)" : ""));
    print_drop_summary(err, source.stats());
    alerts.counts().print(err);
    return 0;
}

}  // namespace lanner::app
