// The wall-clock time of this machine's boot: what turns a record's
// CLOCK_BOOTTIME timestamp into an event time.
#pragma once

#include <cstdint>

namespace lanner {

// Wall-clock time of CLOCK_BOOTTIME zero, ns since the epoch. Measured once
// per process and then fixed: the live engine's alerts and the header of the
// capture it writes must use the same value, or the capture replays to event
// times a few dozen ns off (two measurements never agree exactly, and the
// wall clock may be adjusted between them).
uint64_t boot_time_epoch_ns() noexcept;

}  // namespace lanner
