// The `ebpf` source: the eBPF driver's records from every CPU, merged in
// timestamp order, with the driver's per-CPU drop counters.
//
//   BpfSource src({.interest = interest_for_events(wanted)});
//   src.start();                                  // load + attach
//   while (src.next(ev, 100ms) != NextStatus::End) ...
//   src.stop();                                   // detach, free everything
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "source/bpf_driver.h"
#include "source/ring_merger.h"
#include "source/source.h"

namespace lanner {

struct BpfSourceOptions {
    uint32_t ring_bytes_per_cpu = 8u << 20;  // power of two, at least a page
    uint32_t snaplen = LN_DEFAULT_SNAPLEN;
    std::optional<ln_interest> interest;  // default: every event (interest_all())
    uint32_t bench_omit = 0;              // BpfDriverOptions::bench_omit
};

class BpfSource final : public Source {
  public:
    explicit BpfSource(BpfSourceOptions opts = {});
    ~BpfSource() override;

    // nullopt when this host can run the driver, else the one-line reason.
    static std::optional<std::string> unsupported_reason();

    std::string_view kind() const override { return "ebpf"; }
    // Loads and attaches the driver; throws lanner::Error saying why not.
    void start() override;
    NextStatus next(Event& out, std::chrono::milliseconds wait) override;
    void stop() override;
    // While running: live kernel counters. After stop(): those read at stop.
    SourceStats stats() const override;

    // Records wake the reader only when a ring is filling up (bpf/record.h);
    // below that, next() finds them by checking this often while it waits.
    static constexpr std::chrono::milliseconds kPollInterval{10};

    // Replaces the interest set, at once if running.
    void set_interest(const ln_interest& interest) override;

    // The running driver (nullptr when stopped): ids for leak checks.
    const BpfDriver* driver() const noexcept { return driver_.get(); }

  private:
    SourceStats collect_stats() const;

    BpfSourceOptions opts_;
    ln_interest interest_;
    std::unique_ptr<BpfDriver> driver_;
    std::unique_ptr<RingMerger> merger_;
    int epoll_fd_ = -1;
    uint64_t records_ = 0;
    uint64_t lost_in_records_ = 0;
    SourceStats final_stats_;
};

}  // namespace lanner
