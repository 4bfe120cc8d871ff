// The string sets of `in` and `intersects` and of merged `=` chains: built
// once when a rule is compiled, then asked "is this value a member?" for
// event after event. Open addressing over a flat array with a cheap hash, and
// a filter on the lengths of the members that rejects most values before
// hashing (most tested values are not members). Lookups never allocate.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "rules/text_compare.h"

namespace lanner::rules {

// A fast, non-cryptographic hash of a short string. The sets hash only the
// rules' constants when built, and the lookups of event values cannot make
// a fixed table slower, so no seed or flooding resistance is needed.
inline uint64_t hash_text(std::string_view s) noexcept {
    constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.size();
    uint64_t h = (n + 1) * kMul;
    auto mix = [&](uint64_t w) {
        h = (h ^ w) * kMul;
        h ^= h >> 31;
    };
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        mix(w);
    }
    if (n >= 4) {
        uint32_t a, b;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        mix(static_cast<uint64_t>(a) << 32 | b);
    } else if (n > 0) {
        mix(static_cast<uint64_t>(p[0]) << 16 | static_cast<uint64_t>(p[n / 2]) << 8 | p[n - 1]);
    }
    return h ^ (h >> 29);
}

class StringSet {
  public:
    StringSet() = default;
    StringSet(std::initializer_list<std::string_view> members);

    // Adds a member (a duplicate is ignored).
    void insert(std::string_view s);

    bool contains(std::string_view s) const noexcept {
        if (((length_mask_ >> length_bit(s.size())) & 1) == 0) return false;
        if (slots_.empty()) {  // few members: compare them directly
            for (const auto& m : members_)
                if (text_equal(m, s)) return true;
            return false;
        }
        const uint64_t h = hash_text(s);
        const auto tag = static_cast<uint32_t>(h >> 32);
        for (size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.index == kEmpty) return false;
            if (slot.tag == tag) {
                if (text_equal(members_[slot.index], s)) return true;
            }
        }
    }

    size_t size() const noexcept { return members_.size(); }
    bool empty() const noexcept { return members_.empty(); }
    // The members in the order first inserted.
    const std::vector<std::string>& members() const noexcept { return members_; }

  private:
    static constexpr uint32_t kEmpty = UINT32_MAX;
    // Below this many members a lookup compares them one by one.
    static constexpr size_t kLinearMax = 4;

    struct Slot {
        uint32_t tag = 0;  // high half of the member's hash
        uint32_t index = kEmpty;
    };

    static unsigned length_bit(size_t n) noexcept { return n < 63 ? static_cast<unsigned>(n) : 63; }
    void rebuild();
    void place(uint32_t index, uint64_t h);

    std::vector<std::string> members_;
    std::vector<Slot> slots_;  // empty while members_ is small
    size_t mask_ = 0;
    uint64_t length_mask_ = 0;  // bit n: a member of length n (63: 63 or more)
};

}  // namespace lanner::rules
