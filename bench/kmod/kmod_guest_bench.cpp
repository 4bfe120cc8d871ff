// kmod_guest_bench: what the engine with each driver costs the traced system,
// measured inside a qemu guest (scripts/kernel-test runs it as root, with the
// module built for the guest's kernel and the engine binary):
//
//   scripts/kernel-test --series 6.1 --guest-test build/bench/kmod/kmod_guest_bench
//       --lanner build/engine/app/lanner --guest-args "--order kmod,ebpf --rounds 5"
//
// Workloads (bench/bpf's storm, plus process creation): an open+read+close
// loop, fork+exec+wait of /bin/true, and getppid (a syscall no rule needs).
// Each round runs every workload without tracing and with
// `lanner --driver D -r RULES` running, in alternating order, and reports
// the paired traced/baseline ratio; the medians over rounds are the result.
// The engine's own CPU time (utime + stime from /proc) during each traced
// workload, its peak RSS and the drops it reports are printed too, as are
// module load + attach and eBPF load + attach through the engine's driver
// selection (app::open_driver). Lines start with "metric:" (kernel-test
// shows them); docs/performance.md has the results.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/driver_select.h"
#include "common/error.h"
#include "source/interest.h"

using namespace lanner;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::string module;
    std::string lanner;
    std::string rules = "/etc/lanner/rules.d/lanner_rules.yaml";
    std::vector<std::string> order{"kmod", "ebpf"};
    int rounds = 5;
    long open_n = 20000, exec_n = 200, cheap_n = 200000;
};

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// ---- workloads -------------------------------------------------------------

struct Workload {
    const char* name;
    long n;
    std::function<void()> op;
};

void open_read_close() {
    char buf[64];
    const int fd = static_cast<int>(::syscall(SYS_openat, AT_FDCWD, "/etc/passwd", O_RDONLY));
    if (fd < 0 || ::read(fd, buf, sizeof buf) < 0) std::abort();
    ::close(fd);
}

void fork_exec() {
    const pid_t pid = ::fork();
    if (pid == 0) {
        char* argv[] = {const_cast<char*>("true"), nullptr};
        char* env[] = {nullptr};
        ::execve("/bin/true", argv, env);
        ::_exit(127);
    }
    int st = 0;
    ::waitpid(pid, &st, 0);
}

// ns per operation.
double run_workload(const Workload& w) {
    const auto t0 = Clock::now();
    for (long i = 0; i < w.n; ++i) w.op();
    return seconds_since(t0) * 1e9 / static_cast<double>(w.n);
}

// ---- the engine -----------------------------------------------------------

// utime + stime of a process in seconds.
double cpu_seconds(pid_t pid) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE* f = std::fopen(path, "r");
    if (!f) return 0;
    char buf[1024] = {};
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    const char* p = std::strrchr(buf, ')');  // comm may hold spaces
    unsigned long utime = 0, stime = 0;
    if (!p || std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
                          &stime) != 2)
        return 0;
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

long peak_rss_kb(pid_t pid) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE* f = std::fopen(path, "r");
    if (!f) return 0;
    char line[256];
    long kb = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    std::fclose(f);
    return kb;
}

class Engine {
  public:
    // Starts `lanner --driver D -r RULES` and waits for its run loop.
    Engine(const Options& o, const std::string& driver) {
        int out[2];
        if (::pipe2(out, O_CLOEXEC) != 0) throw Error("pipe: {}", std::strerror(errno));
        const auto t0 = Clock::now();
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(out[1], 1);
            ::dup2(out[1], 2);
            ::execl(o.lanner.c_str(), o.lanner.c_str(), "--driver", driver.c_str(), "-r",
                    o.rules.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(out[1]);
        fd_ = out[0];
        if (!read_until("lanner: notice: state:", 120)) {
            stop();
            throw Error("lanner --driver {} did not start:\n{}", driver, output_);
        }
        ready_s_ = seconds_since(t0);
    }
    ~Engine() { stop(); }

    pid_t pid() const { return pid_; }
    double ready_s() const { return ready_s_; }
    const std::string& output() const { return output_; }

    // SIGINT, then its summary; returns its exit status.
    int stop() {
        if (pid_ <= 0) return status_;
        ::kill(pid_, SIGINT);
        read_until(nullptr, 60);
        ::close(fd_);
        ::waitpid(pid_, &status_, 0);
        pid_ = -1;
        return status_;
    }

    // "lanner: driver: P records produced, D delivered, X dropped".
    std::optional<long> dropped() const {
        const auto at = output_.find("lanner: driver: ");
        long p = 0, d = 0, x = 0;
        if (at == std::string::npos ||
            std::sscanf(output_.c_str() + at,
                        "lanner: driver: %ld records produced, %ld delivered, %ld dropped", &p, &d,
                        &x) != 3)
            return std::nullopt;
        return x;
    }

  private:
    bool read_until(const char* text, int timeout_s) {
        const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
        char buf[4096];
        while (Clock::now() < deadline) {
            if (text && output_.find(text) != std::string::npos) return true;
            pollfd pf{fd_, POLLIN, 0};
            if (::poll(&pf, 1, 200) <= 0) continue;
            const ssize_t n = ::read(fd_, buf, sizeof buf);
            if (n <= 0) return text == nullptr;
            output_.append(buf, static_cast<size_t>(n));
        }
        return false;
    }

    pid_t pid_ = -1;
    int fd_ = -1;
    int status_ = -1;
    double ready_s_ = 0;
    std::string output_;
};

void unload_module() {
    ::syscall(SYS_delete_module, "lanner", O_NONBLOCK);
}

// ---- measurements -----------------------------------------------------------

struct Series {
    std::vector<double> base_ns, traced_ns, ratio, engine_cpu_pct, engine_us_per_op;
};

void bench_driver(const Options& o, const std::string& driver, int round,
                  const std::vector<Workload>& work, std::map<std::string, Series>& out,
                  std::vector<long>& rss_kb, long& dropped, std::vector<double>& ready_s) {
    // Alternate which half of the pair comes first.
    const bool traced_first = round % 2 == 1;
    std::map<std::string, double> base;
    auto run_base = [&] {
        for (const auto& w : work) base[w.name] = run_workload(w);
    };
    if (!traced_first) run_base();
    {
        Engine engine(o, driver);
        ready_s.push_back(engine.ready_s());
        for (const auto& w : work) {
            const double cpu0 = cpu_seconds(engine.pid());
            const auto t0 = Clock::now();
            const double ns = run_workload(w);
            const double wall = seconds_since(t0);
            const double cpu = cpu_seconds(engine.pid()) - cpu0;
            auto& s = out[fmt::format("{} {}", driver, w.name)];
            s.traced_ns.push_back(ns);
            s.engine_cpu_pct.push_back(100.0 * cpu / wall);
            s.engine_us_per_op.push_back(cpu * 1e6 / static_cast<double>(w.n));
        }
        rss_kb.push_back(peak_rss_kb(engine.pid()));
        const int st = engine.stop();
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            throw Error("lanner --driver {} exited with {:#x}:\n{}", driver, st, engine.output());
        dropped += engine.dropped().value_or(-1000000);
    }
    if (driver == "kmod") unload_module();  // the baseline runs without it loaded
    if (traced_first) run_base();
    for (const auto& w : work) {
        auto& s = out[fmt::format("{} {}", driver, w.name)];
        s.base_ns.push_back(base[w.name]);
        s.ratio.push_back(s.traced_ns.back() / base[w.name]);
        // Each pair, so pairs from several boots can be pooled.
        fmt::print(
            "metric: pair {} {} round {}: baseline {:.0f} ns, traced {:.0f} ns, ratio {:.3f}\n",
            driver, w.name, round, base[w.name], s.traced_ns.back(), s.ratio.back());
    }
}

// Module load + attach, and eBPF load + attach, through the engine's own
// driver selection; the driver is stopped (and the module unloaded) after.
void bench_attach(const Options& o, int times) {
    for (const std::string kind : {"kmod", "ebpf"}) {
        std::vector<double> ms;
        for (int i = 0; i < times; ++i) {
            unload_module();
            app::DriverRequest req;
            req.kind = kind == "kmod" ? app::DriverKind::Kmod : app::DriverKind::Ebpf;
            req.kmod_path = o.module;
            req.interest = interest_all();
            const auto t0 = Clock::now();
            app::OpenedDriver d = app::open_driver(req);
            ms.push_back(seconds_since(t0) * 1e3);
            d.source->stop();
        }
        unload_module();
        fmt::print(
            "metric: attach {} (load + attach through open_driver) median {:.0f} ms, "
            "max {:.0f} ms over {}\n",
            kind, median(ms), *std::max_element(ms.begin(), ms.end()), times);
    }
}

Options parse(int argc, char** argv) {
    Options o;
    if (argc < 3)
        throw Error("usage: kmod_guest_bench MODULE.ko LANNER [--order A,B] [--rounds N]");
    o.module = argv[1];
    o.lanner = argv[2];
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--rounds") {
            o.rounds = std::stoi(v);
        } else if (k == "--order") {
            o.order.clear();
            for (size_t pos = 0; pos <= v.size();) {
                const size_t comma = std::min(v.find(',', pos), v.size());
                o.order.push_back(v.substr(pos, comma - pos));
                pos = comma + 1;
            }
        } else if (k == "--rules") {
            o.rules = v;
        } else {
            throw Error("kmod_guest_bench: unknown option {}", k);
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    try {
        const Options o = parse(argc, argv);
        const std::vector<Workload> work = {
            {"open+read+close", o.open_n, open_read_close},
            {"fork+exec", o.exec_n, fork_exec},
            {"getppid", o.cheap_n, [] { ::syscall(SYS_getppid); }},
        };
        fmt::print("metric: order {}, {} rounds, rules {}\n", fmt::join(o.order, ","), o.rounds,
                   o.rules);
        // Warm-up: page cache, the dynamic loader, the first exec.
        for (const auto& w : work) run_workload({w.name, std::max(1L, w.n / 10), w.op});
        bench_attach(o, 5);

        std::map<std::string, Series> series;
        std::map<std::string, std::vector<long>> rss;
        std::map<std::string, long> dropped;
        std::map<std::string, std::vector<double>> ready;
        for (int r = 0; r < o.rounds; ++r)
            for (const auto& d : o.order)
                bench_driver(o, d, r, work, series, rss[d], dropped[d], ready[d]);

        for (const auto& d : o.order) {
            for (const auto& w : work) {
                const auto& s = series[fmt::format("{} {}", d, w.name)];
                fmt::print(
                    "metric: {} {} (N={}): baseline {:.0f} ns, traced {:.0f} ns, paired ratio "
                    "median {:.2f} (min {:.2f}, max {:.2f}); engine CPU {:.1f}% of the run, "
                    "{:.2f} us per op\n",
                    d, w.name, w.n, median(s.base_ns), median(s.traced_ns), median(s.ratio),
                    *std::min_element(s.ratio.begin(), s.ratio.end()),
                    *std::max_element(s.ratio.begin(), s.ratio.end()), median(s.engine_cpu_pct),
                    median(s.engine_us_per_op));
            }
            const auto& rs = rss[d];
            fmt::print(
                "metric: {} engine: peak RSS {:.1f} MB (max {:.1f}), start to run loop "
                "median {:.2f} s, dropped {}\n",
                d, median(std::vector<double>(rs.begin(), rs.end())) / 1024.0,
                static_cast<double>(*std::max_element(rs.begin(), rs.end())) / 1024.0,
                median(ready[d]), dropped[d]);
        }
    } catch (const std::exception& e) {
        fmt::print("kmod_guest_bench: {}\n", e.what());
        return 1;
    }
    return 0;
}
