#include "app/replay_run.h"

#include <cmath>

#include <fmt/format.h>

#include "app/event_printer.h"
#include "capture/capture_error.h"
#include "schema/event_table.h"

namespace lanner::app {

void replay(ReplaySource& source, double duration_s, EventPrinter* printer, ReplaySummary& sum) {
    const bool limited = duration_s > 0;
    const auto limit_ns = static_cast<uint64_t>(std::llround(duration_s * 1e9));
    uint64_t origin = source.info().start_ts;
    uint64_t num = 0;
    Event ev;
    source.start();
    while (source.next(ev, std::chrono::milliseconds(0)) == NextStatus::Event) {
        if (schema::is_meta_event(ev.type())) {
            ++sum.state_records;
        } else {
            if (origin == 0) origin = ev.ts();
            if (limited && ev.ts() >= origin && ev.ts() - origin >= limit_ns) {
                sum.stopped_by_limit = true;
                break;
            }
            ++sum.events;
            sum.lost += ev.hdr().lost;
        }
        ev.num = ++num;
        // Seam: the state tracker updates here, then the rules run.
        if (printer) printer->print(ev);
    }
    source.stop();
    sum.incomplete_tail = source.incomplete_tail();
}

namespace {

void print_summary(std::FILE* err, const std::string& name, const ReplaySummary& sum,
                   const CommandOptions& o, std::string_view ending) {
    fmt::print(err, "lanner: replayed {}: {} events, {} state records, {} lost by the driver{}{}\n",
               name, sum.events, sum.state_records, sum.lost,
               sum.stopped_by_limit
                   ? fmt::format("; stopped after {} s of capture time (-M)", o.duration_s)
                   : std::string(),
               ending);
}

}  // namespace

int run_replay(const CommandOptions& o, std::FILE* out, std::FILE* err) {
    ReplaySource source(o.capture_file);
    // Until the state tracker lands nothing resolves fd, user or thread
    // names; its resolver replaces this one.
    const ParamResolver no_state;
    std::optional<EventPrinter> printer;
    if (o.print_events) printer.emplace(out, source.info().boot_time_ns, no_state, o.unbuffered);

    ReplaySummary sum;
    try {
        replay(source, o.duration_s, printer ? &*printer : nullptr, sum);
    } catch (const capture::CaptureError& e) {
        if (printer) printer->flush();  // what came before the damage is shown
        fmt::print(err, "lanner: error: {}\n", e.what());
        print_summary(err, source.name(), sum, o, " before the error");
        return 1;
    }
    if (printer) printer->flush();
    if (sum.incomplete_tail)
        fmt::print(err, "lanner: warning: {}: {}\n", source.name(), sum.incomplete_tail->reason);
    print_summary(err, source.name(), sum, o, "");
    return 0;
}

}  // namespace lanner::app
