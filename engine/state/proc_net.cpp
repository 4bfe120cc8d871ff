#include "state/proc_net.h"

#include <netinet/in.h>

#include <charconv>
#include <cstring>
#include <unordered_set>
#include <vector>

#include "lanner/schema.h"
#include "state/proc_files.h"

namespace lanner::state {

namespace {

constexpr unsigned kTcpListen = 0x0A;
constexpr uint64_t kUnixAcceptConn = 0x10000;  // __SO_ACCEPTCON in the Flags column

// Splits on blanks into at most `max` fields; the last field keeps the rest
// of the line (a unix socket path may contain spaces).
size_t fields(std::string_view line, std::string_view* out, size_t max) {
    size_t n = 0;
    size_t i = 0;
    while (n < max) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        if (n + 1 == max) {
            out[n++] = line.substr(i);
            break;
        }
        size_t end = i;
        while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
        out[n++] = line.substr(i, end - i);
        i = end;
    }
    return n;
}

template <typename T>
bool hex(std::string_view s, T& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
    return ec == std::errc() && p == s.data() + s.size();
}

template <typename T>
bool dec(std::string_view s, T& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 10);
    return ec == std::errc() && p == s.data() + s.size();
}

// "0100007F:0277": the address as the kernel's 32-bit words in native order.
bool endpoint(std::string_view s, uint8_t family, InetEndpoint& out) {
    const size_t colon = s.find(':');
    const size_t addr_hex = family == LN_AF_INET ? 8 : 32;
    if (colon != addr_hex) return false;
    for (size_t w = 0; w < addr_hex / 8; ++w) {
        uint32_t word = 0;
        if (!hex(s.substr(w * 8, 8), word)) return false;
        std::memcpy(out.addr.data() + w * 4, &word, 4);
    }
    return hex(s.substr(colon + 1), out.port);
}

bool unset(const InetEndpoint& e) {
    return e == InetEndpoint{};
}

template <typename F>
void for_each_line(std::string_view text, F&& f) {
    bool header = true;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        const std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (header) {
            header = false;
            continue;
        }
        if (!line.empty()) f(line);
    }
}

}  // namespace

size_t ProcSocketTable::parse_inet(std::string_view text, uint8_t family, uint8_t l4proto) {
    size_t bad = 0;
    for_each_line(text, [&](std::string_view line) {
        std::string_view f[12];
        InetEndpoint local, remote;
        unsigned state = 0;
        uint64_t inode = 0;
        if (fields(line, f, 12) < 10 || !endpoint(f[1], family, local) ||
            !endpoint(f[2], family, remote) || !hex(f[3], state) || !dec(f[9], inode)) {
            ++bad;
            return;
        }
        ProcSocket s;
        s.type = family == LN_AF_INET ? LN_FD_IPV4_SOCK : LN_FD_IPV6_SOCK;
        s.l4proto = l4proto;
        s.tuple.family = family;
        if (l4proto == IPPROTO_TCP && state == kTcpListen) {
            s.tuple.server = local;
            s.role = FdRole::Server;
        } else if (unset(remote)) {
            s.tuple.server = local;  // bound only
        } else {
            s.tuple.client = local;  // oriented by orient() for TCP
            s.tuple.server = remote;
            s.role = FdRole::Client;
        }
        by_inode_[inode] = s;
    });
    return bad;
}

size_t ProcSocketTable::parse_unix(std::string_view text) {
    size_t bad = 0;
    for_each_line(text, [&](std::string_view line) {
        std::string_view f[8];
        const size_t n = fields(line, f, 8);
        uint64_t addr = 0, flags = 0, inode = 0;
        std::string_view num = n > 0 ? f[0] : std::string_view{};
        if (!num.empty() && num.back() == ':') num.remove_suffix(1);
        if (n < 7 || !hex(num, addr) || !hex(f[3], flags) || !dec(f[6], inode)) {
            ++bad;
            return;
        }
        ProcSocket s;
        s.type = LN_FD_UNIX_SOCK;
        s.tuple.family = LN_AF_UNIX;
        s.tuple.unix_source = addr;
        if (n == 8) {
            s.unix_path = f[7];
            if (!s.unix_path.empty() && s.unix_path.front() == '@') s.unix_path.front() = '\0';
        }
        if (flags & kUnixAcceptConn) s.role = FdRole::Server;
        by_inode_[inode] = s;
    });
    return bad;
}

size_t ProcSocketTable::parse_netlink(std::string_view text) {
    size_t bad = 0;
    for_each_line(text, [&](std::string_view line) {
        std::string_view f[12];
        const size_t n = fields(line, f, 12);
        uint64_t inode = 0;
        if (n < 10 || !dec(f[n - 1], inode)) {
            ++bad;
            return;
        }
        ProcSocket s;
        s.type = LN_FD_NETLINK;
        by_inode_[inode] = s;
    });
    return bad;
}

void ProcSocketTable::orient() {
    std::unordered_set<uint16_t> listening;
    for (const auto& [inode, s] : by_inode_)
        if (s.l4proto == IPPROTO_TCP && s.role == FdRole::Server)
            listening.insert(s.tuple.server.port);
    for (auto& [inode, s] : by_inode_) {
        if (s.l4proto != IPPROTO_TCP || s.role != FdRole::Client) continue;
        if (listening.count(s.tuple.client.port) != 0) {
            // Accepted here: the remote side is the client.
            std::swap(s.tuple.client, s.tuple.server);
            s.role = FdRole::Server;
        }
    }
}

size_t ProcSocketTable::load(const std::string& net_dir) {
    size_t bad = 0;
    std::string text;
    const struct {
        const char* file;
        uint8_t family;
        uint8_t l4proto;
    } inet[] = {
        {"tcp", LN_AF_INET, IPPROTO_TCP}, {"tcp6", LN_AF_INET6, IPPROTO_TCP},
        {"udp", LN_AF_INET, IPPROTO_UDP}, {"udp6", LN_AF_INET6, IPPROTO_UDP},
        {"raw", LN_AF_INET, IPPROTO_RAW}, {"raw6", LN_AF_INET6, IPPROTO_RAW},
    };
    for (const auto& t : inet)
        if (read_proc_file(net_dir + "/" + t.file, text) == ReadResult::Ok)
            bad += parse_inet(text, t.family, t.l4proto);
    if (read_proc_file(net_dir + "/unix", text) == ReadResult::Ok) bad += parse_unix(text);
    if (read_proc_file(net_dir + "/netlink", text) == ReadResult::Ok) bad += parse_netlink(text);
    orient();
    return bad;
}

const ProcSocket* ProcSocketTable::find(uint64_t inode) const noexcept {
    auto it = by_inode_.find(inode);
    return it == by_inode_.end() ? nullptr : &it->second;
}

}  // namespace lanner::state
