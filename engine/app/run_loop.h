// The event loop shared by replay and live runs: records from a Source go
// through the Engine (state, then rules); matches go to the alert handler,
// records to the printer and the capture writer when asked, until the source
// ends, the -M limit passes or a stop is requested.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "app/engine.h"
#include "source/source.h"

namespace lanner::capture {
class CaptureWriter;
}

namespace lanner::app {

class EventPrinter;

// What becomes of a match: the formatter and the output queue (app wires
// them). Called on the engine thread, before the next record.
class MatchHandler {
  public:
    virtual ~MatchHandler() = default;
    virtual void on_match(const rules::CompiledRule& rule, const Event& ev, Engine& engine) = 0;
};

struct RunHooks {
    EventPrinter* printer = nullptr;            // --print-events
    capture::CaptureWriter* capture = nullptr;  // --capture (events; the state is written before)
    MatchHandler* matches = nullptr;
    // Called when the source had nothing for a while (live) and about once
    // a second when busy: flush buffers, report drops, apply a reload.
    std::function<void()> on_tick;
};

struct RunLimits {
    double duration_s = 0;  // -M; 0: no limit
    // Replay measures -M in capture time from the capture's start; live in
    // wall time from the loop's start.
    bool capture_time = true;
    uint64_t capture_origin_ts = 0;           // replay: the capture's start (0: its first event)
    const std::atomic<bool>* stop = nullptr;  // set by a signal handler
};

struct RunSummary {
    uint64_t state_records = 0;
    uint64_t events = 0;
    uint64_t lost = 0;  // sum of the events' 'lost' fields
    uint64_t matches = 0;
    bool stopped_by_limit = false;
    bool stopped_by_request = false;
};

// Runs until the end. Throws what the source throws (a corrupt capture, a
// driver gone) after the records before it were handled and counted.
void run_events(Source& source, Engine& engine, const RunHooks& hooks, const RunLimits& limits,
                RunSummary& sum);

}  // namespace lanner::app
