// An open-addressing hash map from non-negative integer keys (tids, pids,
// fds) to small trivially copyable values (pointers). Linear probing with
// backward-shift deletion, so there are no tombstones and a lookup touches
// one or two cache lines. Clearing keeps the slot array, so a pooled table is
// reused without allocating.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace lanner::state {

template <typename V>
class FlatIntMap {
    static_assert(std::is_trivially_copyable_v<V>, "values are moved by memcpy-like copies");

  public:
    using Key = uint64_t;
    static constexpr Key kEmpty = ~Key{0};  // never a valid key

    struct Slot {
        Key key = kEmpty;
        V value{};
    };

    size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    V* find(Key k) noexcept {
        if (slots_.empty()) return nullptr;
        for (size_t i = home(k);; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.key == k) return &s.value;
            if (s.key == kEmpty) return nullptr;
        }
    }
    const V* find(Key k) const noexcept { return const_cast<FlatIntMap*>(this)->find(k); }

    // Inserts or overwrites. Returns the stored value slot.
    V& put(Key k, V v) {
        if ((size_ + 1) * 4 > slots_.size() * 3) grow();
        for (size_t i = home(k);; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.key == k) {
                s.value = v;
                return s.value;
            }
            if (s.key == kEmpty) {
                s.key = k;
                s.value = v;
                ++size_;
                return s.value;
            }
        }
    }

    // Removes k; returns false when absent.
    bool erase(Key k) noexcept {
        if (slots_.empty()) return false;
        size_t i = home(k);
        for (;; i = (i + 1) & mask_) {
            if (slots_[i].key == k) break;
            if (slots_[i].key == kEmpty) return false;
        }
        // Backward-shift: move later members of the probe run into the hole
        // when their home position allows it.
        size_t hole = i;
        for (size_t j = (hole + 1) & mask_; slots_[j].key != kEmpty; j = (j + 1) & mask_) {
            const size_t h = home(slots_[j].key);
            const bool movable = (hole <= j) ? (h <= hole || h > j) : (h <= hole && h > j);
            if (movable) {
                slots_[hole] = slots_[j];
                hole = j;
            }
        }
        slots_[hole] = Slot{};
        --size_;
        return true;
    }

    // Drops every entry, keeping the slot array for reuse.
    void clear() noexcept {
        for (auto& s : slots_) s = Slot{};
        size_ = 0;
    }

    // Calls f(key, value&) for every entry. f must not insert or erase.
    template <typename F>
    void for_each(F&& f) {
        for (auto& s : slots_)
            if (s.key != kEmpty) f(s.key, s.value);
    }
    template <typename F>
    void for_each(F&& f) const {
        for (const auto& s : slots_)
            if (s.key != kEmpty) f(s.key, s.value);
    }

    // Raw slot access for sampling (eviction picks random occupied slots).
    size_t slot_count() const noexcept { return slots_.size(); }
    const Slot& slot(size_t i) const noexcept { return slots_[i]; }

    size_t memory_bytes() const noexcept { return slots_.capacity() * sizeof(Slot); }

  private:
    size_t home(Key k) const noexcept {
        // Fibonacci hashing spreads consecutive ids over the table.
        return static_cast<size_t>((k * 0x9E3779B97F4A7C15ULL) >> shift_) & mask_;
    }

    void grow() {
        const size_t n = slots_.empty() ? 8 : slots_.size() * 2;
        std::vector<Slot> old;
        old.swap(slots_);
        slots_.assign(n, Slot{});
        mask_ = n - 1;
        shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(n));
        size_ = 0;
        for (const auto& s : old)
            if (s.key != kEmpty) put(s.key, s.value);
    }

    std::vector<Slot> slots_;
    size_t size_ = 0;
    size_t mask_ = 0;
    unsigned shift_ = 64;
};

}  // namespace lanner::state
