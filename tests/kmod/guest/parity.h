// Driver parity: the records two drivers produced for the same actor
// (actions.h), normalised and compared thread by thread.
//
// Threads are named by their place in the actor's process tree ("A" is the
// actor, "A.2" the third thread it created, from the parent-side clone
// records in order), so the comparison does not depend on pids or on how
// the scheduler interleaved processes. Each thread's records must match in
// order: event type, parameter count, header flags, and every parameter's
// bytes and partial flag, except for these, which legitimately differ
// between two runs and are compared structurally instead (the same value
// must appear in the same places, in order of first appearance):
//   - header ts, cpu and lost: timing and placement, not content;
//   - header tid/pid and every PID parameter: mapped to the tree names
//     (values outside the tree, like the test program's pid or 1, compare
//     as they are);
//   - inode numbers (`ino`, `exe_ino`): new files and pipes get new inodes;
//   - RELTIME start times (`start_ts`, `pidns_init_start_ts`);
//   - ports inside SOCKADDR/SOCKTUPLE values (ephemeral and bind-to-0);
//   - kernel socket addresses (unix tuples' source/peer, socketpair's
//     `source`/`peer`).
#pragma once

#include <string>
#include <vector>

#include "actions.h"

namespace lanner::guest {

struct ParityReport {
    size_t threads = 0;
    size_t records = 0;                    // records compared (first run)
    std::vector<std::string> differences;  // one line each
};

ParityReport compare_runs(const ActorRun& first, const char* first_name, const ActorRun& second,
                          const char* second_name);

}  // namespace lanner::guest
