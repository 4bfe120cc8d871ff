#include "source/bpf_ring_reader.h"

#include <linux/bpf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace lanner {

namespace {

uint64_t load_acquire(const void* p) {
    return __atomic_load_n(static_cast<const uint64_t*>(p), __ATOMIC_ACQUIRE);
}

uint32_t load_acquire32(const void* p) {
    return __atomic_load_n(static_cast<const uint32_t*>(p), __ATOMIC_ACQUIRE);
}

constexpr size_t kPublishBytes = 64 * 1024;

}  // namespace

BpfRingReader::BpfRingReader(int map_fd, uint32_t cpu, size_t data_size)
    : cpu_(cpu),
      page_size_(static_cast<size_t>(sysconf(_SC_PAGESIZE))),
      data_size_(data_size),
      publish_bytes_(std::min(kPublishBytes, data_size / 8)) {
    consumer_map_ = mmap(nullptr, page_size_, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
    if (consumer_map_ == MAP_FAILED)
        throw Error("ebpf: mapping the consumer page of CPU {}'s ring: {}", cpu, strerror(errno));
    producer_map_ = mmap(nullptr, page_size_ + 2 * data_size_, PROT_READ, MAP_SHARED, map_fd,
                         static_cast<off_t>(page_size_));
    if (producer_map_ == MAP_FAILED) {
        const int err = errno;
        munmap(consumer_map_, page_size_);
        throw Error("ebpf: mapping the data pages of CPU {}'s ring ({} bytes): {}", cpu, data_size_,
                    strerror(err));
    }
    data_ = static_cast<const uint8_t*>(producer_map_) + page_size_;
    pos_ = published_ = load_acquire(consumer_map_);
}

BpfRingReader::~BpfRingReader() {
    munmap(producer_map_, page_size_ + 2 * data_size_);
    munmap(consumer_map_, page_size_);
}

std::span<const uint8_t> BpfRingReader::peek() {
    for (;;) {
        if (pos_ >= producer_) {
            producer_ = load_acquire(producer_map_);
            if (pos_ >= producer_) return {};
        }
        const uint8_t* hdr = data_ + (pos_ & (data_size_ - 1));
        const uint32_t len_bits = load_acquire32(hdr);
        if (len_bits & BPF_RINGBUF_BUSY_BIT) return {};  // reserved, not yet committed
        const uint32_t len = len_bits & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
        head_size_ = (len + BPF_RINGBUF_HDR_SZ + 7) & ~7U;
        if (len_bits & BPF_RINGBUF_DISCARD_BIT) {
            pop();
            continue;
        }
        return {hdr + BPF_RINGBUF_HDR_SZ, len};
    }
}

void BpfRingReader::pop() {
    pos_ += head_size_;
    head_size_ = 0;
    if (pos_ - published_ >= publish_bytes_) publish();
}

void BpfRingReader::publish() {
    if (published_ == pos_) return;
    published_ = pos_;
    __atomic_store_n(static_cast<uint64_t*>(consumer_map_), pos_, __ATOMIC_RELEASE);
}

}  // namespace lanner
