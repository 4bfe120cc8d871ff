#include "source/bpf_source.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "source/bpf_ring_reader.h"
#include "source/bpf_support.h"
#include "source/interest.h"

namespace lanner {

BpfSource::BpfSource(BpfSourceOptions opts)
    : opts_(opts), interest_(opts.interest.value_or(interest_all())) {}

BpfSource::~BpfSource() {
    stop();
}

std::optional<std::string> BpfSource::unsupported_reason() {
    return bpf_unsupported_reason();
}

void BpfSource::start() {
    if (driver_) return;
    records_ = 0;
    lost_in_records_ = 0;
    final_stats_ = {};
    try {
        driver_ = std::make_unique<BpfDriver>(
            BpfDriverOptions{opts_.ring_bytes_per_cpu, opts_.snaplen, opts_.bench_omit});
        epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
        if (epoll_fd_ < 0) throw Error("ebpf: epoll_create1: {}", strerror(errno));
        std::vector<std::unique_ptr<RingReader>> readers;
        for (const auto& ring : driver_->rings()) {
            readers.push_back(
                std::make_unique<BpfRingReader>(ring.map_fd, ring.cpu, driver_->ring_bytes()));
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.u32 = ring.cpu;
            if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, ring.map_fd, &ev) != 0)
                throw Error("ebpf: watching the ring of CPU {}: {}", ring.cpu, strerror(errno));
        }
        merger_ = std::make_unique<RingMerger>(std::move(readers));
        driver_->set_interest(interest_);
    } catch (...) {
        stop();
        throw;
    }
}

NextStatus BpfSource::next(Event& out, std::chrono::milliseconds wait) {
    if (!driver_) return NextStatus::End;
    RingMerger::Record rec = merger_->next();
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (rec.bytes.empty()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return NextStatus::Timeout;
        merger_->idle();
        epoll_event events[8];
        const int n = epoll_wait(epoll_fd_, events, 8,
                                 static_cast<int>(std::min(left, kPollInterval).count()));
        if (n < 0 && errno != EINTR) throw Error("ebpf: waiting for records: {}", strerror(errno));
        rec = merger_->next();
    }
    if (auto err = Event::decode(rec.bytes, out))
        throw Error("ebpf: corrupt record from the ring of CPU {} ({} bytes): {}", rec.cpu,
                    rec.bytes.size(), err->describe());
    out.num = ++records_;
    lost_in_records_ += out.hdr().lost;
    return NextStatus::Event;
}

void BpfSource::stop() {
    if (driver_) {
        try {
            final_stats_ = collect_stats();
        } catch (const Error&) {
            final_stats_ = {};  // the counters died with the driver; nothing to report
        }
    }
    merger_.reset();  // unmaps the rings before their maps go
    if (epoll_fd_ >= 0) close(epoll_fd_);
    epoll_fd_ = -1;
    driver_.reset();
}

void BpfSource::set_interest(const ln_interest& interest) {
    if (driver_) driver_->set_interest(interest);
    interest_ = interest;
}

SourceStats BpfSource::collect_stats() const {
    SourceStats s;
    s.records = records_;
    s.lost_in_records = lost_in_records_;
    s.per_cpu = driver_->cpu_stats();
    s.missed_runs = driver_->recursion_misses();
    return s;
}

SourceStats BpfSource::stats() const {
    return driver_ ? collect_stats() : final_stats_;
}

}  // namespace lanner
