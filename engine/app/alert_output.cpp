#include "app/alert_output.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include "app/engine.h"
#include "common/error.h"
#include "common/log.h"
#include "config/rule_selection.h"
#include "output/extra_outputs.h"
#include "output/file_sink.h"
#include "output/http_sink.h"
#include "output/program_sink.h"
#include "output/stdout_sink.h"
#include "output/syslog_sink.h"

namespace lanner::app {
namespace {

output::AlertThrottle throttle_from(const config::Throttle& t) {
    bool any = t.rate > 0;
    for (const auto& r : t.rules) any = any || r.rate.value_or(0) > 0;
    return output::AlertThrottle(
        [t](std::string_view rule) {
            const config::ThrottleLimits l = config::throttle_for(t, rule);
            return output::ThrottleLimits{l.rate, l.burst};
        },
        any);
}

output::HttpSinkOptions http_options(const config::HttpOutput& h, std::FILE* echo_to) {
    output::HttpSinkOptions o;
    o.http.url = h.url;
    o.http.user_agent = h.user_agent;
    o.http.insecure = h.insecure;
    o.http.ca_cert = h.ca_cert;
    o.http.ca_bundle = h.ca_bundle;
    o.http.ca_path = h.ca_path;
    o.http.mtls = h.mtls;
    o.http.client_cert = h.client_cert;
    o.http.client_key = h.client_key;
    o.http.compress = h.compress_uploads;
    o.http.keep_alive = h.keep_alive;
    o.echo = h.echo;
    o.echo_to = echo_to;
    if (!h.spool.dir.empty()) {
        output::SpoolOptions s;
        s.dir = h.spool.dir;
        s.max_bytes = h.spool.max_size.bytes;
        o.spool = s;
    }
    return o;
}

bool is_socket(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

}  // namespace

std::vector<rules::ExtraOutput> extra_outputs(const config::Config& cfg, const CommandOptions& o) {
    std::vector<rules::ExtraOutput> out;
    if (!o.extra_output.empty()) {
        auto extra = output::extra_output_for_print(o.extra_output);
        if (!extra) throw Error("-p {}: not an output format", o.extra_output);
        out.push_back(std::move(*extra));
    }
    for (const auto& a : cfg.append_output) {
        rules::RuleSelector match{a.match.source, a.match.tags, a.match.rule};
        if (a.suggested_output) out.push_back(output::suggested_output(match));
        if (a.extra_output.empty() && a.extra_fields.empty()) continue;
        rules::ExtraOutput e;
        e.match = std::move(match);
        e.format = a.extra_output;
        for (const auto& f : a.extra_fields)
            e.fields.push_back(f.format.empty() ? rules::ExtraOutputField{f.name, f.name, true}
                                                : rules::ExtraOutputField{f.name, f.format, false});
        out.push_back(std::move(e));
    }
    return out;
}

AlertOutput::AlertOutput(const config::Config& cfg, const Engine& engine, std::FILE* stdout_stream)
    : formatter_(output::FormatOptions{engine.hostname(), engine.boot_time_ns(), cfg.priority}),
      throttle_(throttle_from(cfg.throttle)) {
    output::RenderOptions render;
    render.json_output = cfg.json_output;
    render.time_format_iso_8601 = cfg.time_format_iso_8601;
    render.json_include_output_property = cfg.json_include_output_property;
    render.json_include_tags_property = cfg.json_include_tags_property;
    render.json_include_message_property = cfg.json_include_message_property;
    render.json_include_output_fields_property = cfg.json_include_output_fields_property;
    output::OutputQueueOptions qo;
    qo.capacity = cfg.outputs_queue_capacity();
    qo.buffered = cfg.buffered_outputs;
    queue_ = std::make_unique<output::OutputQueue>(qo, render);
    add_configured_sinks(cfg, stdout_stream);
    queue_->start();
}

void AlertOutput::add_configured_sinks(const config::Config& cfg, std::FILE* stdout_stream) {
    if (cfg.stdout_output.enabled)
        queue_->add_sink(std::make_unique<output::StdoutSink>(stdout_stream));
    if (cfg.syslog_output.enabled) {
        // Falco's syslog(3) drops alerts silently when no daemon listens;
        // say so once instead of failing every alert.
        const output::SyslogSinkOptions so;
        if (is_socket(so.socket_path))
            queue_->add_sink(std::make_unique<output::SyslogSink>(so));
        else
            log::notice("syslog_output: no syslog daemon at {}; alerts are not sent to syslog",
                        so.socket_path);
    }
    if (cfg.file_output.enabled)
        queue_->add_sink(std::make_unique<output::FileSink>(cfg.file_output.filename,
                                                            cfg.file_output.keep_alive));
    if (cfg.program_output.enabled) {
        output::ProgramSinkOptions po;
        po.command = cfg.program_output.program;
        po.keep_alive = cfg.program_output.keep_alive;
        queue_->add_sink(std::make_unique<output::ProgramSink>(po));
    }
    if (cfg.http_output.enabled) {
        auto sink =
            std::make_unique<output::HttpSink>(http_options(cfg.http_output, stdout_stream));
        if (auto c = sink->spool_counters())
            spools_.push_back({sink->name(), cfg.http_output.spool.dir, std::move(c)});
        queue_->add_sink(std::move(sink));
    }
}

AlertOutput::~AlertOutput() {
    if (!finished_) queue_->shutdown(std::chrono::seconds(5));
}

void AlertOutput::on_match(const rules::CompiledRule& rule, const Event& ev, Engine& engine) {
    counts_.add(rule);
    if (!formatter_.wants(rule.priority)) return;
    // Held back before formatting, so a storm of one rule costs little.
    const output::ThrottleVerdict verdict = throttle_.admit(rule.name, ev.ts());
    if (!verdict.pass) return;
    output::Alert alert = formatter_.format(rule, *engine.evaluator(), ev.ts());
    if (verdict.suppressed) output::AlertThrottle::annotate(alert, verdict);
    queue_->push(std::move(alert));
}

void AlertOutput::raise_internal(output::Alert alert, size_t skip_sink) {
    queue_->push_except(std::move(alert), skip_sink);
}

std::vector<SinkMetrics> AlertOutput::sink_metrics() const {
    std::vector<SinkMetrics> out;
    for (const auto& s : queue_->stats()) out.push_back({s.name, s.sent, s.failed, s.dropped});
    return out;
}

std::vector<SpoolMetrics> AlertOutput::spool_metrics() const {
    std::vector<SpoolMetrics> out;
    for (const auto& s : spools_) {
        const auto& c = *s.counters;
        out.push_back({s.sink, s.dir, c.pending, c.pending_bytes, c.appended, c.delivered,
                       c.rejected, c.evicted, c.too_big, c.recovered, c.corrupt});
    }
    return out;
}

uint64_t AlertOutput::queue_dropped() const {
    uint64_t n = 0;
    for (const auto& s : queue_->stats()) n += s.dropped;
    return n;
}

void AlertOutput::finish(std::FILE* err, std::chrono::milliseconds wait) {
    if (finished_) return;
    finished_ = true;
    const output::ShutdownReport r = queue_->shutdown(wait);
    for (const auto& s : r.sinks) {
        if (s.failed == 0 && s.dropped == 0 && s.queued == 0) continue;
        fmt::print(err,
                   "lanner: output {}: {} sent, {} failed, {} dropped (queue full), {} not "
                   "delivered at exit\n",
                   s.name, s.sent, s.failed, s.dropped, s.queued);
    }
    for (const auto& m : spool_metrics()) {
        if (m.pending == 0 && m.evicted == 0 && m.corrupt == 0 && m.rejected == 0) continue;
        fmt::print(err,
                   "lanner: output {}: spool {}: {} alert(s) wait for the next run; {} dropped "
                   "(spool full), {} refused by the endpoint, {} lost to damage\n",
                   m.sink, m.dir, m.pending, m.evicted, m.rejected, m.corrupt);
    }
    if (throttle_.suppressed_total()) {
        fmt::print(err, "lanner: throttle: {} alert(s) held back\n", throttle_.suppressed_total());
        for (const auto& s : throttle_.suppressions())
            fmt::print(err, "lanner:   {}: {} ({} since its last alert)\n", s.rule, s.total,
                       s.pending);
    }
}

}  // namespace lanner::app
