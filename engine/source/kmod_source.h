// The kernel module as a record source: opens /dev/lanner, checks the API and
// schema versions, maps every CPU's ring, sets the interest set, and yields
// records merged across CPUs in timestamp order.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source/kmod_ring.h"
#include "source/source.h"

namespace lanner {

struct KmodOptions {
    std::string device = "/dev/lanner";
    // The syscalls to record (source/interest.h); default: every event.
    std::optional<ln_interest> interest;
    uint32_t snaplen = LN_DEFAULT_SNAPLEN;
};

class KmodSource final : public Source {
  public:
    // Opens and maps the device; throws lanner::Error naming what failed
    // (missing device, version mismatch, mmap refused).
    explicit KmodSource(KmodOptions options);
    ~KmodSource() override;
    KmodSource(const KmodSource&) = delete;
    KmodSource& operator=(const KmodSource&) = delete;

    std::string_view kind() const override { return "kmod"; }
    void start() override;
    NextStatus next(Event& out, std::chrono::milliseconds wait) override;
    void stop() override;
    void set_interest(const ln_interest& interest) override;
    SourceStats stats() const override;

    // The module's counters for one CPU, through LN_IOCTL_GET_STATS.
    ln_cpu_stats device_stats(uint32_t cpu) const;
    const ln_version_info& version() const noexcept { return version_; }
    size_t ring_count() const noexcept { return rings_.size(); }

  private:
    struct Mapping {
        void* addr = nullptr;
        size_t len = 0;
    };
    void map_ring(uint32_t cpu);
    void* map_region(uint32_t cpu, ln_mmap_region region, size_t len, int prot);
    // The ring whose next record has the smallest timestamp, or -1.
    int pick_ring(Event& out);
    bool wait_for_data(std::chrono::milliseconds wait);

    KmodOptions options_;
    int fd_ = -1;
    ln_version_info version_{};
    std::vector<Mapping> mappings_;
    std::vector<KmodRing> rings_;
    int consumed_from_ = -1;  // ring whose record `next` last returned
    bool started_ = false;
    uint64_t records_ = 0;
    uint64_t lost_in_records_ = 0;
};

}  // namespace lanner
