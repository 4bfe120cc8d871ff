#include "app/run_loop.h"

#include <time.h>

#include <cmath>

#include "app/event_printer.h"
#include "capture/capture_writer.h"
#include "schema/event_table.h"

namespace lanner::app {
namespace {

uint64_t monotonic_ns() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<uint64_t>(t.tv_sec) * 1000000000u + static_cast<uint64_t>(t.tv_nsec);
}

constexpr uint64_t kTickNs = 1000000000;  // on_tick at least this often
constexpr auto kLiveWait = std::chrono::milliseconds(100);

}  // namespace

void run_events(Source& source, Engine& engine, const RunHooks& hooks, const RunLimits& limits,
                RunSummary& sum) {
    const bool limited = limits.duration_s > 0;
    const auto limit_ns = static_cast<uint64_t>(std::llround(limits.duration_s * 1e9));
    uint64_t origin = limits.capture_origin_ts;
    const uint64_t wall_start = monotonic_ns();
    uint64_t next_tick = wall_start + kTickNs;
    uint64_t num = 0;
    Event ev;
    const auto wait = limits.capture_time ? std::chrono::milliseconds(0) : kLiveWait;
    for (;;) {
        if (limits.stop != nullptr && limits.stop->load(std::memory_order_relaxed)) {
            sum.stopped_by_request = true;
            break;
        }
        const NextStatus status = source.next(ev, wait);
        if (status == NextStatus::End) break;
        const bool idle = status == NextStatus::Timeout;
        if (!limits.capture_time || idle || (num & 0xfff) == 0) {
            const uint64_t now = monotonic_ns();
            if (limited && !limits.capture_time && now - wall_start >= limit_ns) {
                sum.stopped_by_limit = true;
                break;
            }
            if (idle || now >= next_tick) {
                next_tick = now + kTickNs;
                if (hooks.on_tick) hooks.on_tick();
            }
        }
        if (idle) continue;

        if (schema::is_meta_event(ev.type())) {
            ++sum.state_records;
        } else {
            if (limits.capture_time) {
                if (origin == 0) origin = ev.ts();
                if (limited && ev.ts() >= origin && ev.ts() - origin >= limit_ns) {
                    sum.stopped_by_limit = true;
                    break;
                }
            }
            ++sum.events;
            sum.lost += ev.hdr().lost;
            if (hooks.capture) hooks.capture->write_event(ev);
        }
        ev.num = ++num;
        const auto matches = engine.process(ev);
        if (hooks.printer) hooks.printer->print(ev);
        if (!matches.empty()) {
            sum.matches += matches.size();
            if (hooks.matches)
                for (const rules::CompiledRule* rule : matches)
                    hooks.matches->on_match(*rule, ev, engine);
        }
    }
    engine.flush_state();
}

}  // namespace lanner::app
