// bpf_bench: what the eBPF driver costs the traced system, and how fast the
// source delivers. Root only. Each measurement interleaves its variants for
// several rounds and reports medians (docs/performance.md has the results).
//
//   bpf_bench syscall [ROUNDS]   getppid loop: no program / empty program /
//                                Lanner with getppid outside the interest set
//   bpf_bench open [ROUNDS]      open+read+close loop: no program / Lanner
//                                with interest {openat, close}, records read
//   bpf_bench deliver            records/s the source hands out from full rings
//   bpf_bench probe [ROUNDS]     the sys_exit program's own run time (bpf_stats:
//                                run_time_ns / run_cnt, tail calls included) on
//                                the open+read+close loop (interest {openat,
//                                close}), per run and per loop iteration, on
//                                close(-1) (one record per run) and getppid
//                                (outside the set), beside an empty program's;
//                                the stable metric on a busy host
//   bpf_bench breakdown [ROUNDS] the open+read+close loop with parts of the
//                                openat/close records left out (enum
//                                ln_bench_omit): what the path read, dev/ino,
//                                timestamp and ring write each cost, in
//                                bpf_stats run time and in the loop's time
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "bpf/shared.h"
#include "common/error.h"
#include "source/bpf_source.h"
#include "source/interest.h"

using namespace lanner;
using Clock = std::chrono::steady_clock;

namespace {

double ns_per_iter(long iters, const std::function<void()>& body) {
    const auto t0 = Clock::now();
    for (long i = 0; i < iters; ++i) body();
    return std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / iters;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// An empty program ("return 0") on the sys_exit raw tracepoint: the cost of
// enabling the tracepoint itself.
class EmptyProgram {
  public:
    EmptyProgram() {
        const int btf_id = libbpf_find_vmlinux_btf_id("sys_exit", BPF_TRACE_RAW_TP);
        if (btf_id < 0) throw Error("no BTF id for sys_exit");
        const bpf_insn insns[] = {
            {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .src_reg = 0, .off = 0, .imm = 0},
            {.code = BPF_JMP | BPF_EXIT, .dst_reg = 0, .src_reg = 0, .off = 0, .imm = 0},
        };
        LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_RAW_TP,
                    .attach_btf_id = static_cast<__u32>(btf_id));
        prog_ = bpf_prog_load(BPF_PROG_TYPE_TRACING, "empty", "GPL", insns, 2, &opts);
        if (prog_ < 0) throw Error("loading the empty program: {}", strerror(errno));
        link_ = bpf_raw_tracepoint_open(nullptr, prog_);
        if (link_ < 0) throw Error("attaching the empty program: {}", strerror(errno));
    }
    ~EmptyProgram() {
        close(link_);
        close(prog_);
    }

    int prog_fd() const { return prog_; }

  private:
    int prog_ = -1, link_ = -1;
};

ln_interest openat_close() {
    EventTypeSet s;
    s.set(LN_EVT_OPENAT);
    s.set(LN_EVT_CLOSE);
    return interest_for_events(s);
}

// Reads records on a thread until stopped; counts them.
class Reader {
  public:
    explicit Reader(BpfSource& src) : src_(src), thread_([this] { run(); }) {}
    ~Reader() {
        stop_ = true;
        thread_.join();
    }
    uint64_t count() const { return count_; }

  private:
    void run() {
        Event ev;
        while (!stop_)
            if (src_.next(ev, std::chrono::milliseconds(50)) == NextStatus::Event) ++count_;
    }
    BpfSource& src_;
    std::atomic<bool> stop_{false};
    std::atomic<uint64_t> count_{0};
    std::thread thread_;
};

void open_read_close() {
    char buf[64];
    const int fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY));
    if (read(fd, buf, sizeof(buf)) < 0) std::abort();
    close(fd);
}

void bench_syscall(int rounds) {
    const long n = 2'000'000;
    std::vector<double> none, empty, lanner;
    for (int r = 0; r < rounds; ++r) {
        none.push_back(ns_per_iter(n, [] { syscall(SYS_getppid); }));
        {
            EmptyProgram p;
            empty.push_back(ns_per_iter(n, [] { syscall(SYS_getppid); }));
        }
        BpfSource src({.interest = openat_close()});
        src.start();
        lanner.push_back(ns_per_iter(n, [] { syscall(SYS_getppid); }));
        src.stop();
    }
    std::printf(
        "getppid ns/call (median of %d): none %.1f, empty program %.1f (%.2fx), "
        "lanner, not in the interest set %.1f (%.2fx; %.2fx of empty)\n",
        rounds, median(none), median(empty), median(empty) / median(none), median(lanner),
        median(lanner) / median(none), median(lanner) / median(empty));
}

void bench_open(int rounds) {
    const long n = 200'000;
    std::vector<double> none, empty, lanner;
    uint64_t records = 0, drops = 0;
    for (int r = 0; r < rounds; ++r) {
        none.push_back(ns_per_iter(n, open_read_close));
        {
            EmptyProgram p;
            empty.push_back(ns_per_iter(n, open_read_close));
        }
        BpfSource src({.interest = openat_close()});
        src.start();
        {
            Reader reader(src);
            lanner.push_back(ns_per_iter(n, open_read_close));
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            records += reader.count();
        }
        drops += src.stats().total_drops();
        src.stop();
    }
    std::printf(
        "open+read+close ns/loop (median of %d): none %.1f, empty program %.1f (%.2fx), "
        "lanner {openat,close} %.1f (%.2fx); %llu records read, %llu dropped\n",
        rounds, median(none), median(empty), median(empty) / median(none), median(lanner),
        median(lanner) / median(none), static_cast<unsigned long long>(records),
        static_cast<unsigned long long>(drops));
}

// kernel.bpf_stats_enabled on for the object's lifetime (restored after).
class BpfStats {
  public:
    BpfStats() {
        fd_ = bpf_enable_stats(BPF_STATS_RUN_TIME);
        if (fd_ < 0) throw Error("enabling bpf_stats: {}", strerror(errno));
    }
    ~BpfStats() { close(fd_); }

  private:
    int fd_ = -1;
};

struct ProgRun {
    uint64_t ns = 0, cnt = 0;
};

ProgRun prog_run_fd(int fd) {
    bpf_prog_info info{};
    uint32_t len = sizeof(info);
    if (bpf_obj_get_info_by_fd(fd, &info, &len)) throw Error("program info: {}", strerror(errno));
    return {info.run_time_ns, info.run_cnt};
}

ProgRun prog_run(uint32_t id) {
    const int fd = bpf_prog_get_fd_by_id(id);
    if (fd < 0) throw Error("no program {}: {}", id, strerror(errno));
    const ProgRun r = prog_run_fd(fd);
    close(fd);
    return r;
}

// The id of the driver's program attached to sys_exit (the dispatcher).
uint32_t sys_exit_prog(const BpfSource& src) {
    for (uint32_t id : src.driver()->prog_ids()) {
        const int fd = bpf_prog_get_fd_by_id(id);
        bpf_prog_info info{};
        uint32_t len = sizeof(info);
        const int err = fd < 0 ? -1 : bpf_obj_get_info_by_fd(fd, &info, &len);
        if (fd >= 0) close(fd);
        if (err == 0 && std::string_view(info.name) == "sys_exit") return id;
    }
    throw Error("the driver has no sys_exit program");
}

// Runs the loops in a child forked before anything is loaded. Forked later,
// it would inherit an fd table grown past the NR_OPEN_DEFAULT (64) entries
// files_struct holds itself by this process's hundred programs and maps;
// the driver reads a table that never grew faster (bpf/fd.h). `wide` makes
// the child grow its table on purpose, as a process has whose parent had a
// descriptor above 63 open when it forked (anything an interactive bash
// starts: bash keeps fd 255).
class LoopChild {
  public:
    enum Loop : char { kOpen = 'o', kGetppid = 'g', kClose = 'c' };
    explicit LoopChild(bool wide) {
        if (pipe(to_) != 0 || pipe(from_) != 0) throw Error("pipe: {}", strerror(errno));
        pid_ = fork();
        if (pid_ < 0) throw Error("fork: {}", strerror(errno));
        if (pid_ == 0) serve(wide);
        close(to_[0]);
        close(from_[1]);
    }
    ~LoopChild() {
        close(to_[1]);  // the child reads EOF and exits
        close(from_[0]);
        waitpid(pid_, nullptr, 0);
    }
    LoopChild(const LoopChild&) = delete;
    LoopChild& operator=(const LoopChild&) = delete;

    void run(Loop loop, long n) {
        const Command cmd{loop, n};
        char done;
        if (write(to_[1], &cmd, sizeof(cmd)) != sizeof(cmd) || read(from_[0], &done, 1) != 1)
            throw Error("the loop child died");
    }

  private:
    struct Command {
        Loop loop;
        long n;
    };
    [[noreturn]] void serve(bool wide) {
        close(to_[1]);
        close(from_[0]);
        if (wide) {
            if (dup2(0, 200) != 200 || close(200) != 0) _exit(1);
        } else {
            // A table only grows, and a child's is sized by its parent's
            // highest open descriptor: drop everything above the pipes
            // (this process may have inherited high ones) and serve from a
            // grandchild.
            const int top = std::max(to_[0], from_[1]);
            if (top >= 64 || syscall(SYS_close_range, top + 1, ~0U, 0) != 0) _exit(1);
            const pid_t server = fork();
            if (server < 0) _exit(1);
            if (server > 0) {
                int status = 0;
                waitpid(server, &status, 0);
                _exit(0);
            }
        }
        Command cmd;
        while (read(to_[0], &cmd, sizeof(cmd)) == sizeof(cmd)) {
            for (long i = 0; i < cmd.n; ++i) {
                if (cmd.loop == kOpen)
                    open_read_close();
                else if (cmd.loop == kGetppid)
                    syscall(SYS_getppid);
                else
                    syscall(SYS_close, -1);
            }
            if (write(from_[1], "", 1) != 1) break;
        }
        _exit(0);
    }
    int to_[2], from_[2];
    pid_t pid_ = -1;
};

void bench_probe(int rounds) {
    const long n_open = 200'000, n_cheap = 2'000'000, n_close = 1'000'000;
    LoopChild small(false), wide(true);
    std::vector<double> open_run, open_iter, wide_iter, cheap_run, close_run, empty_run;
    BpfStats stats;
    for (int r = 0; r < rounds; ++r) {
        {
            EmptyProgram p;
            const ProgRun a = prog_run_fd(p.prog_fd());
            small.run(LoopChild::kOpen, n_open);
            const ProgRun b = prog_run_fd(p.prog_fd());
            empty_run.push_back(double(b.ns - a.ns) / double(b.cnt - a.cnt));
        }
        BpfSource src({.ring_bytes_per_cpu = 4u << 20, .interest = openat_close()});
        src.start();
        const uint32_t id = sys_exit_prog(src);
        {
            Reader reader(src);
            const ProgRun a = prog_run(id);
            small.run(LoopChild::kOpen, n_open);
            const ProgRun b = prog_run(id);
            wide.run(LoopChild::kOpen, n_open);
            const ProgRun c = prog_run(id);
            small.run(LoopChild::kGetppid, n_cheap);
            const ProgRun d = prog_run(id);
            small.run(LoopChild::kClose, n_close);
            const ProgRun e = prog_run(id);
            open_run.push_back(double(b.ns - a.ns) / double(b.cnt - a.cnt));
            open_iter.push_back(double(b.ns - a.ns) / n_open);
            wide_iter.push_back(double(c.ns - b.ns) / n_open);
            cheap_run.push_back(double(d.ns - c.ns) / double(d.cnt - c.cnt));
            close_run.push_back(double(e.ns - d.ns) / double(e.cnt - d.cnt));
        }
        if (src.stats().total_drops()) std::printf("round %d: drops\n", r);
        src.stop();
    }
    const auto show = [](const char* what, const std::vector<double>& v) {
        std::printf("  %-44s %7.1f ns (min %.1f)\n", what, median(v),
                    *std::min_element(v.begin(), v.end()));
    };
    std::printf("sys_exit program, bpf_stats run time (tail calls included), median of %d:\n",
                rounds);
    show("open loop, per run", open_run);
    show("open loop, per iteration (3 runs)", open_iter);
    show("open loop, grown fd table, per iteration", wide_iter);
    show("close(-1), per run (one record)", close_run);
    show("getppid, per run (not recorded)", cheap_run);
    show("an empty program, per run", empty_run);
}

// One driver variant of the breakdown: which parts of the records it omits.
struct OmitVariant {
    const char* what;
    uint32_t omit;
    std::vector<double> wall, run;  // ns per loop iteration
};

void bench_breakdown(int rounds) {
    const long n = 200'000;
    LoopChild child(false);
    const auto timed = [&] {
        const auto t0 = Clock::now();
        child.run(LoopChild::kOpen, n);
        return std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / n;
    };
    std::vector<OmitVariant> variants = {
        {"full records (as the engine runs)", 0, {}, {}},
        {"without the path read", LN_BENCH_OMIT_PATH, {}, {}},
        {"without dev/ino", LN_BENCH_OMIT_DEV_INO, {}, {}},
        {"without the timestamps", LN_BENCH_OMIT_TIMESTAMP, {}, {}},
        {"without the ring writes", LN_BENCH_OMIT_RING_WRITE, {}, {}},
        {"without all four",
         LN_BENCH_OMIT_PATH | LN_BENCH_OMIT_DEV_INO | LN_BENCH_OMIT_TIMESTAMP |
             LN_BENCH_OMIT_RING_WRITE,
         {},
         {}},
    };
    std::vector<double> none, empty, empty_run;
    for (int r = 0; r < rounds; ++r) {
        none.push_back(timed());
        {
            EmptyProgram p;
            empty.push_back(timed());
            BpfStats stats;
            const ProgRun a = prog_run_fd(p.prog_fd());
            child.run(LoopChild::kOpen, n);
            const ProgRun b = prog_run_fd(p.prog_fd());
            empty_run.push_back(3 * double(b.ns - a.ns) / double(b.cnt - a.cnt));
        }
        for (auto& v : variants) {
            BpfSource src({.interest = openat_close(), .bench_omit = v.omit});
            src.start();
            const uint32_t id = sys_exit_prog(src);
            Reader reader(src);
            v.wall.push_back(timed());
            BpfStats stats;
            const ProgRun a = prog_run(id);
            child.run(LoopChild::kOpen, n);
            const ProgRun b = prog_run(id);
            v.run.push_back(double(b.ns - a.ns) / n);
        }
    }
    const double base = median(none);
    std::printf(
        "open+read+close, median of %d rounds; ns per loop iteration (3 syscalls, "
        "2 records); run: bpf_stats run time of the sys_exit program\n",
        rounds);
    std::printf("  %-36s %8s %9s %8s\n", "", "loop", "slowdown", "run");
    std::printf("  %-36s %8.1f %8.2fx %8s\n", "no program", base, 1.0, "-");
    std::printf("  %-36s %8.1f %8.2fx %8.1f\n", "an empty program", median(empty),
                median(empty) / base, median(empty_run));
    for (const auto& v : variants)
        std::printf("  %-36s %8.1f %8.2fx %8.1f\n", v.what, median(v.wall), median(v.wall) / base,
                    median(v.run));
}

void bench_deliver() {
    BpfSource src({.ring_bytes_per_cpu = 64u << 20, .interest = openat_close()});
    src.start();
    const auto c0 = Clock::now();
    const pid_t child = fork();
    if (child == 0) {
        for (long i = 0; i < 300'000; ++i) open_read_close();
        _exit(0);
    }
    waitpid(child, nullptr, 0);
    std::printf("producer: %.3f s\n", std::chrono::duration<double>(Clock::now() - c0).count());
    Event ev;
    uint64_t n = 0;
    const auto t0 = Clock::now();
    while (src.next(ev, std::chrono::milliseconds(200)) == NextStatus::Event) ++n;
    const double s = std::chrono::duration<double>(Clock::now() - t0).count() - 0.2;
    std::printf("delivery: %llu records in %.3f s = %.2f M records/s (%llu dropped)\n",
                static_cast<unsigned long long>(n), s, n / s / 1e6,
                static_cast<unsigned long long>(src.stats().total_drops()));
    src.stop();
}

}  // namespace

int main(int argc, char** argv) {
    const std::string what = argc > 1 ? argv[1] : "";
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    try {
        if (what == "syscall")
            bench_syscall(rounds);
        else if (what == "open")
            bench_open(rounds);
        else if (what == "deliver")
            bench_deliver();
        else if (what == "probe")
            bench_probe(rounds);
        else if (what == "breakdown")
            bench_breakdown(rounds);
        else {
            std::fprintf(stderr,
                         "usage: bpf_bench syscall|open|deliver|probe|breakdown [ROUNDS]\n");
            return 2;
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "bpf_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
