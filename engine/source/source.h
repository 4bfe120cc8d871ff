// Where records come from: a live driver (kmod, eBPF) or a capture file.
// Every source yields records in timestamp order (merged across CPUs) and
// counts what it lost, so the engine cannot tell where an event came from.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "event/event.h"
#include "lanner/driver_abi.h"

namespace lanner {

struct CpuDropStats {
    uint32_t cpu = 0;
    uint64_t produced = 0;   // records the driver tried to write
    uint64_t delivered = 0;  // records that reached the ring
    uint64_t drops[LN_DROP_CAUSE_MAX]{};
};

struct SourceStats {
    uint64_t records = 0;               // records handed to the engine
    uint64_t lost_in_records = 0;       // sum of the 'lost' header fields seen
    std::vector<CpuDropStats> per_cpu;  // empty for captures
    // Probe runs the kernel skipped before any record was built (eBPF: a
    // program already running on that CPU, bpf_prog_info.recursion_misses).
    // Not attributable to a CPU and absent from 'lost' fields.
    uint64_t missed_runs = 0;
    uint64_t total_drops() const {
        uint64_t n = missed_runs;
        for (const auto& c : per_cpu)
            for (auto d : c.drops) n += d;
        return n;
    }
};

enum class NextStatus {
    Event,    // `out` holds a record, valid until the next call
    Timeout,  // nothing arrived within the wait
    End,      // the source is exhausted (end of capture)
};

class Source {
  public:
    virtual ~Source() = default;
    // Short name for logs and metrics: "kmod", "ebpf", "replay".
    virtual std::string_view kind() const = 0;
    // Starts delivering records (drivers begin capturing here).
    virtual void start() = 0;
    // The next record in timestamp order. Waits at most `wait` when live.
    // Throws lanner::Error on a fatal error (corrupt capture, driver gone).
    virtual NextStatus next(Event& out, std::chrono::milliseconds wait) = 0;
    // Stops capturing and releases kernel resources; idempotent.
    virtual void stop() = 0;
    // Replaces the syscalls the driver records, at once if running (a rules
    // reload). Captures have nothing to filter: the default does nothing.
    // Throws lanner::Error when the driver refuses.
    virtual void set_interest(const ln_interest& interest) { (void)interest; }
    virtual SourceStats stats() const = 0;
};

}  // namespace lanner
