// The storm both drivers' stress tests run: close(-1) as fast as possible
// into a deliberately small ring on CPU 0, and the accounting that must hold
// afterwards (every record delivered or counted as dropped, the 'lost'
// fields adding up to the drops).
#pragma once

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

}  // namespace lanner::guest
