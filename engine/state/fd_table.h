// The open fds of a process (shared by its threads, and by processes cloned
// with CLONE_FILES). Entries come from a pool shared by every table, so
// opening and closing files reuses entries and their name buffers.
//
// Bounded: a table holds at most FdTableEnv::max_fds entries. Inserting into
// a full table evicts the oldest of a few sampled entries (the one opened
// longest ago among them) and counts it. A table only fills up past a sane
// limit when closes were lost (dropped records), and the entries a lost close
// leaves behind are old ones, while the fd being opened is the one rules are
// about to look at.
#pragma once

#include <cstdint>
#include <vector>

#include "state/fd_info.h"
#include "state/flat_int_map.h"
#include "state/object_pool.h"

namespace lanner::state {

// What every table shares: the entry pool, the limit and the counters.
struct FdTableEnv {
    ObjectPool<FdInfo> entries{16384};
    size_t max_fds = 65536;
    uint64_t evictions = 0;
    uint64_t rng = 0x2545F4914F6CDD1DULL;  // deterministic: replays evict the same entries
    std::vector<int64_t> scratch;          // fd numbers to remove, reused
};

class FdTable {
  public:
    FdTable() = default;
    FdTable(const FdTable&) = delete;
    FdTable& operator=(const FdTable&) = delete;
    ~FdTable();

    void attach(FdTableEnv* env) noexcept { env_ = env; }

    FdInfo* find(int64_t fd) noexcept {
        FdInfo** p = map_.find(static_cast<uint64_t>(fd));
        return p ? *p : nullptr;
    }
    const FdInfo* find(int64_t fd) const noexcept {
        FdInfo* const* p = map_.find(static_cast<uint64_t>(fd));
        return p ? *p : nullptr;
    }

    // A fresh entry for `fd`, replacing whatever was there (the kernel only
    // hands out free numbers, so an existing entry is stale). Negative fds
    // are rejected with nullptr. If the table is full an entry is evicted,
    // never the one numbered `keep` (the source of a dup being created).
    FdInfo* create(int64_t fd, int64_t keep = -1);
    bool remove(int64_t fd) noexcept;
    // Removes every fd in [lo, hi] (close_range).
    void remove_range(int64_t lo, int64_t hi);
    // Marks every fd in [lo, hi] close-on-exec (close_range CLOSE_RANGE_CLOEXEC).
    void set_cloexec_range(int64_t lo, int64_t hi) noexcept;
    // Drops the close-on-exec fds (a successful exec).
    void close_on_exec();
    // Replaces this table's content with a copy of `other` (fork without CLONE_FILES).
    void copy_from(const FdTable& other);

    size_t size() const noexcept { return map_.size(); }
    // Calls f(const FdInfo&) for every entry, in no particular order.
    template <typename F>
    void for_each(F&& f) const {
        map_.for_each([&](uint64_t, FdInfo* const& e) { f(static_cast<const FdInfo&>(*e)); });
    }

    // Processes sharing this table (CLONE_FILES); the last one releases it.
    uint32_t refs = 0;
    // Time of the state record (fdinfo/threadinfo) that last seeded the
    // table; records older than it must not change it (see state_tracker.h).
    uint64_t scan_ts = 0;

    void reset() noexcept;

  private:
    void release_all() noexcept;
    void evict_one(int64_t keep);

    FlatIntMap<FdInfo*> map_;
    FdTableEnv* env_ = nullptr;
    uint64_t next_seq_ = 0;
};

}  // namespace lanner::state
