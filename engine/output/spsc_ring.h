// A bounded queue for exactly one producer thread and one consumer thread,
// without locks: push() and pop() never wait, a full ring refuses the item.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace lanner::output {

template <typename T>
class SpscRing {
  public:
    explicit SpscRing(size_t capacity) : slots_(capacity ? capacity : 1) {}
    SpscRing(const SpscRing&) = delete;
    SpscRing& operator=(const SpscRing&) = delete;

    size_t capacity() const noexcept { return slots_.size(); }

    // Producer: false (and `item` untouched) when the ring is full.
    bool push(T& item) {
        const uint64_t tail = tail_.load(std::memory_order_relaxed);
        if (tail - head_.load(std::memory_order_acquire) >= slots_.size()) return false;
        slots_[tail % slots_.size()] = std::move(item);
        tail_.store(tail + 1, std::memory_order_release);
        return true;
    }

    // Consumer: the oldest item, or nullopt when empty. The slot is emptied
    // before it is handed back to the producer.
    std::optional<T> pop() {
        const uint64_t head = head_.load(std::memory_order_relaxed);
        if (head == tail_.load(std::memory_order_acquire)) return std::nullopt;
        std::optional<T> item(std::move(slots_[head % slots_.size()]));
        slots_[head % slots_.size()] = T();
        head_.store(head + 1, std::memory_order_release);
        return item;
    }

    // Either thread; exact only on the consumer thread when the producer is idle.
    size_t size() const noexcept {
        return static_cast<size_t>(tail_.load(std::memory_order_acquire) -
                                   head_.load(std::memory_order_acquire));
    }
    bool empty() const noexcept { return size() == 0; }

  private:
    std::vector<T> slots_;
    alignas(64) std::atomic<uint64_t> head_{0};  // next to pop; written by the consumer
    alignas(64) std::atomic<uint64_t> tail_{0};  // next to push; written by the producer
};

}  // namespace lanner::output
