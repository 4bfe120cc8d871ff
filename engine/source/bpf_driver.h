// The loaded eBPF driver (bpf/): one object owns the libbpf skeleton, the
// per-CPU ring maps and the attachments, from load to detach, with a single
// cleanup path (the destructor). BpfSource reads through it.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "lanner/driver_abi.h"
#include "source/source.h"

namespace lanner {

struct BpfDriverOptions {
    uint32_t ring_bytes = 8u << 20;         // per CPU; a power of two >= the page size
    uint32_t snaplen = LN_DEFAULT_SNAPLEN;  // BYTEBUF bytes kept (data, img)
    uint32_t bench_omit = 0;                // enum ln_bench_omit; benchmarks only
};

class BpfDriver {
  public:
    // Opens, configures, loads and attaches; throws lanner::Error with the
    // reason (verifier message included) on failure, leaving nothing behind.
    // Nothing is produced until set_interest() names something.
    explicit BpfDriver(const BpfDriverOptions& opts);
    ~BpfDriver();
    BpfDriver(const BpfDriver&) = delete;
    BpfDriver& operator=(const BpfDriver&) = delete;

    // Applies an interest set; takes effect at once on every CPU.
    void set_interest(const ln_interest& interest);

    struct Ring {
        int map_fd;
        uint32_t cpu;
    };
    // One ring per possible CPU, each ring_bytes() of data.
    const std::vector<Ring>& rings() const noexcept;
    uint32_t ring_bytes() const noexcept;

    // Per-CPU counters from the kernel (produced, delivered, drops by cause).
    std::vector<CpuDropStats> cpu_stats() const;
    // Runs the kernel skipped because the program was already running on
    // that CPU (bpf_prog_info.recursion_misses of the record producers).
    uint64_t recursion_misses() const;
    // Kernel ids of everything loaded, for leak checks.
    std::vector<uint32_t> prog_ids() const;
    std::vector<uint32_t> map_ids() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lanner
