// The `lanner` command: parses options and runs the chosen action.
#pragma once

#include <cstdio>

namespace lanner::app {

// Runs the command; returns the process exit status (2 for usage errors,
// 1 for runtime errors). Output goes to `out`, diagnostics to `err`.
int run_cli(int argc, const char* const* argv, std::FILE* out, std::FILE* err);
inline int run_cli(int argc, const char* const* argv) {
    return run_cli(argc, argv, stdout, stderr);
}

}  // namespace lanner::app
