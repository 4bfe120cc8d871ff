#include "config/config_checks.h"

#include <arpa/inet.h>

#include <fmt/format.h>

namespace lanner::config::checks {

Problem port(const uint32_t& v) {
    if (v >= 1 && v <= 65535) return std::nullopt;
    return fmt::format("must be a port from 1 to 65535, got {}", v);
}

Problem buf_size_preset(const uint32_t& v) {
    if (v >= 1 && v <= 10) return std::nullopt;
    return fmt::format("must be from 1 (1 MiB per CPU) to 10 (512 MiB per CPU), got {}", v);
}

Problem positive_u32(const uint32_t& v) {
    if (v > 0) return std::nullopt;
    return std::string("must be at least 1");
}

Problem non_negative(const double& v) {
    if (v >= 0) return std::nullopt;
    return fmt::format("must not be negative, got {}", v);
}

Problem fraction(const double& v) {
    if (v >= 0 && v <= 1) return std::nullopt;
    return fmt::format("must be from 0 to 1, got {}", v);
}

Problem positive_size(const ByteSize& v) {
    if (v.bytes > 0) return std::nullopt;
    return std::string("must be larger than 0");
}

Problem metrics_interval(const std::chrono::milliseconds& v) {
    if (v >= std::chrono::milliseconds(100)) return std::nullopt;
    return fmt::format("must be at least 100ms, got {}", format_duration(v));
}

Problem ip_address(const std::string& v) {
    unsigned char buf[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, v.c_str(), buf) == 1 || inet_pton(AF_INET6, v.c_str(), buf) == 1)
        return std::nullopt;
    return fmt::format("expected an IPv4 or IPv6 address, got '{}'", v);
}

Problem url_path(const std::string& v) {
    if (!v.empty() && v[0] == '/') return std::nullopt;
    return fmt::format("expected a path starting with '/', got '{}'", v);
}

Problem http_url(const std::string& v) {
    if (v.empty() || v.starts_with("http://") || v.starts_with("https://")) return std::nullopt;
    return fmt::format("expected an http:// or https:// URL, got '{}'", v);
}

}  // namespace lanner::config::checks
