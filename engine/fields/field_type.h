// The type of a field's values. It decides which operators a condition may
// apply to the field, how constants compared with it are parsed, and how its
// values are printed.
#pragma once

#include <cstdint>
#include <string_view>

namespace lanner::fields {

enum class FieldType : uint8_t {
    String,      // text
    Bytes,       // binary data (evt.buffer); bcontains/bstartswith take hex constants
    Int64,       // signed integer
    Uint64,      // unsigned integer
    Bool,        // true / false
    IpAddr,      // an IPv4 or IPv6 address; compares with addresses or networks
    IpNet,       // an address compared for membership in networks (fd.net = 10.0.0.0/8)
    Port,        // a TCP/UDP port
    Flags,       // a bit set with symbolic names; `contains NAME` tests a bit
    AbsTime,     // ns since the epoch
    RelTime,     // a duration in ns
    StringList,  // several strings compared as a set (in, intersects)
};

// Lower-case name used in listings and error messages ("string", "ipnet").
std::string_view type_name(FieldType t) noexcept;

// Integer-valued types: compared with <, <=, >, >= and parsed as numbers.
bool is_numeric(FieldType t) noexcept;

// Integer types whose values are signed.
inline bool is_signed(FieldType t) noexcept {
    return t == FieldType::Int64;
}

// Types whose values are text (String, StringList) or bytes.
inline bool is_text(FieldType t) noexcept {
    return t == FieldType::String || t == FieldType::Bytes || t == FieldType::StringList;
}

inline bool is_address(FieldType t) noexcept {
    return t == FieldType::IpAddr || t == FieldType::IpNet;
}

}  // namespace lanner::fields
