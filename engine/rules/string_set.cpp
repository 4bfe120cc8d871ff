#include "rules/string_set.h"

namespace lanner::rules {

StringSet::StringSet(std::initializer_list<std::string_view> members) {
    for (auto m : members) insert(m);
}

void StringSet::insert(std::string_view s) {
    if (contains(s)) return;
    members_.emplace_back(s);
    length_mask_ |= uint64_t{1} << length_bit(s.size());
    if (members_.size() <= kLinearMax) return;
    // Keep the table at most half full.
    if (slots_.empty() || members_.size() * 2 > slots_.size()) {
        rebuild();
        return;
    }
    const auto index = static_cast<uint32_t>(members_.size() - 1);
    place(index, hash_text(members_[index]));
}

void StringSet::rebuild() {
    size_t n = 16;
    while (n < members_.size() * 2) n *= 2;
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    for (size_t i = 0; i < members_.size(); ++i)
        place(static_cast<uint32_t>(i), hash_text(members_[i]));
}

void StringSet::place(uint32_t index, uint64_t h) {
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
        if (slots_[i].index != kEmpty) continue;
        slots_[i] = Slot{static_cast<uint32_t>(h >> 32), index};
        return;
    }
}

}  // namespace lanner::rules
