// The sockets of one network namespace, by inode, from its /proc/PID/net
// tables (tcp, tcp6, udp, udp6, raw, raw6, unix, netlink): what the /proc
// scanner needs to describe a "socket:[INODE]" fd.
//
// Orientation follows the state tracker's: for a connection the client is the
// side that connected. A TCP connection whose local port has a listening
// socket in the same namespace was accepted here (the local side is the
// server); otherwise this side connected. Listening and bound-only sockets
// have only a server side.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "state/fd_info.h"

namespace lanner::state {

struct ProcSocket {
    ln_fd_type type = LN_FD_OTHER_SOCK;
    FdTuple tuple;
    FdRole role = FdRole::None;
    uint8_t l4proto = 0;
    std::string unix_path;  // a unix socket's bound path ('\0' first when abstract)
};

class ProcSocketTable {
  public:
    // Reads the tables under `net_dir` (e.g. "/proc/1234/net"); missing
    // tables are skipped. Returns the number of lines that did not parse.
    size_t load(const std::string& net_dir);
    const ProcSocket* find(uint64_t inode) const noexcept;
    size_t size() const noexcept { return by_inode_.size(); }

    // Exposed for tests: one table's text.
    size_t parse_inet(std::string_view text, uint8_t family, uint8_t l4proto);
    size_t parse_unix(std::string_view text);
    size_t parse_netlink(std::string_view text);
    // Decides client/server for the TCP connections once every table is read.
    void orient();

  private:
    std::unordered_map<uint64_t, ProcSocket> by_inode_;
};

}  // namespace lanner::state
