// Small readers for record parameters as the state tracker uses them: a
// value is "present" when the record carries it readable (an older record
// may lack appended parameters; an unreadable one is empty and partial).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "event/event.h"

namespace lanner::state {

// A text or list parameter and whether the record carries it.
struct Text {
    std::string_view value;
    bool present = false;
};

inline bool param_present(const Event& ev, unsigned i) noexcept {
    const ParamView p = ev.param(i);
    return i < ev.nparams() && !(p.len == 0 && p.partial);
}

// A string parameter, cut at an embedded NUL (paths and names have none).
inline Text text_param(const Event& ev, unsigned i) noexcept {
    if (!param_present(ev, i)) return {};
    std::string_view s = ev.param(i).str();
    if (const void* nul = std::memchr(s.data(), 0, s.size()))
        s = s.substr(0, static_cast<const char*>(nul) - s.data());
    return {s, true};
}

// A list parameter (CHARBUFARRAY): NULs separate the entries.
inline Text list_param(const Event& ev, unsigned i) noexcept {
    if (!param_present(ev, i)) return {};
    return {ev.param(i).str(), true};
}

inline std::optional<int64_t> s64_param(const Event& ev, unsigned i) noexcept {
    return ev.param(i).as<int64_t>();
}
inline std::optional<uint64_t> u64_param(const Event& ev, unsigned i) noexcept {
    return ev.param(i).as<uint64_t>();
}
inline std::optional<uint32_t> u32_param(const Event& ev, unsigned i) noexcept {
    return ev.param(i).as<uint32_t>();
}
inline std::optional<int32_t> s32_param(const Event& ev, unsigned i) noexcept {
    return ev.param(i).as<int32_t>();
}
inline std::optional<uint8_t> u8_param(const Event& ev, unsigned i) noexcept {
    return ev.param(i).as<uint8_t>();
}

}  // namespace lanner::state
