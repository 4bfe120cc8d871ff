#include "state/fd_info.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>

#include <cstring>

#include "lanner/schema.h"
#include "state/path.h"

namespace lanner::state {

bool FdInfo::cloexec() const noexcept {
    return (open_flags & O_CLOEXEC) != 0;
}

bool FdInfo::is_socket() const noexcept {
    switch (type) {
        case LN_FD_IPV4_SOCK:
        case LN_FD_IPV6_SOCK:
        case LN_FD_UNIX_SOCK:
        case LN_FD_NETLINK:
        case LN_FD_OTHER_SOCK:
            return true;
        default:
            return false;
    }
}

std::string_view FdInfo::directory() const noexcept {
    if (type == LN_FD_DIRECTORY) return name;
    if (type != LN_FD_FILE) return {};
    return path_directory(name);
}

std::string_view FdInfo::filename() const noexcept {
    if (type != LN_FD_FILE) return {};
    return path_basename(name);
}

void FdInfo::copy_from(const FdInfo& o) {
    type = o.type;
    open_flags = o.open_flags;
    role = o.role;
    sock_state = o.sock_state;
    l4proto = o.l4proto;
    tuple = o.tuple;
    ino = o.ino;
    dev = o.dev;
    pidfd_pid = o.pidfd_pid;
    name.assign(o.name);
    name_raw.assign(o.name_raw);
}

void FdInfo::reset() noexcept {
    fd = -1;
    type = LN_FD_UNKNOWN;
    open_flags = 0;
    role = FdRole::None;
    sock_state = SocketState::None;
    l4proto = 0;
    tuple = FdTuple{};
    ino = 0;
    dev = 0;
    pidfd_pid = 0;
    open_seq = 0;
    name.clear();
    name_raw.clear();
}

std::string_view fd_type_name(ln_fd_type t) noexcept {
    switch (t) {
        case LN_FD_FILE:
            return "file";
        case LN_FD_DIRECTORY:
            return "directory";
        case LN_FD_IPV4_SOCK:
            return "ipv4";
        case LN_FD_IPV6_SOCK:
            return "ipv6";
        case LN_FD_UNIX_SOCK:
            return "unix";
        case LN_FD_NETLINK:
            return "netlink";
        case LN_FD_PIPE:
            return "pipe";
        case LN_FD_EVENT:
            return "event";
        case LN_FD_SIGNALFD:
            return "signalfd";
        case LN_FD_EVENTPOLL:
            return "eventpoll";
        case LN_FD_INOTIFY:
            return "inotify";
        case LN_FD_TIMERFD:
            return "timerfd";
        case LN_FD_MEMFD:
            return "memfd";
        case LN_FD_BPF:
            return "bpf";
        case LN_FD_USERFAULTFD:
            return "userfaultfd";
        case LN_FD_IO_URING:
            return "io_uring";
        case LN_FD_PIDFD:
            return "pidfd";
        case LN_FD_OTHER_SOCK:
            return "socket";
        default:
            return "unknown";
    }
}

std::string_view l4proto_name(uint8_t p) noexcept {
    switch (p) {
        case IPPROTO_TCP:
            return "tcp";
        case IPPROTO_UDP:
            return "udp";
        case IPPROTO_ICMP:
        case IPPROTO_ICMPV6:
            return "icmp";
        case IPPROTO_RAW:
            return "raw";
        default:
            return "";
    }
}

namespace {

size_t addr_len(uint8_t family) {
    return family == LN_AF_INET ? 4 : 16;
}

bool endpoint_unset(const InetEndpoint& e) {
    if (e.port != 0) return false;
    for (uint8_t b : e.addr)
        if (b != 0) return false;
    return true;
}

// Writes `v` in decimal at p; returns the end.
char* put_decimal(char* p, unsigned v) {
    char digits[10];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0) *p++ = digits[--n];
    return p;
}

// Appends "addr:port" to buf at pos; returns the new position. Written by
// hand for IPv4 (inet_ntop and snprintf cost more than the rest of a UDP
// datagram's handling, and a datagram to a new peer renames its socket);
// inet_ntop writes IPv6, whose '::' compression is its business.
size_t put_endpoint(char* buf, size_t pos, size_t cap, uint8_t family, const InetEndpoint& e) {
    constexpr size_t kLongest = INET6_ADDRSTRLEN + 6;  // address, ':', port
    if (cap - pos <= kLongest) return pos;
    char* p = buf + pos;
    if (family == LN_AF_INET) {
        for (int i = 0; i < 4; ++i) {
            if (i != 0) *p++ = '.';
            p = put_decimal(p, e.addr[static_cast<size_t>(i)]);
        }
    } else {
        char text[INET6_ADDRSTRLEN] = {};
        inet_ntop(AF_INET6, e.addr.data(), text, sizeof text);
        const size_t n = std::strlen(text);
        std::memcpy(p, text, n);
        p += n;
    }
    *p++ = ':';
    p = put_decimal(p, e.port);
    return static_cast<size_t>(p - buf);
}

bool ipv4_mapped(const InetEndpoint& e) {
    for (int i = 0; i < 10; ++i)
        if (e.addr[i] != 0) return false;
    if (e.addr[10] == 0xff && e.addr[11] == 0xff) return true;
    return e.addr[10] == 0 && e.addr[11] == 0 && e.addr[12] == 0 && e.addr[13] == 0 &&
           e.addr[14] == 0 && e.addr[15] == 0;
}

void unmap_ipv4(InetEndpoint& e) {
    std::memmove(e.addr.data(), e.addr.data() + 12, 4);
    std::memset(e.addr.data() + 4, 0, 12);
}

InetEndpoint read_endpoint(const char* p, uint8_t family) {
    InetEndpoint e;
    std::memcpy(e.addr.data(), p, addr_len(family));
    std::memcpy(&e.port, p + addr_len(family), 2);
    return e;
}

}  // namespace

void format_socket_name(const FdTuple& t, std::string_view unix_path, std::string& out) {
    char buf[256];
    size_t pos = 0;
    if (t.family == LN_AF_INET || t.family == LN_AF_INET6) {
        if (!endpoint_unset(t.client)) {
            pos = put_endpoint(buf, pos, sizeof buf, t.family, t.client);
            buf[pos++] = '-';
            buf[pos++] = '>';
        }
        pos = put_endpoint(buf, pos, sizeof buf, t.family, t.server);
        out.assign(buf, pos);
        return;
    }
    if (t.family == LN_AF_UNIX) {
        const int n =
            snprintf(buf, sizeof buf, "%llx->%llx", static_cast<unsigned long long>(t.unix_source),
                     static_cast<unsigned long long>(t.unix_peer));
        out.assign(buf, n > 0 ? static_cast<size_t>(n) : 0);
        if (!unix_path.empty()) {
            out += ' ';
            // An abstract name starts with a NUL; show it as '@' as ss(8) does.
            if (unix_path.front() == '\0') {
                out += '@';
                unix_path.remove_prefix(1);
            }
            out += unix_path;
        }
        return;
    }
    out.clear();
}

bool parse_socktuple(std::string_view b, FdTuple& out, std::string_view& unix_path) noexcept {
    unix_path = {};
    if (b.empty()) return false;
    out = FdTuple{};
    out.family = static_cast<uint8_t>(b[0]);
    if (out.family == LN_AF_INET || out.family == LN_AF_INET6) {
        const size_t one = addr_len(out.family) + 2;
        if (b.size() != 1 + 2 * one) return false;
        out.client = read_endpoint(b.data() + 1, out.family);
        out.server = read_endpoint(b.data() + 1 + one, out.family);
        // Both ends IPv4 (mapped, or unset on one side) and at least one real
        // mapping: an IPv4 conversation on an IPv6 socket. A socket bound to
        // "::" with no peer stays IPv6.
        const auto really_mapped = [](const InetEndpoint& e) {
            return e.addr[10] == 0xff && e.addr[11] == 0xff;
        };
        if (out.family == LN_AF_INET6 && ipv4_mapped(out.client) && ipv4_mapped(out.server) &&
            (really_mapped(out.client) || really_mapped(out.server))) {
            unmap_ipv4(out.client);
            unmap_ipv4(out.server);
            out.family = LN_AF_INET;
        }
        return true;
    }
    if (out.family == LN_AF_UNIX) {
        if (b.size() < LN_SOCKTUPLE_UNIX_MIN) return false;
        std::memcpy(&out.unix_source, b.data() + 1, 8);
        std::memcpy(&out.unix_peer, b.data() + 9, 8);
        unix_path = b.substr(LN_SOCKTUPLE_UNIX_MIN);
        const size_t nul = unix_path.find('\0', 1);  // keep an abstract name's leading NUL
        if (nul != std::string_view::npos) unix_path = unix_path.substr(0, nul);
        return true;
    }
    return false;
}

bool parse_sockaddr(std::string_view b, uint8_t& family, InetEndpoint& ep,
                    std::string_view& unix_path) noexcept {
    unix_path = {};
    if (b.empty()) return false;
    family = static_cast<uint8_t>(b[0]);
    if (family == LN_AF_INET || family == LN_AF_INET6) {
        if (b.size() != 1 + addr_len(family) + 2) return false;
        ep = read_endpoint(b.data() + 1, family);
        if (family == LN_AF_INET6 && ep.addr[10] == 0xff && ep.addr[11] == 0xff &&
            ipv4_mapped(ep)) {
            // A v4-mapped address (::ffff:a.b.c.d) is shown as IPv4, as Falco
            // does; the unspecified "::" stays IPv6 (a dual-stack bind).
            unmap_ipv4(ep);
            family = LN_AF_INET;
        }
        return true;
    }
    if (family == LN_AF_UNIX) {
        unix_path = b.substr(1);
        const size_t nul = unix_path.find('\0', 1);
        if (nul != std::string_view::npos) unix_path = unix_path.substr(0, nul);
        return true;
    }
    return false;
}

}  // namespace lanner::state
