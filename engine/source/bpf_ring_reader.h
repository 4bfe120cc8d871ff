// Reads one BPF ring buffer map (BPF_MAP_TYPE_RINGBUF) through its mmap'd
// pages, as the kernel lays them out (linux/bpf.h): a consumer page that user
// space writes, then a read-only producer page and the data pages mapped
// twice, so a record is always contiguous. Each record has an 8-byte header
// (length with BUSY/DISCARD bits, page offset) and is 8-byte aligned.
// libbpf's ring_buffer API consumes through callbacks; merging CPUs by
// timestamp needs peek-then-pop, hence this reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "source/ring_reader.h"

namespace lanner {

class BpfRingReader final : public RingReader {
  public:
    // `map_fd` stays owned by the caller and must outlive the reader.
    BpfRingReader(int map_fd, uint32_t cpu, size_t data_size);
    ~BpfRingReader() override;
    BpfRingReader(const BpfRingReader&) = delete;
    BpfRingReader& operator=(const BpfRingReader&) = delete;

    std::span<const uint8_t> peek() override;
    void pop() override;
    void idle() override { publish(); }
    uint32_t cpu() const override { return cpu_; }

  private:
    uint32_t cpu_;
    size_t page_size_;
    size_t data_size_;
    void* consumer_map_ = nullptr;  // one page: consumer position
    void* producer_map_ = nullptr;  // one page (producer position) + 2 * data
    const uint8_t* data_ = nullptr;
    // Publishing the consumer position and reading the producer's after
    // every record moves both cache lines between the reader's CPU and the
    // producing one each time, a miss for the traced task's next record
    // (the kernel reads consumer_pos under its lock on every reserve). So
    // the reader publishes once per kPublishBytes consumed and before the
    // source waits (idle()), and reads the producer position again only when it has
    // consumed everything it last saw. A late consumer position only makes
    // the ring look up to kPublishBytes fuller to the producer; records it
    // has not been told are consumed are never overwritten.
    void publish();
    size_t publish_bytes_;    // min(kPublishBytes, data_size_ / 8)
    uint64_t pos_ = 0;        // consumer position
    uint64_t published_ = 0;  // consumer position as last published
    uint64_t producer_ = 0;   // producer position as last read
    uint32_t head_size_ = 0;  // bytes of the peeked record with header and padding
};

}  // namespace lanner
