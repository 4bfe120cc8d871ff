#include "app/alert_output.h"

#include <fmt/format.h>

#include "app/engine.h"
#include "common/error.h"
#include "output/extra_outputs.h"
#include "output/file_sink.h"
#include "output/stdout_sink.h"

namespace lanner::app {

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
    : formatter_(output::FormatOptions{engine.hostname(), engine.boot_time_ns(), cfg.priority}) {
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
    if (cfg.stdout_output.enabled)
        queue_->add_sink(std::make_unique<output::StdoutSink>(stdout_stream));
    if (cfg.file_output.enabled)
        queue_->add_sink(std::make_unique<output::FileSink>(cfg.file_output.filename,
                                                            cfg.file_output.keep_alive));
    queue_->start();
}

AlertOutput::~AlertOutput() {
    if (!finished_) queue_->shutdown(std::chrono::seconds(5));
}

void AlertOutput::on_match(const rules::CompiledRule& rule, const Event& ev, Engine& engine) {
    counts_.add(rule);
    if (!formatter_.wants(rule.priority)) return;
    queue_->push(formatter_.format(rule, *engine.evaluator(), ev.ts()));
}

std::vector<SinkMetrics> AlertOutput::sink_metrics() const {
    std::vector<SinkMetrics> out;
    for (const auto& s : queue_->stats()) out.push_back({s.name, s.sent, s.failed, s.dropped});
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
}

}  // namespace lanner::app
