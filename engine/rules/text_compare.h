// Byte comparisons of the short strings conditions compare (names, paths,
// constants), inlined: a call to memcmp costs more than comparing a path
// of a few dozen bytes eight at a time.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace lanner::rules {

// The n bytes at a and b are equal.
inline bool same_bytes(const char* a, const char* b, size_t n) noexcept {
    auto load64 = [](const char* p) {
        uint64_t v;
        std::memcpy(&v, p, 8);
        return v;
    };
    auto load32 = [](const char* p) {
        uint32_t v;
        std::memcpy(&v, p, 4);
        return v;
    };
    if (n >= 8) {
        // Whole words, then the last word (overlapping the one before).
        for (size_t i = 0; i + 8 < n; i += 8)
            if (load64(a + i) != load64(b + i)) return false;
        return load64(a + n - 8) == load64(b + n - 8);
    }
    if (n >= 4) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
    if (n == 0) return true;
    return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
}

inline bool text_equal(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && same_bytes(a.data(), b.data(), a.size());
}

inline bool text_starts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && same_bytes(s.data(), prefix.data(), prefix.size());
}

inline bool text_ends_with(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() &&
           same_bytes(s.data() + s.size() - suffix.size(), suffix.data(), suffix.size());
}

}  // namespace lanner::rules
