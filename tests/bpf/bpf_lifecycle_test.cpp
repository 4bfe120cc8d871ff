// The eBPF source's accounting and lifecycle, live: a deliberately tiny ring
// drops records and every one is counted (produced = delivered + dropped, and
// the 'lost' fields add up to the drops), and starting and stopping 50 times
// leaves no program, link or map of ours in the kernel.
#define BOOST_TEST_MODULE bpf_lifecycle
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "live_capture.h"
#include "source/interest.h"

using namespace lanner;
using namespace lanner::test;

namespace {

#define REQUIRE_BPF() \
    if (!bpf_available()) return

struct Totals {
    uint64_t produced = 0, delivered = 0, dropped = 0, ring_full = 0;
};

Totals totals(const SourceStats& s) {
    Totals t;
    for (const auto& c : s.per_cpu) {
        t.produced += c.produced;
        t.delivered += c.delivered;
        for (auto d : c.drops) t.dropped += d;
        t.ring_full += c.drops[LN_DROP_RING_FULL];
        BOOST_TEST(c.produced == c.delivered + c.drops[0] + c.drops[1] + c.drops[2] + c.drops[3],
                   "CPU " << c.cpu);
    }
    return t;
}

ln_interest openat_only() {
    EventTypeSet s;
    s.set(LN_EVT_OPENAT);
    return interest_for_events(s);
}

// One openat on every CPU, so each CPU reports the drops it still holds.
void openat_on_every_cpu(LiveCapture& cap) {
    const long ncpus = sysconf(_SC_NPROCESSORS_CONF);
    for (long cpu = 0; cpu < ncpus; ++cpu) {
        cap.run_child([cpu] {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(static_cast<int>(cpu), &set);
            if (sched_setaffinity(0, sizeof(set), &set) != 0) _exit(0);  // CPU offline
            syscall(SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY);
        });
    }
}

// `bpftool -j <what> show` as JSON.
nlohmann::json bpftool_show(const char* what) {
    const std::string cmd = std::string("bpftool -j ") + what + " show 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    BOOST_REQUIRE_MESSAGE(p, "cannot run bpftool");
    std::string out;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof(buf), p)) > 0;) out.append(buf, n);
    const int rc = pclose(p);
    BOOST_REQUIRE_MESSAGE(rc == 0, "bpftool " << what << " show failed");
    return nlohmann::json::parse(out.empty() ? "[]" : out);
}

std::set<uint32_t> ids_in(const nlohmann::json& list, const char* key) {
    std::set<uint32_t> ids;
    for (const auto& item : list)
        if (item.contains(key)) ids.insert(item[key].get<uint32_t>());
    return ids;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_tiny_ring_drops_and_accounts_for_every_record) {
    REQUIRE_BPF();
    LiveCapture cap({"openat"}, 4096);  // one page per CPU: a few dozen records
    // Nobody reads while the child opens 5000 times: the ring fills.
    cap.run_child([] {
        for (int i = 0; i < 5000; ++i) {
            const long fd = syscall(SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY);
            if (fd >= 0) close(static_cast<int>(fd));
        }
    });
    cap.source().set_interest(ln_interest{});  // quiesce: nothing new is produced
    cap.drain();
    Totals t = totals(cap.source().stats());
    BOOST_TEST(t.ring_full > 0u);
    BOOST_TEST(t.dropped == t.ring_full);
    BOOST_TEST(cap.source().stats().records == t.delivered);
    BOOST_TEST(cap.source().stats().lost_in_records <= t.dropped);

    // Each CPU reports what it dropped in the next record it delivers.
    cap.source().set_interest(openat_only());
    for (int attempt = 0; attempt < 5; ++attempt) {
        openat_on_every_cpu(cap);
        cap.drain();
        if (cap.source().stats().lost_in_records == totals(cap.source().stats()).dropped) break;
    }
    cap.source().set_interest(ln_interest{});
    cap.drain();
    const SourceStats s = cap.source().stats();
    t = totals(s);
    BOOST_TEST(s.records == t.delivered);
    BOOST_TEST(s.lost_in_records == t.dropped);
    uint64_t lost_fields = 0;
    for (const auto& r : cap.all()) lost_fields += r.ev.hdr().lost;
    BOOST_TEST(lost_fields == t.dropped);
    BOOST_TEST(s.missed_runs == 0u);
}

BOOST_AUTO_TEST_CASE(stats_survive_stop_and_stop_is_idempotent) {
    REQUIRE_BPF();
    LiveCapture cap({"openat"});
    cap.run_child([] { syscall(SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY); });
    cap.drain();
    cap.source().stop();
    cap.source().stop();
    const SourceStats s = cap.source().stats();
    BOOST_TEST(s.records >= 1u);
    BOOST_TEST(totals(s).delivered >= s.records);
    BOOST_TEST(cap.source().driver() == nullptr);
}

BOOST_AUTO_TEST_CASE(fifty_start_stop_cycles_leave_nothing_behind) {
    REQUIRE_BPF();
    std::set<uint32_t> progs, maps;
    BpfSource src({.ring_bytes_per_cpu = 1u << 16, .interest = openat_only()});
    for (int i = 0; i < 50; ++i) {
        src.start();
        BOOST_REQUIRE(src.driver());
        for (auto id : src.driver()->prog_ids()) progs.insert(id);
        for (auto id : src.driver()->map_ids()) maps.insert(id);
        Event ev;
        src.next(ev, std::chrono::milliseconds(0));
        src.stop();
    }
    BOOST_TEST(progs.size() >= 50u * 90u);  // every cycle loads its own programs
    // The kernel frees programs and maps after an RCU grace period.
    std::set<uint32_t> left_progs, left_maps;
    for (int wait = 0; wait < 50; ++wait) {
        left_progs.clear();
        left_maps.clear();
        for (auto id : ids_in(bpftool_show("prog"), "id"))
            if (progs.count(id)) left_progs.insert(id);
        for (auto id : ids_in(bpftool_show("map"), "id"))
            if (maps.count(id)) left_maps.insert(id);
        if (left_progs.empty() && left_maps.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    BOOST_TEST(left_progs.empty(), left_progs.size() << " programs remain");
    std::string names;
    for (const auto& m : bpftool_show("map"))
        if (left_maps.count(m.value("id", 0u))) names += " " + m.value("name", std::string("?"));
    BOOST_TEST(left_maps.empty(), left_maps.size() << " maps remain:" << names);
    for (const auto& link : bpftool_show("link"))
        BOOST_TEST(!(link.contains("prog_id") && progs.count(link["prog_id"].get<uint32_t>())),
                   "link " << link.value("id", 0u) << " remains");
}
