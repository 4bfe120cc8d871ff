// Parsing the constants of conditions into the types of the fields they are
// compared with. Each returns nullopt when the text is not a valid value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "event/sockaddr.h"

namespace lanner::rules {

// Decimal or 0x-hexadecimal, optionally signed.
std::optional<int64_t> parse_int64(std::string_view text) noexcept;
std::optional<uint64_t> parse_uint64(std::string_view text) noexcept;
// "true" or "false", as Falco.
std::optional<bool> parse_bool(std::string_view text) noexcept;

// An address ("10.0.0.1", "::1") as a /32 or /128 network, or a network
// ("10.0.0.0/8", "fe80::/10").
struct IpNetworkValue {
    IpAddr addr;
    unsigned prefix = 0;
};
std::optional<IpNetworkValue> parse_ip_network(std::string_view text);

// Hex bytes for bcontains/bstartswith: "CAFEBABE" (even length).
std::optional<std::string> decode_hex(std::string_view text);

}  // namespace lanner::rules
