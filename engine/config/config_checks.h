// Value checks for configuration keys, beyond their type: each returns what
// is wrong with the value ("must be from 1 to 65535"), or nullopt when fine.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "config/config_values.h"

namespace lanner::config::checks {

using Problem = std::optional<std::string>;

Problem port(const uint32_t& v);
Problem buf_size_preset(const uint32_t& v);
Problem positive_u32(const uint32_t& v);
Problem non_negative(const double& v);
Problem fraction(const double& v);
Problem positive_size(const ByteSize& v);
Problem metrics_interval(const std::chrono::milliseconds& v);
Problem ip_address(const std::string& v);  // an IPv4 or IPv6 address
Problem url_path(const std::string& v);    // starts with '/'
Problem http_url(const std::string& v);    // empty, or http:// or https://

}  // namespace lanner::config::checks
