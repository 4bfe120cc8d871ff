// bpf_bench: what the eBPF driver costs the traced system, and how fast the
// source delivers. Root only. Each measurement interleaves its variants for
// several rounds and reports medians (docs/performance.md has the results).
//
//   bpf_bench syscall [ROUNDS]   getppid loop: no program / empty program /
//                                Lanner with getppid outside the interest set
//   bpf_bench open [ROUNDS]      open+read+close loop: no program / Lanner
//                                with interest {openat, close}, records read
//   bpf_bench deliver            records/s the source hands out from full rings
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
        else {
            std::fprintf(stderr, "usage: bpf_bench syscall|open|deliver [ROUNDS]\n");
            return 2;
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "bpf_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
