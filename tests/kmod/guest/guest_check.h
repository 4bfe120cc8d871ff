// What every guest test shares: "ok"/"not ok" checks tallied per driver
// (in shared memory, so checks made in forked children count), captured
// records, and small process helpers.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "event/event.h"
#include "source/source.h"

namespace lanner::guest {

using Clock = std::chrono::steady_clock;

// The row of the kernel-test matrix a check counts for.
enum class Section { Kmod, Ebpf, Parity, Count };

// Maps the shared tallies; call once before any check or fork.
void init_checks();
void set_section(Section s);
Section section();

void record_check(bool ok, const std::string& what);

template <typename... Args>
bool check(bool ok, fmt::format_string<Args...> f, Args&&... args) {
    record_check(ok, fmt::format(f, std::forward<Args>(args)...));
    return ok;
}

// "LANNER-RESULT: <section> <pass|fail> <passed> <failed>" per section that
// ran, then the totals; returns the number of failed checks.
int print_results();

double ms_since(Clock::time_point t0);

// Records copied out of a source.
struct Captured {
    std::vector<std::vector<uint8_t>> records;

    // Every record of `type` (optionally from process `pid`), decoded.
    std::vector<Event> of(uint16_t type, int pid = -1) const;
};

// Reads until nothing arrives for `quiet`, or for at most `limit` (a busy
// system never goes quiet).
void drain(Source& src, Captured& into,
           std::chrono::milliseconds quiet = std::chrono::milliseconds(300),
           std::chrono::milliseconds limit = std::chrono::milliseconds(5000));

// fork + execve(path, argv) with a fixed two-variable environment.
pid_t spawn(const char* path, std::vector<const char*> argv);
int wait_status(pid_t pid);

// A program run to its end: its exit status and what it wrote.
struct ProgramRun {
    int status = -1;  // waitpid status
    std::string out, err;
    bool exited(int code) const;
};
ProgramRun run_program(const std::vector<std::string>& argv);

// "a\0b\0" from {"a", "b"}.
std::string list(std::initializer_list<const char*> items);

// A raw syscall; the result or -errno.
long sc(long nr, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0, long f = 0);

template <typename T>
long p(T* ptr) {
    return reinterpret_cast<long>(ptr);
}

// Pins the calling process to CPU 0 (storms) or lets it run anywhere.
void pin_to_cpu0();
void unpin();

}  // namespace lanner::guest
