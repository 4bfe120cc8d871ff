// Cost of extracting state-backed fields: a synthetic capture (process
// trees opening files, connecting and exiting, some in containers) is
// replayed through a StateTracker once; on every event, each field of the
// set Falco's default outputs print (and a few heavier ones) is extracted
// as the rules engine would. One extraction costs a few ns against ~150 ns
// of decoding and tracking per event, so each event is evaluated
// kRepeat times (a new evaluation each time, so no per-event cache
// answers) and the replay without fields is subtracted. Reports ns per
// extraction for each field and for the whole set.
//
//   fields_bench [rounds] [--runs N]
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "capture/capture_reader.h"
#include "capture/synthetic_capture.h"
#include "event/sockaddr.h"
#include "fields/default_registry.h"
#include "state/state_resolver.h"
#include "state/state_tracker.h"

namespace {

using namespace lanner;
using namespace lanner::capture;
using Clock = std::chrono::steady_clock;

const char* const kFields[] = {
    "evt.type",      "user.name",      "user.uid",
    "user.loginuid", "proc.name",      "proc.exepath",
    "proc.pname",    "proc.cmdline",   "proc.tty",
    "fd.name",       "container.id",   "proc.aname[2]",
    "proc.aname",    "proc.pcmdline",  "fd.sip",
    "fd.types",      "proc.env[HOME]", "thread.cap_permitted",
    "fs.path.name",  "evt.args",
};

constexpr int kRepeat = 16;

const std::string kId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

void add_round(SyntheticCapture& cap, uint32_t base, bool in_container) {
    const uint32_t shell = base, child = base + 1;
    cap.add_thread(SyntheticThread(shell, "/bin/bash")
                       .cwd("/home/u")
                       .uid(1000)
                       .env({"HOME=/home/u", "PATH=/usr/bin:/bin", "TERM=xterm"})
                       .container(in_container ? kId : std::string()));
    cap.add_std_fds(shell);
    cap.spawn(shell, child, "/usr/bin/python3", {"-c", "import os; os.system('id')"});
    for (int i = 0; i < 8; ++i) {
        cap.open(child, i % 2 ? "/etc/ld.so.cache" : "data/../notes.txt", 3);
        cap.event("close", child).set("res", int64_t{0}).set("fd", int64_t{3});
    }
    cap.event("socket", child)
        .set("fd", int64_t{4})
        .set("domain", int64_t{AF_INET})
        .set("type", uint64_t{SOCK_STREAM})
        .set("proto", uint64_t{0});
    cap.connect(child, 4, "198.51.100.20", 443);
    cap.event("rename", child)
        .set("res", int64_t{0})
        .set("oldpath", "a.txt")
        .set("newpath", "/tmp/b.txt");
    cap.exit(child);
}

// One replay of `bytes` extracting the fields `which` (indices into
// kFields) on every event; returns the elapsed time and counts events.
Clock::duration replay(const std::vector<uint8_t>& bytes, const std::vector<size_t>& which,
                       size_t& events) {
    state::StateConfig config;
    config.passwd_path.clear();
    config.group_path.clear();
    state::StateTracker tracker(config);
    state::StateResolver resolver(tracker);
    fields::StateView view;
    view.tracker = &tracker;
    auto registry = fields::make_default_registry({&resolver, "bench"}, &view);
    std::vector<std::unique_ptr<fields::BoundField>> bound;
    for (size_t i : which) {
        std::string name = kFields[i];
        std::optional<std::string> arg;
        if (name.back() == ']') {
            const size_t open = name.find('[');
            arg = name.substr(open + 1, name.size() - open - 2);
            name.resize(open);
        }
        bound.push_back(registry->bind(name, arg));
    }
    std::vector<fields::FieldValues> values(bound.size());
    auto reader = CaptureReader::from_memory(bytes);
    fields::EvalContext ctx;
    Event ev;
    events = 0;
    const auto start = Clock::now();
    while (reader.next(ev)) {
        view.current = tracker.on_event(ev);
        if (reader.section() != Section::Events) continue;
        ++events;
        for (int r = 0; r < kRepeat; ++r) {
            ctx.begin(ev);
            for (size_t i = 0; i < bound.size(); ++i) {
                values[i].clear();
                if (bound[i]->extract(ctx, values[i])) values[i].finish();
            }
        }
    }
    return Clock::now() - start;
}

double best_ns(const std::vector<uint8_t>& bytes, const std::vector<size_t>& which, int runs,
               size_t& events) {
    double best = 1e300;
    for (int r = 0; r < runs; ++r)
        best = std::min(
            best, std::chrono::duration<double, std::nano>(replay(bytes, which, events)).count());
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    int rounds = 10000, runs = 3;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = std::atoi(argv[++i]);
        else
            rounds = std::atoi(argv[i]);
    }
    SyntheticCapture cap;
    cap.add_standard_accounts();
    for (int i = 0; i < rounds; ++i)
        add_round(cap, 1000 + 4 * static_cast<uint32_t>(i), i % 3 == 0);
    const std::vector<uint8_t> bytes = cap.bytes();

    size_t events = 0;
    // Decoding and tracking alone, subtracted from every measurement.
    const double base = best_ns(bytes, {}, runs, events);
    std::printf("%zu events; replay without fields %.0f ns/event; best of %d runs\n", events,
                base / double(events), runs);
    std::vector<size_t> all;
    for (size_t i = 0; i < std::size(kFields); ++i) {
        all.push_back(i);
        const double t = best_ns(bytes, {i}, runs, events);
        std::printf("  %-22s %6.1f ns per extraction\n", kFields[i],
                    (t - base) / double(events * kRepeat));
    }
    const double t = best_ns(bytes, all, runs, events);
    std::printf("  all %zu fields          %6.1f ns per event\n", all.size(),
                (t - base) / double(events * kRepeat));
    return 0;
}
