// The events the state tracker needs to keep threads and fds exact, whatever
// the rules ask for: the drivers record these in addition to the rules'
// events (Falco calls them the base syscalls). Data transfers (sendto,
// recvfrom, ...) are left out: the tracker only uses them to learn sockets
// it missed, and they are the bulk of a busy host's syscalls.
#pragma once

#include <cstdint>
#include <span>

namespace lanner::state {

// Event type ids (LN_EVT_*), ascending.
std::span<const uint16_t> tracked_events() noexcept;

}  // namespace lanner::state
