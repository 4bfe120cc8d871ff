// The interest set a driver needs (struct ln_interest, lanner/driver_abi.h)
// from the event types the engine wants: the rules engine and the state
// tracker compute the events, drivers take syscalls.
#pragma once

// sys/syscall.h must come before lanner/driver_abi.h: the syscall table in
// lanner/syscalls.h is built from the __NR_* macros visible when it is first
// included (without them it is silently empty).
#include <sys/syscall.h>

#include <bitset>
#include <cstdint>
#include <vector>

#include "lanner/driver_abi.h"

namespace lanner {

using EventTypeSet = std::bitset<LN_EVT_MAX>;

// The syscalls whose exit produces one of `events` on this architecture, and
// LN_SRC_PROCEXIT for procexit. Meta events (no driver produces them) add
// nothing.
ln_interest interest_for_events(const EventTypeSet& events);

// The same for a list of event types; an empty list selects every event.
// Throws lanner::Error for an event no syscall of this architecture
// produces (a meta event, a syscall this architecture lacks).
ln_interest interest_for_list(const std::vector<uint16_t>& events);

// Every event a driver can produce.
ln_interest interest_all();

// The event produced by syscall `nr`, or LN_EVT_UNKNOWN (0) if none.
uint16_t event_for_syscall(uint32_t nr);

inline bool interest_has_syscall(const ln_interest& in, uint32_t nr) {
    return nr < LN_SYSCALL_MAX && (in.syscalls[nr / 64] >> (nr % 64)) & 1;
}

// Syscall numbers set in the interest set, ascending.
std::vector<uint32_t> interest_syscalls(const ln_interest& in);

}  // namespace lanner
