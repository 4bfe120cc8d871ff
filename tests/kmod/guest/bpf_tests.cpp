// The eBPF driver's stress tests in the guest: a storm into a small ring
// accounts for every record, and start/stop cycles under load leave no
// program or map behind.
#include <bpf/bpf.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "guest_check.h"
#include "guest_tests.h"
#include "lanner/driver_abi.h"
#include "source/bpf_source.h"
#include "source/interest.h"
#include "storm_accounting.h"

namespace lanner::guest {
namespace {

// Programs and maps loaded in the whole system (the guest runs nothing else).
std::pair<int, int> bpf_objects() {
    int progs = 0, maps = 0;
    for (__u32 id = 0; bpf_prog_get_next_id(id, &id) == 0;) ++progs;
    for (__u32 id = 0; bpf_map_get_next_id(id, &id) == 0;) ++maps;
    return {progs, maps};
}

// The counts once they stop changing: the kernel frees the maps of a closed
// driver from a work queue, a while after the last fd is gone.
std::pair<int, int> settled_bpf_objects() {
    auto last = bpf_objects();
    for (int same = 0, i = 0; same < 3 && i < 50; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const auto now = bpf_objects();
        same = now == last ? same + 1 : 0;
        last = now;
    }
    return last;
}

}  // namespace

bool bpf_can_run() {
    const auto why = BpfSource::unsupported_reason();
    return check(!why, "the eBPF driver can run here{}", why ? ": " + *why : "");
}

void bpf_storm_accounting() {
    pin_to_cpu0();
    {
        // 64 KiB per CPU: about a thousand close records.
        BpfSource src({.ring_bytes_per_cpu = 64u << 10,
                       .snaplen = 80,
                       .interest = interest_for_list({LN_EVT_CLOSE})});
        src.start();
        constexpr int kCalls = 60000;
        Captured cap;
        close_storm(src, cap, kCalls);
        // Then nothing more is produced and the rings are read empty.
        src.set_interest(ln_interest{});
        drain(src, cap, std::chrono::milliseconds(100));

        const SourceStats s = src.stats();
        const CpuDropStats* c0 = nullptr;
        for (const auto& c : s.per_cpu)
            if (c.cpu == 0) c0 = &c;
        if (!check(c0 != nullptr, "storm: counters of CPU 0")) return unpin();
        check_storm_accounting("ebpf", *c0, cap, kCalls);
        check(s.missed_runs == 0, "storm: no probe run missed ({})", s.missed_runs);
        src.stop();
    }
    unpin();
}

void bpf_cycles_under_load(int cycles) {
    const auto before = settled_bpf_objects();
    const pid_t load = start_load();
    std::vector<double> start_ms;
    int ok_cycles = 0;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        const auto t0 = Clock::now();
        BpfSource src({.interest = interest_for_list(
                           {LN_EVT_OPEN, LN_EVT_OPENAT, LN_EVT_CLONE, LN_EVT_PROCEXIT})});
        src.start();
        start_ms.push_back(ms_since(t0));
        Captured cap;
        drain(src, cap, std::chrono::milliseconds(50), std::chrono::milliseconds(300));
        src.stop();
        if (!cap.of(LN_EVT_OPEN, load).empty() || !cap.of(LN_EVT_OPENAT, load).empty()) ++ok_cycles;
    }
    ::kill(load, SIGKILL);
    ::waitpid(load, nullptr, 0);
    check(ok_cycles == cycles, "{} eBPF start/read/stop cycles under load ({} saw records)", cycles,
          ok_cycles);
    const auto after = settled_bpf_objects();
    check(after == before, "no BPF program or map left behind ({} progs, {} maps; before {}, {})",
          after.first, after.second, before.first, before.second);
    if (!start_ms.empty()) {
        std::sort(start_ms.begin(), start_ms.end());
        fmt::print("metric: ebpf_cycle_start_ms median={:.1f} max={:.1f}\n",
                   start_ms[start_ms.size() / 2], start_ms.back());
    }
}

}  // namespace lanner::guest
