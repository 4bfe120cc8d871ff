// One CPU's ring of the kernel module, as user space sees it
// (include/lanner/driver_abi.h): a read-only producer page (head, counters),
// a read-write consumer page (tail, waiting flag) and the data pages mapped
// twice back to back, so every record is contiguous in memory.
//
// KmodRing only reads: it does not know where the three regions come from
// (the device's mmap in KmodSource, or plain memory in tests). Merging the
// rings of all CPUs is the caller's job.
#pragma once

#include <cstdint>
#include <span>

#include "lanner/driver_abi.h"

namespace lanner {

class KmodRing {
  public:
    // `data` covers 2 * data_size bytes (the double mapping).
    KmodRing(uint32_t cpu, const ln_ring_producer* producer, ln_ring_consumer* consumer,
             const uint8_t* data, uint32_t data_size);

    uint32_t cpu() const noexcept { return cpu_; }

    // The next unread record's bytes (its header says its length), or an
    // empty span when the ring is empty. Stays valid until consume().
    // Throws lanner::Error when the producer published a malformed length.
    std::span<const uint8_t> peek();
    // Frees the record returned by the last peek() for the producer.
    void consume() noexcept;

    // Bytes published and not yet consumed.
    uint64_t pending() const noexcept;
    // Asks the module to wake poll() once the watermark is crossed.
    void set_waiting(bool on) noexcept;

    // Counters of the producer page (a snapshot; they only grow).
    uint64_t produced() const noexcept;
    uint64_t delivered() const noexcept;
    uint64_t drops(unsigned cause) const noexcept;
    uint32_t watermark() const noexcept;

  private:
    uint32_t cpu_;
    const ln_ring_producer* producer_;
    ln_ring_consumer* consumer_;
    const uint8_t* data_;
    uint32_t size_;
    uint64_t tail_;            // our copy of the consumer's position
    uint32_t peeked_len_ = 0;  // length of the record peek() returned
};

}  // namespace lanner
