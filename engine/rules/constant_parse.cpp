#include "rules/constant_parse.h"

#include <charconv>
#include <limits>

#include "lanner/schema.h"

namespace lanner::rules {
namespace {

bool parse_magnitude(std::string_view text, uint64_t& out) {
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    }
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::optional<int64_t> parse_int64(std::string_view text) noexcept {
    bool negative = false;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    uint64_t m = 0;
    if (!parse_magnitude(text, m)) return std::nullopt;
    const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    if (negative) {
        if (m > limit + 1) return std::nullopt;
        return static_cast<int64_t>(0 - m);
    }
    if (m > limit) return std::nullopt;
    return static_cast<int64_t>(m);
}

std::optional<uint64_t> parse_uint64(std::string_view text) noexcept {
    if (!text.empty() && text[0] == '+') text.remove_prefix(1);
    uint64_t m = 0;
    if (!parse_magnitude(text, m)) return std::nullopt;
    return m;
}

std::optional<bool> parse_bool(std::string_view text) noexcept {
    if (text == "true") return true;
    if (text == "false") return false;
    return std::nullopt;
}

std::optional<IpNetworkValue> parse_ip_network(std::string_view text) {
    IpNetworkValue v;
    const size_t slash = text.find('/');
    auto addr = IpAddr::parse(text.substr(0, slash));
    if (!addr) return std::nullopt;
    v.addr = *addr;
    const unsigned bits = addr->family == LN_AF_INET ? 32 : 128;
    v.prefix = bits;
    if (slash != std::string_view::npos) {
        const std::string_view p = text.substr(slash + 1);
        unsigned n = 0;
        auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), n);
        if (p.empty() || ec != std::errc() || end != p.data() + p.size() || n > bits)
            return std::nullopt;
        v.prefix = n;
    }
    return v;
}

std::optional<std::string> decode_hex(std::string_view text) {
    if (text.size() % 2 != 0) return std::nullopt;
    std::string out;
    for (size_t i = 0; i < text.size(); i += 2) {
        unsigned byte = 0;
        auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 2, byte, 16);
        if (ec != std::errc() || end != text.data() + i + 2) return std::nullopt;
        out += static_cast<char>(byte);
    }
    return out;
}

}  // namespace lanner::rules
