// Support for the live tests (tests/live): the preconditions they need
// (root, a usable eBPF driver, runc, busybox, script) with the skip-or-fail
// policy, a main() that applies it, temporary directories and running
// programs as child processes with a deadline.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace lanner::live {

// Paths the build gives the tests.
std::string lanner_binary();             // the `lanner` under test
std::string helper(const char* name);    // a helper program of tests/live
std::filesystem::path source_root();     // the repository (rules/, tests/live)
std::filesystem::path upstream_rules();  // ../shared/compat/rules (may not exist)

// What the tests of one executable need.
struct Needs {
    bool containers = false;      // runc, script and a static busybox
    bool upstream_rules = false;  // ../shared/compat/rules
};

// Why the live tests cannot run here, or nothing when they can.
std::optional<std::string> missing_precondition(const Needs& needs);

// main() of a live test executable: runs the Boost.Test suites when the
// preconditions hold; otherwise prints why and returns 77 (CTest's
// SKIP_RETURN_CODE), or 1 under CI=true, where root, BPF and runc are
// required. A missing ../shared skips even under CI.
int run_live_tests(int argc, char** argv, bool (*init)(), const Needs& needs);

// A fresh directory under /tmp (tests/support/temp_dir.h; LANNER_TEST_KEEP=1
// keeps it, to look at a failed run's alerts and log).
using TempDir = lanner::test::TempDir;

// A program that ran to its end (or was killed at its deadline).
struct ProgramResult {
    pid_t pid = -1;
    int status = -1;  // as waitpid() reports it
    bool timed_out = false;
    std::string output;  // stdout and stderr together
    bool ok() const;     // exited with 0 in time
    std::string describe() const;
};

// Runs argv[0] (a path, or a name looked up in PATH) with `input` on its
// stdin, and waits for it at most `limit`.
ProgramResult run_program(const std::vector<std::string>& argv, const std::string& input = "",
                          std::chrono::seconds limit = std::chrono::seconds(30));

// 64 random hex digits, a container id.
std::string random_hex_id();

// The kernel's name of the calling process (its comm, at most 15 characters).
std::string own_comm();

}  // namespace lanner::live
