#include "source/kmod_ring.h"

#include <atomic>
#include <cstddef>
#include <cstring>

#include "common/error.h"
#include "lanner/schema.h"

namespace lanner {

namespace {

// The producer and consumer pages are shared with the kernel: every access
// is atomic, with acquire/release where the protocol needs ordering.
template <typename T>
T load_acquire(const T* p) noexcept {
    return std::atomic_ref<T>(*const_cast<T*>(p)).load(std::memory_order_acquire);
}

template <typename T>
T load_relaxed(const T* p) noexcept {
    return std::atomic_ref<T>(*const_cast<T*>(p)).load(std::memory_order_relaxed);
}

template <typename T>
void store_release(T* p, T v) noexcept {
    std::atomic_ref<T>(*p).store(v, std::memory_order_release);
}

}  // namespace

KmodRing::KmodRing(uint32_t cpu, const ln_ring_producer* producer, ln_ring_consumer* consumer,
                   const uint8_t* data, uint32_t data_size)
    : cpu_(cpu),
      producer_(producer),
      consumer_(consumer),
      data_(data),
      size_(data_size),
      tail_(load_relaxed(&consumer->tail)) {
    if (data_size == 0 || (data_size & (data_size - 1)) != 0)
        throw Error("ring of CPU {}: data size {} is not a power of two", cpu, data_size);
}

std::span<const uint8_t> KmodRing::peek() {
    const uint64_t head = load_acquire(&producer_->head);
    if (head == tail_) return {};
    const uint64_t avail = head - tail_;
    if (avail > size_ || avail < sizeof(ln_event_hdr))
        throw Error("ring of CPU {}: head {} and tail {} are {} bytes apart (ring of {})", cpu_,
                    head, tail_, avail, size_);
    const uint8_t* rec = data_ + (tail_ & (size_ - 1));
    uint32_t len;
    std::memcpy(&len, rec + offsetof(ln_event_hdr, len), sizeof(len));
    if (len < sizeof(ln_event_hdr) || len % LN_RECORD_ALIGN != 0 || len > avail)
        throw Error("ring of CPU {}: record at position {} has length {} ({} bytes published)",
                    cpu_, tail_, len, avail);
    peeked_len_ = len;
    return {rec, len};
}

void KmodRing::consume() noexcept {
    if (peeked_len_ == 0) return;
    tail_ += peeked_len_;
    peeked_len_ = 0;
    store_release<__u64>(&consumer_->tail, tail_);
}

uint64_t KmodRing::pending() const noexcept {
    return load_acquire(&producer_->head) - tail_;
}

void KmodRing::set_waiting(bool on) noexcept {
    std::atomic_ref<uint32_t>(consumer_->waiting).store(on ? 1 : 0, std::memory_order_seq_cst);
}

uint64_t KmodRing::produced() const noexcept {
    return load_relaxed(&producer_->produced);
}
uint64_t KmodRing::delivered() const noexcept {
    return load_relaxed(&producer_->delivered);
}
uint64_t KmodRing::drops(unsigned cause) const noexcept {
    return cause < LN_DROP_CAUSE_MAX ? load_relaxed(&producer_->drops[cause]) : 0;
}
uint32_t KmodRing::watermark() const noexcept {
    return load_relaxed(&producer_->watermark);
}

}  // namespace lanner
