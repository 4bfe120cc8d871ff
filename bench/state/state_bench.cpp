// State tracker throughput: a synthetic stream of realistic records (mostly
// openat/close, some sockets, UDP traffic, dup/fcntl, and whole process
// lifecycles: clone in both records, exec, opens, exit), built with
// RecordBuilder, decoded and applied. Reports events/s for decoding alone
// and for decoding plus tracking, and heap allocations per event once the
// tracker's pools are warm.
//
//   state_bench [events] [--runs N]
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "event/event.h"
#include "event/record_builder.h"
#include "event/sockaddr.h"
#include "heap_allocations.h"
#include "state/state_tracker.h"
#include "syscall_mix.h"

namespace {

using namespace lanner;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    size_t events = 1'000'000;
    int runs = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = std::atoi(argv[++i]);
        else
            events = std::strtoull(argv[i], nullptr, 10);
    }
    lanner::bench::MixOptions mix;
    mix.lifecycles = std::getenv("NOFORK") == nullptr;
    const std::vector<uint8_t> stream = lanner::bench::build_syscall_mix(events, mix);
    size_t n = 0;
    for (size_t off = 0; off < stream.size(); ++n) {
        lanner::Event ev;
        lanner::Event::decode(std::span(stream).subspan(off), ev);
        off += ev.len();
    }
    std::printf("stream: %zu records, %.1f MB\n", n, static_cast<double>(stream.size()) / 1e6);

    double best_decode = 1e9, best_track = 1e9;
    uint64_t steady_allocs = 0, steady_events = 0;
    lanner::state::StateCounters last{};
    for (int run = 0; run < runs; ++run) {
        // Decoding alone.
        auto t0 = std::chrono::steady_clock::now();
        size_t off = 0;
        uint64_t sink = 0;
        while (off < stream.size()) {
            lanner::Event ev;
            lanner::Event::decode(std::span(stream).subspan(off), ev);
            sink += ev.type();
            off += ev.len();
        }
        best_decode = std::min(best_decode, seconds_since(t0));

        // Decoding and tracking; allocations counted over the second half,
        // when pools and tables have reached their working size.
        lanner::state::StateConfig cfg;
        cfg.passwd_path.clear();
        cfg.group_path.clear();
        lanner::state::StateTracker tracker(cfg);
        off = 0;
        size_t i = 0;
        uint64_t allocs_at_half = 0;
        t0 = std::chrono::steady_clock::now();
        while (off < stream.size()) {
            if (i == n / 2) allocs_at_half = lanner::bench::heap_allocations();
            lanner::Event ev;
            lanner::Event::decode(std::span(stream).subspan(off), ev);
            const auto ctx = tracker.on_event(ev);
            sink += static_cast<uint64_t>(ctx.fd_num);
            off += ev.len();
            ++i;
        }
        best_track = std::min(best_track, seconds_since(t0));
        steady_allocs = lanner::bench::heap_allocations() - allocs_at_half;
        steady_events = n - n / 2;
        last = tracker.counters();
        if (sink == 42) std::puts("");  // keep the loops
    }
    const double decode_rate = static_cast<double>(n) / best_decode;
    const double track_rate = static_cast<double>(n) / best_track;
    const double tracker_only = static_cast<double>(n) / (best_track - best_decode);
    std::printf("decode only:        %.2f M events/s\n", decode_rate / 1e6);
    std::printf("decode + tracking:  %.2f M events/s (best of %d runs)\n", track_rate / 1e6, runs);
    std::printf("tracking alone:     %.2f M events/s (%.0f ns/event)\n", tracker_only / 1e6,
                1e9 / tracker_only);
    std::printf("steady-state heap allocations: %llu over %llu events (%.4f per event)\n",
                static_cast<unsigned long long>(steady_allocs),
                static_cast<unsigned long long>(steady_events),
                static_cast<double>(steady_allocs) / static_cast<double>(steady_events));
    std::printf(
        "end state: %zu threads, %zu processes; created %llu, removed %llu, evicted %llu, "
        "unknown %llu, stale %llu, malformed %llu\n",
        last.threads, last.processes, static_cast<unsigned long long>(last.threads_created),
        static_cast<unsigned long long>(last.threads_removed),
        static_cast<unsigned long long>(last.threads_evicted),
        static_cast<unsigned long long>(last.unknown_threads),
        static_cast<unsigned long long>(last.stale_records),
        static_cast<unsigned long long>(last.malformed_records));
    return 0;
}
