#include "source/kmod_source.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "common/log.h"
#include "schema/event_table.h"
#include "source/interest.h"

namespace lanner {

namespace {

std::string errno_text(int err) {
    return std::strerror(err);
}

}  // namespace

KmodSource::KmodSource(KmodOptions options) : options_(std::move(options)) {
    fd_ = ::open(options_.device.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0) {
        const int err = errno;
        throw Error("cannot open {}: {}{}", options_.device, errno_text(err),
                    err == ENOENT  ? " (is the lanner module loaded?)"
                    : err == EBUSY ? " (another reader has it open)"
                                   : "");
    }
    try {
        if (::ioctl(fd_, LN_IOCTL_GET_VERSION, &version_) != 0)
            throw Error("{}: LN_IOCTL_GET_VERSION failed: {}", options_.device, errno_text(errno));
        if (version_.api_version != LN_DRIVER_API_VERSION)
            throw Error("{}: driver API version {} (this lanner speaks {}); rebuild the module",
                        options_.device, version_.api_version, LN_DRIVER_API_VERSION);
        if ((version_.schema_version >> 16) != LN_SCHEMA_VERSION_MAJOR)
            throw Error("{}: event schema {}.{} (this lanner reads {}.x); rebuild the module",
                        options_.device, version_.schema_version >> 16,
                        version_.schema_version & 0xffff, LN_SCHEMA_VERSION_MAJOR);
        for (uint32_t cpu = 0; cpu < version_.nr_cpu_ids; ++cpu) map_ring(cpu);
        set_interest(options_.interest.value_or(interest_all()));
        if (::ioctl(fd_, LN_IOCTL_SET_SNAPLEN, &options_.snaplen) != 0)
            throw Error("{}: snap length {} refused: {}", options_.device, options_.snaplen,
                        errno_text(errno));
    } catch (...) {
        for (auto& m : mappings_) ::munmap(m.addr, m.len);
        ::close(fd_);
        throw;
    }
}

KmodSource::~KmodSource() {
    stop();
    for (auto& m : mappings_) ::munmap(m.addr, m.len);
    if (fd_ >= 0) ::close(fd_);
}

void* KmodSource::map_region(uint32_t cpu, ln_mmap_region region, size_t len, int prot) {
    const int flags = MAP_SHARED;
    void* p =
        ::mmap(nullptr, len, prot, flags, fd_, static_cast<off_t>(LN_MMAP_OFFSET(cpu, region)));
    if (p == MAP_FAILED) return nullptr;
    mappings_.push_back({p, len});
    return p;
}

void KmodSource::map_ring(uint32_t cpu) {
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    // A CPU that is not possible on this machine has no ring.
    if (!device_stats(cpu).online) return;
    auto* prod =
        static_cast<const ln_ring_producer*>(map_region(cpu, LN_REGION_PRODUCER, page, PROT_READ));
    auto* cons = static_cast<ln_ring_consumer*>(
        map_region(cpu, LN_REGION_CONSUMER, page, PROT_READ | PROT_WRITE));
    auto* data = static_cast<const uint8_t*>(
        map_region(cpu, LN_REGION_DATA, 2 * size_t{version_.data_size}, PROT_READ));
    if (!prod || !cons || !data)
        throw Error("{}: mmap of CPU {}'s ring failed: {}", options_.device, cpu,
                    errno_text(errno));
    rings_.emplace_back(cpu, prod, cons, data, version_.data_size);
}

void KmodSource::start() {
    if (started_) return;
    if (::ioctl(fd_, LN_IOCTL_START, 0) != 0)
        throw Error("{}: LN_IOCTL_START failed: {}", options_.device, errno_text(errno));
    started_ = true;
}

void KmodSource::stop() {
    if (!started_ || fd_ < 0) return;
    if (::ioctl(fd_, LN_IOCTL_STOP, 0) != 0)
        log::warn("{}: LN_IOCTL_STOP failed: {}", options_.device, errno_text(errno));
    started_ = false;
}

int KmodSource::pick_ring(Event& out) {
    int best = -1;
    uint64_t best_ts = 0;
    for (size_t i = 0; i < rings_.size(); ++i) {
        auto rec = rings_[i].peek();
        if (rec.empty()) continue;
        uint64_t ts;
        std::memcpy(&ts, rec.data() + offsetof(ln_event_hdr, ts), sizeof(ts));
        if (best < 0 || ts < best_ts) {
            best = static_cast<int>(i);
            best_ts = ts;
        }
    }
    if (best < 0) return -1;
    auto rec = rings_[static_cast<size_t>(best)].peek();
    if (auto err = Event::decode(rec, out))
        throw Error("{}: CPU {}: malformed record: {}", options_.device,
                    rings_[static_cast<size_t>(best)].cpu(), err->describe());
    return best;
}

bool KmodSource::wait_for_data(std::chrono::milliseconds wait) {
    for (auto& r : rings_) r.set_waiting(true);
    bool ready = false;
    for (auto& r : rings_) ready = ready || r.pending() > 0;
    if (!ready) {
        pollfd p{fd_, POLLIN, 0};
        const int n = ::poll(&p, 1, static_cast<int>(wait.count()));
        if (n < 0 && errno != EINTR)
            throw Error("{}: poll failed: {}", options_.device, errno_text(errno));
    }
    for (auto& r : rings_) r.set_waiting(false);
    for (auto& r : rings_)
        if (r.pending() > 0) return true;
    return false;
}

NextStatus KmodSource::next(Event& out, std::chrono::milliseconds wait) {
    // The record returned last time lived in the ring until now.
    if (consumed_from_ >= 0) {
        rings_[static_cast<size_t>(consumed_from_)].consume();
        consumed_from_ = -1;
    }
    int ring = pick_ring(out);
    if (ring < 0) {
        if (!wait_for_data(wait)) return NextStatus::Timeout;
        ring = pick_ring(out);
        if (ring < 0) return NextStatus::Timeout;
    }
    consumed_from_ = ring;
    ++records_;
    lost_in_records_ += out.hdr().lost;
    out.num = records_;
    return NextStatus::Event;
}

void KmodSource::set_interest(const ln_interest& interest) {
    if (::ioctl(fd_, LN_IOCTL_SET_INTEREST, &interest) != 0)
        throw Error("{}: LN_IOCTL_SET_INTEREST failed: {}", options_.device, errno_text(errno));
    options_.interest = interest;
}

SourceStats KmodSource::stats() const {
    SourceStats s;
    s.records = records_;
    s.lost_in_records = lost_in_records_;
    for (const auto& r : rings_) {
        CpuDropStats c;
        c.cpu = r.cpu();
        c.produced = r.produced();
        c.delivered = r.delivered();
        for (unsigned i = 0; i < LN_DROP_CAUSE_MAX; ++i) c.drops[i] = r.drops(i);
        s.per_cpu.push_back(c);
    }
    return s;
}

ln_cpu_stats KmodSource::device_stats(uint32_t cpu) const {
    ln_cpu_stats st{};
    st.cpu = cpu;
    if (::ioctl(fd_, LN_IOCTL_GET_STATS, &st) != 0)
        throw Error("{}: LN_IOCTL_GET_STATS for CPU {} failed: {}", options_.device, cpu,
                    errno_text(errno));
    return st;
}

}  // namespace lanner
