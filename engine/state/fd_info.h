// What the engine knows about one open file descriptor: the kind of object
// behind it, its name as Falco shows fd.name, open flags, and for sockets the
// connection tuple, role and L4 protocol.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "lanner/events.h"

namespace lanner::state {

enum class FdRole : uint8_t { None = 0, Client = 1, Server = 2 };

// Connection progress of a socket (fd.connected is Connected).
enum class SocketState : uint8_t { None, Pending, Connected, Failed };

// One side of an inet connection; the address in network byte order (IPv4
// in the first 4 bytes), the port in host order.
struct InetEndpoint {
    std::array<uint8_t, 16> addr{};
    uint16_t port = 0;
    bool operator==(const InetEndpoint&) const = default;
};

// The socket tuple in the orientation of docs/events.md: client is the side
// that connected, server the side that accepted or is bound.
struct FdTuple {
    uint8_t family = 0;  // LN_AF_INET, LN_AF_INET6, LN_AF_UNIX; 0 when unknown
    InetEndpoint client, server;
    uint64_t unix_source = 0, unix_peer = 0;  // kernel socket ids (unix)
    bool operator==(const FdTuple&) const = default;
};

struct FdInfo {
    int64_t fd = -1;
    ln_fd_type type = LN_FD_UNKNOWN;
    uint32_t open_flags = 0;  // O_* as the kernel keeps them (O_CLOEXEC when close-on-exec)
    FdRole role = FdRole::None;
    SocketState sock_state = SocketState::None;
    uint8_t l4proto = 0;  // IPPROTO_*, 0 when not a socket or unknown
    FdTuple tuple;
    uint64_t ino = 0;
    uint32_t dev = 0;       // kernel encoding, major << 20 | minor
    int64_t pidfd_pid = 0;  // process a pidfd refers to
    uint64_t open_seq = 0;  // order of creation in its table (eviction picks the oldest)
    // Absolute path (files, directories, unix sockets bound to a path), the
    // connection ("10.0.0.1:40000->10.0.0.2:443"), or the kernel's anonymous
    // inode name ("anon_inode:[eventfd]", "pipe:[1234]", "memfd:NAME").
    std::string name;
    // The path as the opening call passed it (fd.nameraw), when it differs
    // from `name` (relative, or not normalised); empty otherwise.
    std::string name_raw;

    bool cloexec() const noexcept;
    bool is_socket() const noexcept;
    bool is_inet() const noexcept { return type == LN_FD_IPV4_SOCK || type == LN_FD_IPV6_SOCK; }
    // fd.directory / fd.filename: for files the parts of the path; for a
    // directory the directory itself and "".
    std::string_view directory() const noexcept;
    std::string_view filename() const noexcept;

    // Copies everything but the number and creation order (dup, fork),
    // reusing this entry's name buffers.
    void copy_from(const FdInfo& other);
    // Back to the state of a new entry; keeps the names' capacity.
    void reset() noexcept;
};

// Falco's name of an fd type (fd.type): "file", "ipv4", "unix", "pipe", ...
std::string_view fd_type_name(ln_fd_type t) noexcept;
// Falco's name of an L4 protocol (fd.l4proto): "tcp", "udp", "icmp", "raw", or "".
std::string_view l4proto_name(uint8_t ipproto) noexcept;

// Writes the Falco-style name of a socket from its tuple into `out`:
//   inet, both ends:  "cip:cport->sip:sport"
//   inet, server only (bound or listening): "sip:sport"
//   unix:             "source->peer path" (ids in hex; no path: "source->peer")
// Reuses out's capacity; allocates only when the name outgrows it.
void format_socket_name(const FdTuple& t, std::string_view unix_path, std::string& out);

// Parses a SOCKTUPLE parameter (docs/events.md) into `out`; false when the
// bytes are malformed. An IPv6 tuple whose ends are IPv4-mapped addresses
// (::ffff:a.b.c.d, one side possibly unset) becomes an IPv4 tuple, as Falco
// shows it. `unix_path` views into `bytes`.
bool parse_socktuple(std::string_view bytes, FdTuple& out, std::string_view& unix_path) noexcept;

// Parses a SOCKADDR parameter into an endpoint (family in `family`) or a unix path.
bool parse_sockaddr(std::string_view bytes, uint8_t& family, InetEndpoint& ep,
                    std::string_view& unix_path) noexcept;

}  // namespace lanner::state
