#include "guest_check.h"

#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>

namespace lanner::guest {
namespace {

constexpr const char* kSectionNames[] = {"kmod", "ebpf", "parity"};
constexpr int kSections = static_cast<int>(Section::Count);

struct Tallies {
    std::atomic<int> passed[kSections];
    std::atomic<int> failed[kSections];
    std::atomic<int> current;
};

Tallies* g_tallies = nullptr;

}  // namespace

void init_checks() {
    void* m =
        ::mmap(nullptr, sizeof(Tallies), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) std::abort();
    g_tallies = new (m) Tallies{};
}

void set_section(Section s) {
    g_tallies->current.store(static_cast<int>(s));
}

Section section() {
    return static_cast<Section>(g_tallies->current.load());
}

void record_check(bool ok, const std::string& what) {
    const int s = g_tallies->current.load();
    fmt::print("{} - [{}] {}\n", ok ? "ok" : "not ok", kSectionNames[s], what);
    std::fflush(stdout);
    (ok ? g_tallies->passed : g_tallies->failed)[s]++;
}

int print_results() {
    int passed = 0, failed = 0;
    for (int s = 0; s < kSections; ++s) {
        const int ps = g_tallies->passed[s].load(), fs = g_tallies->failed[s].load();
        passed += ps;
        failed += fs;
        if (ps + fs == 0) continue;
        fmt::print("LANNER-RESULT: {} {} {} {}\n", kSectionNames[s], fs == 0 ? "pass" : "fail", ps,
                   fs);
    }
    fmt::print("{} passed, {} failed\n", passed, failed);
    return failed;
}

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::vector<Event> Captured::of(uint16_t type, int pid) const {
    std::vector<Event> out;
    for (const auto& r : records) {
        Event ev;
        if (Event::decode(r, ev)) continue;
        if (ev.type() == type && (pid < 0 || ev.pid() == static_cast<uint32_t>(pid)))
            out.push_back(ev);
    }
    return out;
}

void drain(Source& src, Captured& into, std::chrono::milliseconds quiet,
           std::chrono::milliseconds limit) {
    const auto t0 = Clock::now();
    Event ev;
    while (Clock::now() - t0 < limit && src.next(ev, quiet) == NextStatus::Event)
        into.records.emplace_back(ev.raw(), ev.raw() + ev.len());
}

pid_t spawn(const char* path, std::vector<const char*> argv) {
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        char* env[] = {const_cast<char*>("LANNER_TEST=1"), const_cast<char*>("PATH=/bin"), nullptr};
        ::execve(path, const_cast<char* const*>(argv.data()), env);
        ::_exit(127);
    }
    return pid;
}

int wait_status(pid_t pid) {
    int st = 0;
    ::waitpid(pid, &st, 0);
    return st;
}

bool ProgramRun::exited(int code) const {
    return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

ProgramRun run_program(const std::vector<std::string>& args) {
    ProgramRun run;
    char out_path[] = "/tmp/lanner-run-out.XXXXXX", err_path[] = "/tmp/lanner-run-err.XXXXXX";
    const int out = ::mkstemp(out_path), err = ::mkstemp(err_path);
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    argv.push_back(nullptr);
    std::fflush(stdout);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(out, 1);
        ::dup2(err, 2);
        ::execv(argv[0], const_cast<char* const*>(argv.data()));
        ::_exit(127);
    }
    run.status = wait_status(pid);
    for (auto [fd, into] : {std::pair{out, &run.out}, std::pair{err, &run.err}}) {
        char buf[4096];
        ::lseek(fd, 0, SEEK_SET);
        for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) into->append(buf, n);
        ::close(fd);
    }
    ::unlink(out_path);
    ::unlink(err_path);
    return run;
}

std::string list(std::initializer_list<const char*> items) {
    std::string s;
    for (auto* i : items) {
        s += i;
        s.push_back('\0');
    }
    return s;
}

long sc(long nr, long a, long b, long c, long d, long e, long f) {
    const long r = ::syscall(nr, a, b, c, d, e, f);
    return r < 0 ? -errno : r;
}

void pin_to_cpu0() {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    ::sched_setaffinity(0, sizeof one, &one);
}

void unpin() {
    cpu_set_t all;
    CPU_ZERO(&all);
    for (int c = 0; c < CPU_SETSIZE; ++c) CPU_SET(c, &all);
    ::sched_setaffinity(0, sizeof all, &all);
}

}  // namespace lanner::guest
