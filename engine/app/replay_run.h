// `lanner -e FILE`: replays a capture through the engine: the state section
// seeds the process state, every event updates it and runs the rules, and
// the matches become alerts. The same capture and rules always give the
// same alerts, byte for byte (alerts carry the capture's host name and
// times).
#pragma once

#include <cstdio>

#include "app/options.h"
#include "app/run_config.h"

namespace lanner::app {

// The whole command: opens the capture, replays it, prints the summary
// (and any warning) to `err`. Returns the exit status.
int run_replay(const CommandOptions& options, const RunConfig& rc, std::FILE* out, std::FILE* err);

}  // namespace lanner::app
