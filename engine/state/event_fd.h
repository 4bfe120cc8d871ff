// Which fd an event is about, by event type: what the tracker puts in
// EventContext::fd_num and what fd.* fields consider "an event on an fd".
#pragma once

#include <cstdint>

namespace lanner::state {

// The event names no fd (execve, kill...).
inline constexpr int kEventFdNone = -1;
// The result is the fd (open*, socket, accept*, dup*, eventfd...).
inline constexpr int kEventFdResult = -2;

// kEventFdNone, kEventFdResult, or the index of the parameter named "fd"
// (close, connect, read-like calls, fchmod...). Handlers may refine the fd of
// one record (pipe names its first end, fcntl F_DUPFD its result).
int event_fd_source(uint16_t type) noexcept;

}  // namespace lanner::state
