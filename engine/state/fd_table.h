// The open fds of a process (shared by its threads, and by processes cloned
// with CLONE_FILES). Entries come from a pool shared by every table, so
// opening and closing files reuses entries and their name buffers.
//
// Copy on write: a fork's child starts with its parent's fds, and copying
// them entry by entry cost more than anything else in the tracker (a server
// with 150 open fds forking a shell copies 150 entries and their names, and
// the shell's exec then drops most of them as close-on-exec). So copy_from()
// shares the entries (a Body) between the tables instead, and a table makes
// its own copy only when it is about to change them: whichever of parent and
// child changes its fds first. An exec of a process still sharing copies only
// the entries that survive it. Reading never copies: find() is const, and
// edit() is the lookup for changing an entry.
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

// The entries of one or more tables (copy on write, see above).
struct FdTableBody {
    FlatIntMap<FdInfo*> map;
    uint64_t next_seq = 0;  // creation order of the next entry
    uint32_t sharers = 0;   // tables using these entries
    // Back to empty, keeping the map's slots; the entries were released.
    void reset() noexcept {
        map.clear();
        next_seq = 0;
        sharers = 0;
    }
};

// What every table shares: the entry and body pools, the limit and the counters.
struct FdTableEnv {
    ObjectPool<FdInfo> entries{16384};
    ObjectPool<FdTableBody> bodies{1024};
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

    const FdInfo* find(int64_t fd) const noexcept {
        if (body_ == nullptr) return nullptr;
        FdInfo* const* p = body_->map.find(static_cast<uint64_t>(fd));
        return p ? *p : nullptr;
    }
    // The entry of `fd` for changing it (this table's own copy), or nullptr.
    FdInfo* edit(int64_t fd) {
        if (find(fd) == nullptr) return nullptr;
        return *own().map.find(static_cast<uint64_t>(fd));
    }

    // A fresh entry for `fd`, replacing whatever was there (the kernel only
    // hands out free numbers, so an existing entry is stale). Negative fds
    // are rejected with nullptr. If the table is full an entry is evicted,
    // never the one numbered `keep` (the source of a dup being created).
    FdInfo* create(int64_t fd, int64_t keep = -1);
    bool remove(int64_t fd);
    // Removes every fd in [lo, hi] (close_range).
    void remove_range(int64_t lo, int64_t hi);
    // Marks every fd in [lo, hi] close-on-exec (close_range CLOSE_RANGE_CLOEXEC).
    void set_cloexec_range(int64_t lo, int64_t hi);
    // Drops the close-on-exec fds (a successful exec).
    void close_on_exec();
    // Replaces this table's content with a copy of `other` (fork without
    // CLONE_FILES): shares other's entries until either table changes.
    void copy_from(const FdTable& other);

    size_t size() const noexcept { return body_ != nullptr ? body_->map.size() : 0; }
    // Calls f(const FdInfo&) for every entry, in no particular order.
    template <typename F>
    void for_each(F&& f) const {
        if (body_ == nullptr) return;
        body_->map.for_each([&](uint64_t, FdInfo* const& e) { f(static_cast<const FdInfo&>(*e)); });
    }
    // True while the entries are shared with another table (copy_from).
    bool shares_entries() const noexcept { return body_ != nullptr && body_->sharers > 1; }

    // Processes sharing this table (CLONE_FILES); the last one releases it.
    uint32_t refs = 0;
    // Time of the state record (fdinfo/threadinfo) that last seeded the
    // table; records older than it must not change it (see state_tracker.h).
    uint64_t scan_ts = 0;

    void reset() noexcept;

  private:
    // The entries, this table's alone: a body is made for an empty table,
    // shared ones are copied (all of them, or those `keep` accepts).
    FdTableBody& own();
    template <typename Keep>
    void copy_shared(Keep keep);
    // Stops using the body, releasing its entries if no table shares it.
    void drop_body() noexcept;
    FdInfo* new_entry();
    void evict_one(int64_t keep);

    FdTableBody* body_ = nullptr;
    FdTableEnv* env_ = nullptr;
};

}  // namespace lanner::state
