// What both drivers' stress tests share: the storm they run, close(-1) as
// fast as possible into a deliberately small ring on CPU 0, the accounting
// that must hold afterwards (every record delivered or counted as dropped,
// the 'lost' fields adding up to the drops), and the background load their
// load/attach cycles run under.
#pragma once

#include <sys/types.h>

#include <string_view>

#include "guest_check.h"

namespace lanner::guest {

// Two halves of `calls` close(-1) calls, each followed by a drain, then one
// more record, which reports the second half's drops, drained too. The
// caller is pinned to CPU 0 and `src` records close only.
void close_storm(Source& src, Captured& cap, int calls);

// Checks CPU 0's counters `c0` against the records read (`cap`) after a
// close_storm() of `calls`, and prints them as a metric line.
void check_storm_accounting(std::string_view driver, const CpuDropStats& c0, const Captured& cap,
                            int calls);

// A child that opens files and forks until killed (SIGKILL, then waitpid).
pid_t start_load();

}  // namespace lanner::guest
