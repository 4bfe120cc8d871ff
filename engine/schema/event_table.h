// The engine's view of the event table generated from schema/events.py:
// names, categories, parameter types and the symbolic names of flag values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lanner/schema.h"

namespace lanner::schema {

struct FlagName {
    std::string_view name;
    uint64_t value;
};

// A named set of flag bits (is_enum false) or of exclusive values (is_enum true).
struct FlagSet {
    std::string_view name;
    bool is_enum;
    std::span<const FlagName> names;
};

struct ParamInfo {
    std::string_view name;
    ln_param_type type;
    const FlagSet* flags;  // for FLAGS*, ENUM32 and SIGNAL parameters, else nullptr
    int dirfd_index;       // for FSRELPATH: index of the directory-fd parameter, else -1
    std::string_view description;
};

struct EventInfo {
    std::string_view name;
    ln_category category;
    std::span<const ParamInfo> params;
    std::string_view syscalls;  // space-separated syscall names, empty for non-syscall events
    std::string_view description;
};

struct ParamTypeInfo {
    std::string_view name;
    uint32_t size;  // fixed size in bytes, 0 for variable-length types
    std::string_view description;
};

extern const EventInfo kEvents[LN_EVT_MAX];
extern const FlagSet kFlagSets[];
extern const size_t kFlagSetCount;
extern const std::string_view kCategoryNames[LN_CAT_MAX];
extern const ParamTypeInfo kParamTypes[LN_PT_MAX];

// Metadata of an event type; the "unknown" entry for ids outside the table.
const EventInfo& event_info(uint16_t type) noexcept;

// Event type id by name ("openat"), or nullopt.
std::optional<uint16_t> find_event(std::string_view name) noexcept;

// Parameter index by name within an event, or -1.
int find_param(uint16_t type, std::string_view name) noexcept;

// Flag set by name ("open_flags"), or nullptr.
const FlagSet* find_flag_set(std::string_view name) noexcept;

std::string_view category_name(ln_category c) noexcept;

// Fixed size in bytes of a parameter type, 0 for variable-length types.
inline uint32_t fixed_size(ln_param_type t) noexcept {
    return t < LN_PT_MAX ? kParamTypes[t].size : 0;
}

// Whether a fixed-size parameter type holds a signed integer (ids and fds:
// negative is an error or "none").
inline bool is_signed(ln_param_type t) noexcept {
    return t == LN_PT_S32 || t == LN_PT_S64 || t == LN_PT_FD || t == LN_PT_PID ||
           t == LN_PT_NSPID || t == LN_PT_ERRNO || t == LN_PT_ENUM32;
}

// Symbolic rendering of a value: "O_WRONLY|O_CREAT|O_TRUNC" for bit sets
// (unknown bits appended in hex), the name or the number for enums.
std::string format_flags(const FlagSet& set, uint64_t value);
// The same, appended to `out`: allocates nothing once `out` has the capacity,
// so per-event field extraction can use it.
void append_flags(const FlagSet& set, uint64_t value, std::string& out);

// Value of one symbol of a set ("O_TRUNC"), or nullopt.
std::optional<uint64_t> flag_value(const FlagSet& set, std::string_view symbol) noexcept;

// True for events no driver produces (the state section of a capture).
inline bool is_meta_event(uint16_t type) noexcept {
    return type < LN_EVT_MAX && kEvents[type].category == LN_CAT_META;
}

}  // namespace lanner::schema
