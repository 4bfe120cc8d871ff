// Merges per-CPU rings into one stream in timestamp order: each call hands
// out the oldest record at the head of any ring. A record stays valid until
// the next call, which releases it to its ring.
//
// Each ring is ordered by reservation, not strictly by timestamp (a producer
// preempted between taking the time and reserving space lands behind a later
// one), and a ring that is empty now may later deliver an older record: the
// merge is exact for what is visible at each call, as for any live merge.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "source/ring_reader.h"

namespace lanner {

class RingMerger {
  public:
    explicit RingMerger(std::vector<std::unique_ptr<RingReader>> rings);

    struct Record {
        std::span<const uint8_t> bytes;  // empty when every ring is empty
        uint32_t cpu = 0;                // ring it came from
    };
    // The oldest head record. Records shorter than a timestamp (8 bytes)
    // are handed out first so the caller can reject them.
    Record next();
    // Before waiting for records: every ring hands back what was popped.
    void idle();

    size_t ring_count() const noexcept { return rings_.size(); }

  private:
    struct Head {
        std::span<const uint8_t> bytes;
        uint64_t ts = 0;
    };

    std::vector<std::unique_ptr<RingReader>> rings_;
    std::vector<Head> heads_;  // cached peek() per ring, empty when none
    int taken_ = -1;           // ring whose head was handed out last
};

}  // namespace lanner
