#include "state/fd_table.h"

#include <fcntl.h>

namespace lanner::state {

namespace {

// xorshift64: a cheap deterministic generator for eviction sampling.
uint64_t next_random(uint64_t& s) noexcept {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}

constexpr int kEvictionSamples = 8;

}  // namespace

FdTable::~FdTable() {
    release_all();
}

void FdTable::release_all() noexcept {
    if (env_ != nullptr) map_.for_each([&](uint64_t, FdInfo*& e) { env_->entries.release(e); });
    map_.clear();
}

void FdTable::reset() noexcept {
    release_all();
    refs = 0;
    scan_ts = 0;
    next_seq_ = 0;
}

FdInfo* FdTable::create(int64_t fd, int64_t keep) {
    if (fd < 0) return nullptr;
    if (FdInfo* old = find(fd)) {
        old->reset();
        old->fd = fd;
        old->open_seq = next_seq_++;
        return old;
    }
    if (map_.size() >= env_->max_fds) evict_one(keep);
    FdInfo* e = env_->entries.acquire();
    e->fd = fd;
    e->open_seq = next_seq_++;
    map_.put(static_cast<uint64_t>(fd), e);
    return e;
}

void FdTable::evict_one(int64_t keep) {
    const size_t slots = map_.slot_count();
    if (map_.size() <= (keep >= 0 ? 1U : 0U)) return;
    const FdInfo* victim = nullptr;
    for (int i = 0, tries = 0; i < kEvictionSamples && tries < 4 * kEvictionSamples; ++tries) {
        // Walk from a random slot to the next occupied one.
        size_t s = next_random(env_->rng) & (slots - 1);
        while (map_.slot(s).key == FlatIntMap<FdInfo*>::kEmpty) s = (s + 1) & (slots - 1);
        const FdInfo* e = map_.slot(s).value;
        if (e->fd == keep) continue;
        ++i;
        if (victim == nullptr || e->open_seq < victim->open_seq) victim = e;
    }
    if (victim == nullptr) return;
    remove(victim->fd);
    ++env_->evictions;
}

bool FdTable::remove(int64_t fd) noexcept {
    FdInfo** p = map_.find(static_cast<uint64_t>(fd));
    if (p == nullptr) return false;
    FdInfo* e = *p;
    map_.erase(static_cast<uint64_t>(fd));
    env_->entries.release(e);
    return true;
}

void FdTable::remove_range(int64_t lo, int64_t hi) {
    if (lo < 0) lo = 0;
    if (hi < lo || map_.empty()) return;
    // Probe the numbers when the range is small, otherwise scan the entries.
    if (static_cast<uint64_t>(hi - lo) < map_.size() * 2) {
        for (int64_t fd = lo; fd <= hi; ++fd) remove(fd);
        return;
    }
    auto& victims = env_->scratch;
    victims.clear();
    map_.for_each([&](uint64_t k, FdInfo*&) {
        const auto fd = static_cast<int64_t>(k);
        if (fd >= lo && fd <= hi) victims.push_back(fd);
    });
    for (int64_t fd : victims) remove(fd);
}

void FdTable::set_cloexec_range(int64_t lo, int64_t hi) noexcept {
    map_.for_each([&](uint64_t k, FdInfo*& e) {
        const auto fd = static_cast<int64_t>(k);
        if (fd >= lo && fd <= hi) e->open_flags |= O_CLOEXEC;
    });
}

void FdTable::close_on_exec() {
    auto& victims = env_->scratch;
    victims.clear();
    map_.for_each([&](uint64_t k, FdInfo*& e) {
        if (e->cloexec()) victims.push_back(static_cast<int64_t>(k));
    });
    for (int64_t fd : victims) remove(fd);
}

void FdTable::copy_from(const FdTable& other) {
    release_all();
    other.map_.for_each([&](uint64_t k, FdInfo* const& src) {
        FdInfo* e = env_->entries.acquire();
        e->copy_from(*src);
        e->fd = static_cast<int64_t>(k);
        e->open_seq = src->open_seq;
        map_.put(k, e);
    });
    next_seq_ = other.next_seq_;
    scan_ts = other.scan_ts;
}

}  // namespace lanner::state
