#include "app/live_session.h"

#include <fmt/format.h>

#include "app/live_signals.h"
#include "capture/capture_info.h"
#include "common/error.h"
#include "common/log.h"
#include "config/config_render.h"
#include "config/default_paths.h"
#include "schema/event_table.h"
#include "source/interest.h"
#include "state/proc_scanner.h"
#include "state/tracked_events.h"

namespace lanner::app {
namespace {

constexpr const char* kDropCauseNames[LN_DROP_CAUSE_MAX] = {"ring full", "too big", "nested",
                                                            "other"};

DriverRequest driver_request(const config::Config& cfg, const CommandOptions& o) {
    DriverRequest req;
    req.kind = cfg.engine.kind == config::EngineKind::Kmod   ? DriverKind::Kmod
               : cfg.engine.kind == config::EngineKind::Ebpf ? DriverKind::Ebpf
                                                             : DriverKind::Auto;
    req.kmod_path = o.kmod_path;
    req.kmod_ring_bytes = cfg.engine.ring_bytes_per_cpu(config::EngineKind::Kmod);
    req.ebpf_ring_bytes = cfg.engine.ring_bytes_per_cpu(config::EngineKind::Ebpf);
    return req;
}

// The settings the alert outputs are built from: a reload rebuilds them only
// when these change, so alerts queued for a slow sink are not cut short.
std::string output_settings(const config::Config& c) {
    config::Config o;
    o.json_output = c.json_output;
    o.json_include_output_property = c.json_include_output_property;
    o.json_include_tags_property = c.json_include_tags_property;
    o.json_include_message_property = c.json_include_message_property;
    o.json_include_output_fields_property = c.json_include_output_fields_property;
    o.time_format_iso_8601 = c.time_format_iso_8601;
    o.buffered_outputs = c.buffered_outputs;
    o.outputs_queue = c.outputs_queue;
    o.priority = c.priority;
    o.throttle = c.throttle;
    o.stdout_output = c.stdout_output;
    o.syslog_output = c.syslog_output;
    o.file_output = c.file_output;
    o.http_output = c.http_output;
    o.program_output = c.program_output;
    return config::render_yaml(o);
}

WebServerOptions web_options(const config::Webserver& w) {
    WebServerOptions o;
    o.listen_address = w.listen_address;
    o.listen_port = static_cast<uint16_t>(w.listen_port);
    o.healthz_endpoint = w.k8s_healthz_endpoint;
    o.prometheus_metrics = w.prometheus_metrics_enabled;
    o.ssl = w.ssl_enabled;
    o.ssl_certificate = w.ssl_certificate;
    return o;
}

bool same_webserver(const config::Webserver& a, const config::Webserver& b) {
    return a.enabled == b.enabled && a.listen_address == b.listen_address &&
           a.listen_port == b.listen_port && a.k8s_healthz_endpoint == b.k8s_healthz_endpoint &&
           a.prometheus_metrics_enabled == b.prometheus_metrics_enabled &&
           a.ssl_enabled == b.ssl_enabled && a.ssl_certificate == b.ssl_certificate;
}

}  // namespace

LiveSession::LiveSession(const CommandOptions& o, RunConfig rc, std::FILE* out, std::FILE* err)
    : o_(o),
      rc_(std::move(rc)),
      out_(out),
      err_(err),
      started_(std::chrono::steady_clock::now()),
      engine_([&] {
          EngineOptions eo;
          eo.matching = rc_.config.rule_matching;
          return eo;
      }()) {
    const config::Config& cfg = rc_.config;
    rules_ = load_rules(cfg, o_, engine_.registry(), err_);
    engine_.use_ruleset(rules_.ruleset);

    DriverRequest req = driver_request(cfg, o_);
    size_t events = 0;
    req.interest = interest(*rules_.ruleset, events);
    interest_syscalls_ = interest_syscalls(req.interest).size();
    driver_ = open_driver(req);
    for (const auto& why : driver_.fallback_reasons) log::notice("not using the {}", why);
    log::notice("driver: {}", driver_.description);
    log::notice("{} rules loaded from {} ({} enabled); recording {} event types ({} syscalls)",
                rules_.ruleset->rules().size(), fmt::join(rules_.files, ", "), rules_.enabled(),
                events, interest_syscalls_);
}

LiveSession::~LiveSession() {
    if (driver_.source) driver_.source->stop();
}

ln_interest LiveSession::interest(const rules::CompiledRuleset& ruleset, size_t& events) const {
    if (o_.all_events) {
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

void LiveSession::start_outputs(const config::Config& cfg) {
    auto fresh = std::make_unique<AlertOutput>(cfg, engine_, out_);
    if (alerts_) {
        fresh->carry_counts(alerts_->counts());
        alerts_->finish(err_, std::chrono::seconds(1));
    }
    drop_monitor_.reset();  // holds a reference to the outputs it replaces
    alerts_ = std::move(fresh);
    hooks_.matches = alerts_.get();
    drop_monitor_ =
        std::make_unique<DropMonitor>(cfg.syscall_event_drops, cfg.output_drops, *alerts_);
}

void LiveSession::start_watch() {
    watch_.reset();
    if (!rc_.config.watch_config_files) return;
    std::vector<std::filesystem::path> paths = rc_.watched;
    for (const auto& p : config::effective_rules_files(rc_.config)) paths.push_back(p);
    try {
        watch_ = std::make_unique<FileWatch>(paths);
    } catch (const Error& e) {
        log::warn("watch_config_files: {}; changes need SIGHUP", e.what());
    }
}

int LiveSession::run() {
    if (o_.dry_run) return 0;
    Source& source = *driver_.source;
    const config::Config& cfg = rc_.config;

    // Capture is running: now the scan. Records the driver delivers for
    // what happened during it are older than the state they would change,
    // and the tracker leaves that state alone (state_tracker.h).
    std::vector<uint8_t> scanned;
    const state::ProcScanStats scan = state::ProcScanner().scan(scanned);
    if (!o_.write_capture.empty())
        capture_.emplace(capture::CaptureWriter::to_file(
            o_.write_capture, capture::CaptureInfo::for_this_host(std::string(source.kind()))));
    for (std::span<const uint8_t> rest(scanned); !rest.empty();) {
        Event ev;
        if (auto bad = Event::decode(rest, ev))
            throw Error("the /proc scan produced a bad record: {}", bad->describe());
        if (capture_) capture_->write_state(ev);
        engine_.process(ev);
        rest = rest.subspan(ev.len());
    }
    log::notice("state: {} processes, {} threads, {} fds from /proc ({} vanished while read)",
                scan.processes, scan.threads, scan.fds, scan.vanished);

    if (o_.print_events)
        printer_.emplace(out_, engine_.boot_time_ns(), engine_.resolver(), o_.unbuffered);
    start_outputs(cfg);
    if (cfg.webserver.enabled) {
        web_ = std::make_unique<WebServer>(web_options(cfg.webserver), board_);
        log::notice("webserver: http{}://{}:{}{}{}", cfg.webserver.ssl_enabled ? "s" : "",
                    cfg.webserver.listen_address, web_->port(), cfg.webserver.k8s_healthz_endpoint,
                    cfg.webserver.prometheus_metrics_enabled ? " and /metrics" : "");
    }
    start_watch();
    publish_metrics();

    LiveSignals signals;
    hooks_.printer = printer_ ? &*printer_ : nullptr;
    hooks_.capture = capture_ ? &*capture_ : nullptr;
    hooks_.on_tick = [&] { tick(signals); };
    RunLimits limits;
    limits.duration_s = o_.duration_s;
    limits.capture_time = false;
    limits.stop = &signals.stop_flag();

    RunSummary sum;
    run_events(source, engine_, hooks_, limits, sum);
    source.stop();
    if (printer_) printer_->flush();
    alerts_->finish(err_);
    if (capture_) capture_->close();
    web_.reset();
    print_summary(sum);
    drop_monitor_->print_summary(err_);
    return exit_on_drops_ ? 1 : 0;
}

void LiveSession::tick(LiveSignals& signals) {
    const SourceStats stats = driver_.source->stats();
    const uint64_t drops = stats.total_drops();
    if (drops > drops_reported_) {
        log::notice("{} events dropped by the driver in the last interval ({} in all)",
                    drops - drops_reported_, drops);
        drops_reported_ = drops;
    }
    // The configured syscall_event_drops and output_drops actions.
    if (drop_monitor_->tick(stats) == DropMonitor::Action::Exit && !exit_on_drops_) {
        exit_on_drops_ = true;
        log::error("syscall_event_drops: exit action: stopping");
        signals.request_stop();
    }
    if (capture_) capture_->flush();
    if (printer_) printer_->flush();
    if (signals.take_reopen()) {
        log::notice("SIGUSR1: reopening the outputs");
        alerts_->reopen();
    }
    if (signals.take_reload())
        reload("SIGHUP");
    else if (watch_ && watch_->changed())
        reload("a watched file changed");
    publish_metrics();
}

bool LiveSession::reload(std::string_view why) {
    log::notice("reloading the configuration and rules ({})", why);
    try {
        RunConfig next = load_run_config(o_, err_);
        LoadedRules rules = load_rules(next.config, o_, engine_.registry(), err_);
        size_t events = 0;
        const ln_interest in = interest(*rules.ruleset, events);
        driver_.source->set_interest(in);  // the one step that can fail in the kernel
        std::unique_ptr<WebServer> web;
        const bool web_changed = !same_webserver(next.config.webserver, rc_.config.webserver);
        if (web_changed && next.config.webserver.enabled) {
            web_.reset();  // frees the port when only the endpoints changed
            web = std::make_unique<WebServer>(web_options(next.config.webserver), board_);
        }
        // Committed from here on: nothing below throws.
        const bool outputs_changed = output_settings(next.config) != output_settings(rc_.config);
        engine_.set_matching(next.config.rule_matching);
        engine_.use_ruleset(rules.ruleset);
        apply_log_settings(next.config, err_);
        if (web_changed) web_ = std::move(web);
        rc_ = std::move(next);
        rules_ = std::move(rules);
        interest_syscalls_ = interest_syscalls(in).size();
        if (outputs_changed) start_outputs(rc_.config);
        start_watch();
        ++reloads_;
        log::notice("reloaded: {} rules ({} enabled), recording {} event types ({} syscalls){}",
                    rules_.ruleset->rules().size(), rules_.enabled(), events, interest_syscalls_,
                    outputs_changed ? "; outputs restarted" : "");
        return true;
    } catch (const std::exception& e) {
        ++reload_failures_;
        log::error("reload failed, the running configuration and rules stay: {}", e.what());
        return false;
    }
}

void LiveSession::publish_metrics() {
    MetricsSnapshot m;
    m.version = LANNER_VERSION;
    m.driver = std::string(driver_.source->kind());
    m.uptime_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const EngineCounters& c = engine_.counters();
    m.events = c.events;
    std::array<uint64_t, 32> by_category{};
    for (uint16_t t = 0; t < LN_EVT_MAX; ++t) {
        const auto cat = static_cast<size_t>(schema::event_info(t).category);
        if (cat < by_category.size()) by_category[cat] += c.by_type[t];
    }
    for (size_t cat = 0; cat < by_category.size(); ++cat)
        if (by_category[cat] != 0)
            m.events_by_category.emplace_back(
                std::string(schema::category_name(static_cast<ln_category>(cat))),
                by_category[cat]);
    m.source = driver_.source->stats();
    m.interest_syscalls = interest_syscalls_;
    m.rules_loaded = rules_.ruleset->rules().size();
    m.rules_enabled = rules_.enabled();
    if (alerts_) {
        for (const auto& [name, rc] : alerts_->counts().by_rule())
            m.alerts.push_back({name, std::string(rules::priority_name(rc.priority)), rc.count});
        m.sinks = alerts_->sink_metrics();
        m.output_queue_dropped = alerts_->queue_dropped();
        m.alerts_throttled = alerts_->throttled();
        for (const auto& sp : alerts_->spool_metrics())
            m.spools.push_back({sp.sink, sp.pending, sp.pending_bytes, sp.evicted});
    }
    read_process_usage(m.cpu_seconds, m.rss_bytes);
    const state::StateCounters sc = engine_.tracker().counters();
    m.threads = sc.threads;
    m.processes = sc.processes;
    m.containers = sc.containers;
    m.reloads = reloads_;
    m.reload_failures = reload_failures_;
    board_.publish(std::move(m));
}

void LiveSession::print_summary(const RunSummary& sum) const {
    fmt::print(err_, "lanner: {} events{}\n", sum.events,
               sum.stopped_by_limit ? fmt::format(" (stopped after {} s, -M)", o_.duration_s)
                                    : std::string(sum.stopped_by_request ? " (stopped)" : ""));
    const SourceStats s = driver_.source->stats();
    uint64_t produced = 0, delivered = 0;
    for (const auto& c : s.per_cpu) {
        produced += c.produced;
        delivered += c.delivered;
    }
    fmt::print(err_, "lanner: driver: {} records produced, {} delivered, {} dropped", produced,
               delivered, s.total_drops());
    if (s.missed_runs) fmt::print(err_, " ({} probe runs missed)", s.missed_runs);
    fmt::print(err_, "\n");
    for (const auto& c : s.per_cpu) {
        uint64_t d = 0;
        for (auto n : c.drops) d += n;
        if (d == 0) continue;
        fmt::print(err_, "lanner:   cpu {}: {} dropped (", c.cpu, d);
        const char* sep = "";
        for (unsigned cause = 0; cause < LN_DROP_CAUSE_MAX; ++cause) {
            if (c.drops[cause] == 0) continue;
            fmt::print(err_, "{}{}: {}", sep, kDropCauseNames[cause], c.drops[cause]);
            sep = ", ";
        }
        fmt::print(err_, ")\n");
    }
    alerts_->counts().print(err_);
}

}  // namespace lanner::app
