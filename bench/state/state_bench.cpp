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
#include "state/state_tracker.h"

// Counts heap allocations, to check that steady-state tracking makes none.
static std::atomic<uint64_t> g_allocations{0};

void* operator new(size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace {

using namespace lanner;

constexpr int64_t kFirstPid = 1000;
constexpr int kProcesses = 64;

const char* const kPaths[] = {
    "/etc/ld.so.cache",
    "/lib/x86_64-linux-gnu/libc.so.6",
    "/lib/x86_64-linux-gnu/libpthread.so.0",
    "/usr/lib/locale/locale-archive",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/proc/self/status",
    "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    "/var/log/nginx/access.log",
    "/var/lib/postgresql/15/main/base/16384/2619",
    "/home/alice/projects/lanner/engine/state/state_tracker.cpp",
    "/usr/share/zoneinfo/Europe/Amsterdam",
    "config/app.yaml",
    "../shared/data/cache.db",
    "/tmp/systemd-private-1f2e3d4c5b6a/tmp/session.lock",
    "/etc/ssl/certs/ca-certificates.crt",
};

struct Proc {
    int64_t pid;
    std::vector<int64_t> fds;
    int64_t next_fd = 10;
};

class StreamBuilder {
public:
    explicit StreamBuilder(uint64_t seed) : rng_(seed) {}

    std::vector<uint8_t> build(size_t events) {
        for (int i = 0; i < kProcesses; ++i) seed_process(kFirstPid + i);
        while (count_ < events) step();
        return std::move(out_);
    }
    size_t count() const { return count_; }

private:
    uint64_t next() {
        rng_ ^= rng_ << 13;
        rng_ ^= rng_ >> 7;
        rng_ ^= rng_ << 17;
        return rng_;
    }
    void emit(RecordBuilder& b) {
        b.ts(ts_ += 500);
        b.append_to(out_);
        ++count_;
    }

    void seed_process(int64_t pid) {
        RecordBuilder t("threadinfo");
        t.thread(static_cast<uint32_t>(pid), static_cast<uint32_t>(pid))
            .set("tid", pid).set("pid", pid).set("ptid", int64_t{1})
            .set("comm", "worker").set("exe", "/usr/sbin/worker")
            .set_list("args", {"--config", "/etc/worker.conf"}).set("cwd", "/srv/app")
            .set_list("cgroups", {"cpu=/system.slice/worker.service", "memory=/system.slice/worker.service"})
            .set("trusted_exepath", "/usr/sbin/worker").set("uid", 33u).set("gid", 33u);
        emit(t);
        Proc p{pid, {}, 10};
        // A listening socket on fd 3 for accept4.
        RecordBuilder f("fdinfo");
        f.set("pid", pid).set("fd", int64_t{3}).set("type", int64_t{LN_FD_IPV4_SOCK})
            .set_bytes("tuple", inet_tuple("0.0.0.0", 0, "0.0.0.0", 8080))
            .set("l4proto", int64_t{IPPROTO_TCP}).set("role", 2u);
        emit(f);
        procs_.push_back(p);
    }

    int64_t take_fd(Proc& p) {
        const int64_t fd = p.next_fd++;
        if (p.next_fd > 1000) p.next_fd = 10;
        p.fds.push_back(fd);
        return fd;
    }

    void openat(Proc& p) {
        RecordBuilder b("openat");
        const char* path = kPaths[next() % std::size(kPaths)];
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid))
            .set("fd", take_fd(p)).set("dirfd", int64_t{AT_FDCWD}).set("name", path)
            .set("flags", uint64_t{O_RDONLY | O_CLOEXEC}).set("dev", uint64_t{(8u << 20) | 1})
            .set("ino", next() % 100000);
        emit(b);
    }

    void close(Proc& p) {
        if (p.fds.empty()) return openat(p);
        const size_t i = next() % p.fds.size();
        const int64_t fd = p.fds[i];
        p.fds[i] = p.fds.back();
        p.fds.pop_back();
        RecordBuilder b("close");
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid)).set("res", int64_t{0}).set("fd", fd);
        emit(b);
    }

    void connect(Proc& p) {
        const int64_t fd = take_fd(p);
        RecordBuilder s("socket");
        s.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid)).set("fd", fd)
            .set("domain", int64_t{AF_INET}).set("type", uint64_t{SOCK_STREAM}).set("proto", 0u);
        emit(s);
        RecordBuilder c("connect");
        c.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid)).set("res", int64_t{0}).set("fd", fd)
            .set_bytes("tuple", inet_tuple("10.0.0.5", static_cast<uint16_t>(30000 + next() % 30000), "10.0.3.17", 5432))
            .set_bytes("addr", inet_sockaddr("10.0.3.17", 5432));
        emit(c);
    }

    void accept(Proc& p) {
        RecordBuilder a("accept4");
        a.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid)).set("fd", take_fd(p))
            .set_bytes("tuple", inet_tuple("192.0.2.44", static_cast<uint16_t>(1024 + next() % 60000), "10.0.0.5", 8080))
            .set("listen_fd", int64_t{3}).set("flags", uint64_t{SOCK_CLOEXEC});
        emit(a);
    }

    void udp(Proc& p) {
        RecordBuilder b(next() % 2 ? "sendto" : "recvfrom");
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid)).set("res", int64_t{64})
            .set("fd", int64_t{3}).set("size", 64u)
            .set_bytes("tuple", inet_tuple("10.0.0.5", 8080, "10.0.0.53", 53));
        emit(b);
    }

    void dup2(Proc& p) {
        if (p.fds.empty()) return openat(p);
        RecordBuilder b("dup2");
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid)).set("res", int64_t{2})
            .set("oldfd", p.fds[next() % p.fds.size()]).set("newfd", int64_t{2});
        emit(b);
    }

    void fcntl(Proc& p) {
        if (p.fds.empty()) return openat(p);
        RecordBuilder b("fcntl");
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid)).set("res", int64_t{0})
            .set("fd", p.fds[next() % p.fds.size()]).set("cmd", int64_t{F_SETFD}).set("arg", uint64_t{FD_CLOEXEC});
        emit(b);
    }

    // clone (parent record, then the child's), exec, a few opens, exit.
    void lifecycle(Proc& parent) {
        const int64_t child = next_child_++;
        if (next_child_ > 400000) next_child_ = 100000;
        auto snap = [&](RecordBuilder& b, int64_t tid, int64_t ptid) {
            b.set("exe", "/bin/sh").set_list("args", {"-c", "pg_dump app"}).set("tid", tid)
                .set("pid", tid).set("ptid", ptid).set("cwd", "/srv/app").set("comm", "sh")
                .set_list("cgroups", {"cpu=/system.slice/worker.service", "memory=/system.slice/worker.service"})
                .set("uid", 33u).set("gid", 33u).set("vtid", tid).set("vpid", tid)
                .set("trusted_exepath", "/usr/bin/dash");
        };
        RecordBuilder cp("clone");
        cp.thread(static_cast<uint32_t>(parent.pid), static_cast<uint32_t>(parent.pid)).set("res", child).set("flags", uint64_t{17});
        snap(cp, parent.pid, 1);
        emit(cp);
        RecordBuilder cc("clone");
        cc.thread(static_cast<uint32_t>(child), static_cast<uint32_t>(child)).set("res", int64_t{0}).set("flags", uint64_t{17});
        snap(cc, child, parent.pid);
        emit(cc);
        RecordBuilder ex("execve");
        ex.thread(static_cast<uint32_t>(child), static_cast<uint32_t>(child)).set("res", int64_t{0});
        snap(ex, child, parent.pid);
        ex.set("exe", "pg_dump").set("trusted_exepath", "/usr/bin/pg_dump").set("comm", "pg_dump")
            .set_list("env", {"PATH=/usr/bin:/bin", "PGHOST=db"});
        emit(ex);
        Proc c{child, parent.fds, parent.next_fd};
        for (int i = 0; i < 3; ++i) openat(c);
        RecordBuilder ex2("procexit");
        ex2.thread(static_cast<uint32_t>(child), static_cast<uint32_t>(child)).set("status", int64_t{0});
        emit(ex2);
    }

    void step() {
        Proc& p = procs_[next() % procs_.size()];
        const uint64_t r = next() % 1000;
        if (r < 420) openat(p);
        else if (r < 840) close(p);
        else if (r < 870) connect(p);
        else if (r < 890) accept(p);
        else if (r < 940) udp(p);
        else if (r < 955) dup2(p);
        else if (r < 975) fcntl(p);
        else if (r < 975 + (getenv("NOFORK") ? 0 : 10)) lifecycle(p);
        else close(p);
        // Keep tables realistic: processes do not accumulate fds forever.
        while (p.fds.size() > 200) close(p);
    }

    uint64_t rng_;
    uint64_t ts_ = 1'000'000'000;
    size_t count_ = 0;
    int64_t next_child_ = 100000;
    std::vector<Proc> procs_;
    std::vector<uint8_t> out_;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    size_t events = 1'000'000;
    int runs = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = std::atoi(argv[++i]);
        else events = std::strtoull(argv[i], nullptr, 10);
    }
    StreamBuilder builder(0x5eed);
    const std::vector<uint8_t> stream = builder.build(events);
    const size_t n = builder.count();
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
            if (i == n / 2) allocs_at_half = g_allocations.load(std::memory_order_relaxed);
            lanner::Event ev;
            lanner::Event::decode(std::span(stream).subspan(off), ev);
            const auto ctx = tracker.on_event(ev);
            sink += static_cast<uint64_t>(ctx.fd_num);
            off += ev.len();
            ++i;
        }
        best_track = std::min(best_track, seconds_since(t0));
        steady_allocs = g_allocations.load(std::memory_order_relaxed) - allocs_at_half;
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
    std::printf("end state: %zu threads, %zu processes; created %llu, removed %llu, evicted %llu, "
                "unknown %llu, stale %llu, malformed %llu\n",
                last.threads, last.processes, static_cast<unsigned long long>(last.threads_created),
                static_cast<unsigned long long>(last.threads_removed),
                static_cast<unsigned long long>(last.threads_evicted),
                static_cast<unsigned long long>(last.unknown_threads),
                static_cast<unsigned long long>(last.stale_records),
                static_cast<unsigned long long>(last.malformed_records));
    return 0;
}
