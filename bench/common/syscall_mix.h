// A synthetic stream of realistic records for benchmarks: mostly
// openat/close, some sockets, UDP traffic, dup/fcntl, and whole process
// lifecycles (clone in both records, exec, opens, exit) of a few typical
// programs, as concatenated records (what a driver's rings hold) or as a
// capture file. Deterministic for a seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lanner::bench {

struct MixOptions {
    uint64_t seed = 0x5eed;
    bool lifecycles = true;  // clone/exec/exit of short-lived processes (~1% of steps)
    // Also what detection rules look for (sensitive files, writes below
    // system directories, shells, network tools, unusual ports), so that
    // many rules and most of their branches see matching values: a stream
    // for comparing evaluations, not for measuring. Off, the stream is the
    // benchmark's, record for record.
    bool varied = false;
};

// About `events` records (a step may add a few more): the state records
// (threadinfo, fdinfo) of the 64 long-running processes first, then events.
std::vector<uint8_t> build_syscall_mix(size_t events, const MixOptions& options = {});

// The same stream as a capture file at `path`; returns the record count.
size_t write_syscall_mix_capture(const std::string& path, size_t events,
                                 const MixOptions& options = {});

}  // namespace lanner::bench
