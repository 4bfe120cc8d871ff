// `lanner -e FILE`: replays a capture through the engine. Until the state
// tracker and the rules land, "the engine" is: number each record, stop at
// the -M limit, print the record when asked, and summarize on stderr.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>

#include "app/options.h"
#include "capture/capture_reader.h"
#include "event/param_format.h"
#include "source/replay_source.h"

namespace lanner::app {

struct ReplaySummary {
    uint64_t state_records = 0;
    uint64_t events = 0;
    uint64_t lost = 0;              // sum of the events' 'lost' fields
    bool stopped_by_limit = false;  // -M ended the replay
    std::optional<capture::IncompleteTail> incomplete_tail;
};

class EventPrinter;

// Drives `source` to its end (or the -M limit), numbering each record and
// handing it to `printer` if there is one; counts into `sum` as it goes.
// -M counts capture time from the capture's start (its header's start_ts, or
// the first event's timestamp if that is unset); state records never count
// against it. Throws CaptureError on a corrupt capture, after the records
// before the damage were handled (and counted).
void replay(ReplaySource& source, double duration_s, EventPrinter* printer, ReplaySummary& sum);

// The whole command: opens options.capture_file, replays it, prints the
// summary (and any warning) to `err`. Returns the exit status.
int run_replay(const CommandOptions& options, std::FILE* out, std::FILE* err);

}  // namespace lanner::app
