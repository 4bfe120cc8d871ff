// Reads the processes of a running machine from /proc and writes them as
// the state records a capture's state section holds (threadinfo, fdinfo,
// userinfo, groupinfo), encoded as docs/driver-semantics.md says drivers
// encode the same values. Live start feeds these records to the
// StateTracker (seed_state) and writes them into a live capture, so replay
// and live runs start from the same kind of state.
//
// Each process's records carry the CLOCK_BOOTTIME time at which it was
// read; the tracker treats records older than that as already reflected in
// the scan (state_tracker.h). Capture starts before the scan, so nothing is
// missed between the two.
//
// Values /proc cannot give are left empty: a unix socket's peer, the
// overlayfs upper/lower layer of an executable, a pidfd's target.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "state/state_tracker.h"

namespace lanner::state {

struct ProcScanOptions {
    std::string proc_root = "/proc";
    // Users and groups to write; empty: none.
    std::string passwd_path = "/etc/passwd";
    std::string group_path = "/etc/group";
    // Mount point of the cgroup v2 hierarchy (for effective controller
    // cgroups); "auto": from <proc_root>/self/mountinfo; "": none.
    std::string cgroup2_root = "auto";
    bool with_fds = true;
};

struct ProcScanStats {
    size_t processes = 0;
    size_t threads = 0;
    size_t fds = 0;
    size_t users = 0;
    size_t groups = 0;
    size_t vanished = 0;   // processes or threads that exited while being read
    size_t denied = 0;     // values the scanner was not allowed to read (left empty)
    size_t bad_lines = 0;  // lines of /proc files that did not parse
};

class ProcScanner {
  public:
    explicit ProcScanner(ProcScanOptions options = {});
    // Appends the records to `out`. Throws lanner::Error when the proc root
    // cannot be listed; anything else unreadable is counted and skipped.
    ProcScanStats scan(std::vector<uint8_t>& out);

  private:
    ProcScanOptions opt_;
};

// Applies a buffer of concatenated records (a scan, a state section) to the
// tracker. Returns the number of records. Throws lanner::Error naming the
// byte offset of a record that does not decode.
size_t seed_state(StateTracker& tracker, std::span<const uint8_t> records);

}  // namespace lanner::state
