// Encoding and decoding of the SOCKADDR and SOCKTUPLE parameter formats
// (include/lanner/schema.h). Addresses are kept in network byte order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lanner {

// An IPv4 or IPv6 address in network byte order (IPv4 uses the first 4 bytes).
struct IpAddr {
    uint8_t family = 0;  // LN_AF_INET or LN_AF_INET6, 0 if none
    std::array<uint8_t, 16> bytes{};

    static std::optional<IpAddr> parse(std::string_view text);  // "10.0.0.1", "::1"
    std::string to_string() const;
    bool operator==(const IpAddr&) const = default;
};

struct Endpoint {
    IpAddr ip;
    uint16_t port = 0;
};

struct SockAddr {
    uint8_t family = 0;  // LN_AF_*; 0 when absent
    Endpoint inet;       // LN_AF_INET / LN_AF_INET6
    std::string unix_path;
};

struct SockTuple {
    uint8_t family = 0;
    Endpoint client, server;  // inet
    uint64_t unix_source = 0, unix_peer = 0;
    std::string unix_path;
};

std::string encode_sockaddr(const SockAddr& a);
std::string encode_socktuple(const SockTuple& t);
std::optional<SockAddr> decode_sockaddr(std::string_view bytes);
std::optional<SockTuple> decode_socktuple(std::string_view bytes);

// Convenience for tests: "10.0.0.1", 443 -> SOCKADDR bytes, and tuples.
std::string inet_sockaddr(std::string_view ip, uint16_t port);
std::string inet_tuple(std::string_view cip, uint16_t cport, std::string_view sip, uint16_t sport);
std::string unix_sockaddr(std::string_view path);

}  // namespace lanner
