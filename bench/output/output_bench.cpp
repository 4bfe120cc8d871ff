// The cost of an alert, step by step: making it on the engine thread
// (AlertFormatter::format, with the heap allocations that takes), rendering
// its text and JSON forms (on the sink threads), pushing it into the queue
// (the engine thread's only other cost), and alerts/s one sink thread
// delivers: to a sink that discards them and to a file, unbuffered and
// buffered. Queue figures are the best of 5 runs of 20000 alerts.
// The rule is shaped like Falco's "Read sensitive file untrusted": 19 fields,
// evt.* extracted from the record, the state-backed ones absent (<NA>).
//
//   output_bench [alerts]
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include "event/event.h"
#include "event/record_builder.h"
#include "fields/default_registry.h"
#include "heap_allocations.h"
#include "output/alert_formatter.h"
#include "output/alert_json.h"
#include "output/alert_text.h"
#include "output/file_sink.h"
#include "output/output_queue.h"
#include "rules/rules_loader.h"

namespace {

using namespace lanner;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

const char* kRules = R"(
- rule: Read sensitive file untrusted
  desc: bench
  condition: evt.type = openat
  priority: WARNING
  tags: [filesystem, mitre_credential_access]
  output: >
    Sensitive file opened for reading by non-trusted program | file=%fd.name
    gparent=%proc.aname[2] ggparent=%proc.aname[3] gggparent=%proc.aname[4]
    evt_type=%evt.type user=%user.name user_uid=%user.uid user_loginuid=%user.loginuid
    process=%proc.name proc_exepath=%proc.exepath parent=%proc.pname command=%proc.cmdline
    terminal=%proc.tty name=%evt.arg.name flags=%evt.arg.flags res=%evt.res
    container_id=%container.id container_name=%container.name
)";

class NullSink final : public output::Sink {
  public:
    std::string name() const override { return "null"; }
    void deliver(const output::RenderedAlert& a) override { bytes_ += a.line().size(); }

  private:
    uint64_t bytes_ = 0;
};

// Delivery rate of one sink: `n` alerts are queued before the worker
// starts, so the time is the sink thread's alone (render, deliver, flush).
double delivery_rate(std::unique_ptr<output::Sink> sink, const output::Alert& alert, size_t n,
                     bool buffered, bool json) {
    output::OutputQueueOptions o;
    o.capacity = n;
    o.buffered = buffered;
    output::RenderOptions r;
    r.json_output = json;
    output::OutputQueue q(o, r);
    q.add_sink(std::move(sink));
    for (size_t i = 0; i < n; ++i) q.push(alert);
    const auto t0 = Clock::now();
    q.start();
    const auto report = q.shutdown(std::chrono::seconds(120));
    const double s = seconds_since(t0);
    if (report.sinks[0].sent != n)
        std::fprintf(stderr, "lost alerts: %zu sent of %zu\n",
                     static_cast<size_t>(report.sinks[0].sent), n);
    return static_cast<double>(n) / s;
}

// Resident memory in bytes.
size_t rss() {
    long pages = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return static_cast<size_t>(resident) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// Memory an alert holds while it waits in a stalled sink's queue, before
// any sink rendered it (rendering adds the text and JSON forms' sizes).
double queued_bytes(const output::Alert& alert, size_t n) {
    output::OutputQueueOptions o;
    o.capacity = n;
    output::OutputQueue q(o, {});
    q.add_sink(std::make_unique<NullSink>());  // never started: everything stays queued
    const size_t before = rss();
    for (size_t i = 0; i < n; ++i) q.push(alert);
    return static_cast<double>(rss() - before) / static_cast<double>(n);
}

// The engine thread's cost of push(), alerts moved in as the engine does,
// with the sink thread draining concurrently.
double push_ns(const output::Alert& alert, size_t n) {
    output::OutputQueueOptions o;
    o.capacity = n;
    output::OutputQueue q(o, {});
    q.add_sink(std::make_unique<NullSink>());
    q.start();
    std::vector<output::Alert> ready(n, alert);
    const auto t0 = Clock::now();
    for (auto& a : ready) q.push(std::move(a));
    const double s = seconds_since(t0);
    q.shutdown(std::chrono::seconds(120));
    return s * 1e9 / static_cast<double>(n);
}

double best(int runs, const std::function<double()>& f, bool highest) {
    double b = f();
    for (int i = 1; i < runs; ++i) b = highest ? std::max(b, f()) : std::min(b, f());
    return b;
}

}  // namespace

int main(int argc, char** argv) {
    const size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;

    auto registry = fields::make_default_registry({nullptr, "benchhost"});
    rules::LoadResult loaded = rules::RulesLoader(registry).add_content("bench", kRules).load();
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics)
            std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 1;
    }
    rules::RuleEvaluator eval(loaded.ruleset);
    const auto bytes = RecordBuilder("openat")
                           .ts(123456789)
                           .thread(42, 42)
                           .set("fd", 3)
                           .set("dirfd", int64_t{AT_FDCWD})
                           .set("name", "/etc/shadow")
                           .set("flags", unsigned{O_RDONLY | O_CLOEXEC})
                           .set("mode", 0u)
                           .build();
    Event ev;
    if (Event::decode(bytes, ev)) return 1;
    std::vector<const rules::CompiledRule*> matches;
    eval.evaluate(ev, matches);
    if (matches.size() != 1) return 1;

    output::AlertFormatter formatter({"benchhost", 1700000000000000000ULL, rules::Priority::Debug});
    output::Alert alert = formatter.format(*matches[0], eval, ev.ts());

    // Formatting, on the engine thread. Each round evaluates the event
    // again, as the engine would, so field caches are fresh.
    uint64_t allocs = 0;
    double format_s = 0;
    for (size_t i = 0; i < n; ++i) {
        eval.evaluate(ev, matches);
        const uint64_t a0 = lanner::bench::heap_allocations();
        const auto t0 = Clock::now();
        output::Alert a = formatter.format(*matches[0], eval, ev.ts());
        format_s += seconds_since(t0);
        allocs += lanner::bench::heap_allocations() - a0;
        if (a.message.size() != alert.message.size()) return 1;
    }

    output::RenderOptions ro;
    size_t sink_bytes = 0;
    auto t0 = Clock::now();
    for (size_t i = 0; i < n; ++i) sink_bytes += output::render_text(alert, ro).size();
    const double text_s = seconds_since(t0);
    t0 = Clock::now();
    for (size_t i = 0; i < n; ++i) sink_bytes += output::render_json(alert, ro).size();
    const double json_s = seconds_since(t0);

    constexpr size_t kQueued = 20000;  // alerts in the queue at once (about 40 MB)
    constexpr int kRuns = 5;
    const double queued = queued_bytes(alert, kQueued);
    const double push = best(
        kRuns, [&] { return push_ns(alert, kQueued); }, false);
    const double null_text = best(
        kRuns,
        [&] { return delivery_rate(std::make_unique<NullSink>(), alert, kQueued, false, false); },
        true);
    const double null_json = best(
        kRuns,
        [&] { return delivery_rate(std::make_unique<NullSink>(), alert, kQueued, false, true); },
        true);
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("lanner-output-bench-" + std::to_string(getpid())))
                                 .string();
    auto file_rate = [&](bool buffered) {
        std::filesystem::remove(path);
        return delivery_rate(std::make_unique<output::FileSink>(path, true), alert, kQueued,
                             buffered, true);
    };
    const double file_unbuffered = best(
        kRuns, [&] { return file_rate(false); }, true);
    const double file_buffered = best(
        kRuns, [&] { return file_rate(true); }, true);
    const auto file_size = std::filesystem::file_size(path);
    std::filesystem::remove(path);

    const double per = 1e9 / static_cast<double>(n);
    std::printf("alerts: %zu; text line %zu bytes, JSON %zu bytes (file: %ju bytes per alert)\n", n,
                output::render_text(alert, ro).size(), output::render_json(alert, ro).size(),
                static_cast<uintmax_t>(file_size / kQueued));
    std::printf("format (engine thread):   %8.0f ns/alert, %.1f heap allocations/alert\n",
                format_s * per, static_cast<double>(allocs) / static_cast<double>(n));
    std::printf("render text:              %8.0f ns/alert\n", text_s * per);
    std::printf("render JSON:              %8.0f ns/alert\n", json_s * per);
    std::printf("push (engine thread):     %8.0f ns/alert\n", push);
    std::printf("memory per queued alert:  %8.0f bytes (not yet rendered)\n", queued);
    std::printf("queue -> null, text:      %8.0f alerts/s\n", null_text);
    std::printf("queue -> null, JSON:      %8.0f alerts/s\n", null_json);
    std::printf("queue -> file, JSON, unbuffered (write per alert): %8.0f alerts/s\n",
                file_unbuffered);
    std::printf("queue -> file, JSON, buffered:                     %8.0f alerts/s\n",
                file_buffered);
    return sink_bytes == 0;
}
