// bpf_dump: prints the eBPF driver's records live, decoded with parameter
// names, for developers inspecting what the driver produces.
//
//   bpf_dump [-e openat,execve,...] [-p PID] [-n COUNT] [-t SECONDS] [-r RING_BYTES]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>

#include "common/error.h"
#include "record_text.h"
#include "schema/event_table.h"
#include "source/bpf_source.h"
#include "source/interest.h"

using namespace lanner;

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
    g_stop = 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Print the eBPF driver's records live (a developer tool)"};
    std::vector<std::string> events;
    int pid = 0;
    uint64_t count = 0;
    double seconds = 0;
    uint32_t ring_bytes = 8u << 20;
    app.add_option("-e,--events", events, "event names to trace (default: all)")->delimiter(',');
    app.add_option("-p,--pid", pid, "only records of this process");
    app.add_option("-n,--count", count, "stop after this many records");
    app.add_option("-t,--seconds", seconds, "stop after this long");
    app.add_option("-r,--ring-bytes", ring_bytes, "ring size per CPU");
    CLI11_PARSE(app, argc, argv);

    try {
        ln_interest interest = interest_all();
        if (!events.empty()) {
            EventTypeSet set;
            for (const auto& name : events) {
                auto t = schema::find_event(name);
                if (!t) throw Error("unknown event '{}'", name);
                set.set(*t);
            }
            interest = interest_for_events(set);
        }
        BpfSource src({.ring_bytes_per_cpu = ring_bytes, .interest = interest});
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        src.start();
        const auto until = std::chrono::steady_clock::now() +
                           std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
        uint64_t shown = 0;
        const int self = getpid();
        Event ev;
        while (!g_stop && (count == 0 || shown < count) &&
               (seconds == 0 || std::chrono::steady_clock::now() < until)) {
            if (src.next(ev, std::chrono::milliseconds(100)) != NextStatus::Event) continue;
            if (static_cast<int>(ev.pid()) == self) continue;
            if (pid && static_cast<int>(ev.pid()) != pid) continue;
            std::printf("%s\n", test::record_text(ev).c_str());
            ++shown;
        }
        src.stop();
        const SourceStats st = src.stats();
        uint64_t produced = 0, delivered = 0;
        for (const auto& c : st.per_cpu) {
            produced += c.produced;
            delivered += c.delivered;
        }
        std::fprintf(
            stderr, "bpf_dump: %llu records read, produced %llu, delivered %llu, dropped %llu\n",
            static_cast<unsigned long long>(st.records), static_cast<unsigned long long>(produced),
            static_cast<unsigned long long>(delivered),
            static_cast<unsigned long long>(st.total_drops()));
    } catch (const Error& e) {
        std::fprintf(stderr, "bpf_dump: %s\n", e.what());
        return 1;
    }
    return 0;
}
