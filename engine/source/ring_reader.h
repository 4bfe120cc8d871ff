// One per-CPU ring of records as a reader sees it. The eBPF source reads BPF
// ringbufs (bpf_ring_reader.h); the kernel-module source implements the same
// interface over its own mmap'd rings, so both merge through RingMerger.
#pragma once

#include <cstdint>
#include <span>

namespace lanner {

class RingReader {
  public:
    virtual ~RingReader() = default;
    // The record at the head of the ring, or an empty span when none is
    // complete yet. Peeking again returns the same record until pop().
    virtual std::span<const uint8_t> peek() = 0;
    // Gives the head record's space back to the producer (a reader may
    // hand it back later, in batches, but no later than idle()).
    virtual void pop() = 0;
    // The caller is about to wait for records: everything popped must be
    // back with the producer, which is what wait readiness is judged by.
    virtual void idle() {}
    // The CPU this ring belongs to.
    virtual uint32_t cpu() const = 0;
};

}  // namespace lanner
