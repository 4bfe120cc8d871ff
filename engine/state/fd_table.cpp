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

// Room for a typical path in the names of every pooled entry, given when
// the entry is first made: reused entries then hold the next names in place
// instead of growing their buffers one longer path at a time, which spread
// allocations over the first million events of a busy machine.
constexpr size_t kNameRoom = 64;

}  // namespace

FdTable::~FdTable() {
    drop_body();
}

void FdTable::drop_body() noexcept {
    if (body_ == nullptr) return;
    if (--body_->sharers == 0) {
        body_->map.for_each([&](uint64_t, FdInfo*& e) { env_->entries.release(e); });
        env_->bodies.release(body_);
    }
    body_ = nullptr;
}

void FdTable::reset() noexcept {
    drop_body();
    refs = 0;
    scan_ts = 0;
}

FdTableBody& FdTable::own() {
    if (body_ == nullptr) {
        body_ = env_->bodies.acquire();
        body_->sharers = 1;
    } else if (body_->sharers > 1) {
        copy_shared([](const FdInfo&) { return true; });
    }
    return *body_;
}

FdInfo* FdTable::new_entry() {
    FdInfo* e = env_->entries.acquire();
    if (e->name.capacity() < kNameRoom) e->name.reserve(kNameRoom);
    if (e->name_raw.capacity() < kNameRoom) e->name_raw.reserve(kNameRoom);
    return e;
}

template <typename Keep>
void FdTable::copy_shared(Keep keep) {
    const FdTableBody& shared = *body_;
    FdTableBody* mine = env_->bodies.acquire();
    mine->sharers = 1;
    shared.map.for_each([&](uint64_t k, FdInfo* const& src) {
        if (!keep(*src)) return;
        FdInfo* e = new_entry();
        e->copy_from(*src);
        e->fd = static_cast<int64_t>(k);
        e->open_seq = src->open_seq;
        mine->map.put(k, e);
    });
    mine->next_seq = shared.next_seq;
    --body_->sharers;  // still used by the other tables
    body_ = mine;
}

FdInfo* FdTable::create(int64_t fd, int64_t keep) {
    if (fd < 0) return nullptr;
    FdTableBody& b = own();
    if (FdInfo** old = b.map.find(static_cast<uint64_t>(fd))) {
        (*old)->reset();
        (*old)->fd = fd;
        (*old)->open_seq = b.next_seq++;
        return *old;
    }
    if (b.map.size() >= env_->max_fds) evict_one(keep);
    FdInfo* e = new_entry();
    e->fd = fd;
    e->open_seq = b.next_seq++;
    b.map.put(static_cast<uint64_t>(fd), e);
    return e;
}

void FdTable::evict_one(int64_t keep) {
    const FlatIntMap<FdInfo*>& map = body_->map;
    const size_t slots = map.slot_count();
    if (map.size() <= (keep >= 0 ? 1U : 0U)) return;
    const FdInfo* victim = nullptr;
    for (int i = 0, tries = 0; i < kEvictionSamples && tries < 4 * kEvictionSamples; ++tries) {
        // Walk from a random slot to the next occupied one.
        size_t s = next_random(env_->rng) & (slots - 1);
        while (map.slot(s).key == FlatIntMap<FdInfo*>::kEmpty) s = (s + 1) & (slots - 1);
        const FdInfo* e = map.slot(s).value;
        if (e->fd == keep) continue;
        ++i;
        if (victim == nullptr || e->open_seq < victim->open_seq) victim = e;
    }
    if (victim == nullptr) return;
    remove(victim->fd);
    ++env_->evictions;
}

bool FdTable::remove(int64_t fd) {
    if (find(fd) == nullptr) return false;
    FdTableBody& b = own();
    FdInfo* e = *b.map.find(static_cast<uint64_t>(fd));
    b.map.erase(static_cast<uint64_t>(fd));
    env_->entries.release(e);
    return true;
}

void FdTable::remove_range(int64_t lo, int64_t hi) {
    if (lo < 0) lo = 0;
    if (hi < lo || size() == 0) return;
    // Probe the numbers when the range is small, otherwise scan the entries.
    if (static_cast<uint64_t>(hi - lo) < size() * 2) {
        for (int64_t fd = lo; fd <= hi; ++fd) remove(fd);
        return;
    }
    auto& victims = env_->scratch;
    victims.clear();
    body_->map.for_each([&](uint64_t k, FdInfo* const&) {
        const auto fd = static_cast<int64_t>(k);
        if (fd >= lo && fd <= hi) victims.push_back(fd);
    });
    for (int64_t fd : victims) remove(fd);
}

void FdTable::set_cloexec_range(int64_t lo, int64_t hi) {
    if (size() == 0) return;
    own().map.for_each([&](uint64_t k, FdInfo*& e) {
        const auto fd = static_cast<int64_t>(k);
        if (fd >= lo && fd <= hi) e->open_flags |= O_CLOEXEC;
    });
}

void FdTable::close_on_exec() {
    if (size() == 0) return;
    if (body_->sharers > 1) {
        // Copy only what the new image keeps.
        copy_shared([](const FdInfo& e) { return !e.cloexec(); });
        return;
    }
    auto& victims = env_->scratch;
    victims.clear();
    body_->map.for_each([&](uint64_t k, FdInfo*& e) {
        if (e->cloexec()) victims.push_back(static_cast<int64_t>(k));
    });
    for (int64_t fd : victims) remove(fd);
}

void FdTable::copy_from(const FdTable& other) {
    scan_ts = other.scan_ts;
    if (other.body_ == body_) return;
    drop_body();
    body_ = other.body_;
    if (body_ != nullptr) ++body_->sharers;
}

}  // namespace lanner::state
