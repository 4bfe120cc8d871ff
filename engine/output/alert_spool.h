// Lanner's durable delivery (http_output.spool), which Falco lacks: alerts
// the HTTP sink cannot deliver wait on disk, in order, and are replayed from
// the oldest when the endpoint is back, after a restart too.
//
// On disk, in `dir` (created 0700):
//   LOCK                      flock()ed while a spool is open: one user only
//   cursor                    the sequence number of the last record
//                             delivered (or dropped), in two checksummed
//                             slots written alternately, so a torn write
//                             leaves the other one
//   <20-digit seq>.spool      segments, each named after its first record:
//                             a 16-byte header ("LNSPOOL\0", version 1),
//                             then records: a 24-byte header (magic "LNSR",
//                             length, sequence number, CRC-32 of sequence
//                             number, length and body) and the body (the
//                             JSON the endpoint is sent)
// A segment goes as soon as all its records are delivered.
//
// Durability, and what a crash can cost:
// - append() returns once the record is written (write(2)): killing the
//   engine (kill -9, a crash, the OOM killer) then loses nothing appended.
//   A power loss or kernel crash can lose the appends of the last
//   `sync_interval`: sync() (fdatasync of the segment, the cursor and the
//   directory) runs at most that often, from the sink's flush and idle work.
// - pop_front() writes the cursor at once. A crash between the endpoint's
//   2xx and that write sends that one alert again at the next start: at
//   most one duplicate per crash (the sink has one request in flight). A
//   power loss can roll the cursor back to the last sync: the alerts
//   delivered since are sent again. Nothing is ever replayed out of order.
// - At open, a record cut short by a crash (the append that was running,
//   never acknowledged) or failing its checksum ends its segment: the file
//   is truncated there and the loss logged.
//
// `max_bytes` bounds the records waiting (headers included): an append that
// would pass it drops the oldest first, counted and logged. The files can
// exceed it by the delivered records of the oldest segment, at most one
// segment (max_bytes / 16, between 64 KiB and 8 MiB).
//
// Not thread-safe: the HTTP sink's thread owns it; counters() are atomics.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "output/log_rate_limiter.h"

namespace lanner::output {

struct SpoolOptions {
    std::string dir;
    uint64_t max_bytes = 64ull << 20;
    uint64_t segment_bytes = 0;  // 0: max_bytes / 16, within [64 KiB, 8 MiB]
    std::chrono::milliseconds sync_interval{200};
};

struct SpoolCounters {
    std::atomic<uint64_t> appended{0};   // records written this run
    std::atomic<uint64_t> delivered{0};  // records taken out after delivery
    std::atomic<uint64_t> rejected{0};   // taken out because the endpoint refused them for good
    std::atomic<uint64_t> evicted{0};    // oldest records dropped for room (full spool)
    std::atomic<uint64_t> too_big{0};    // alerts larger than the whole spool, not written
    std::atomic<uint64_t> recovered{0};  // records waiting when the spool was opened
    std::atomic<uint64_t> corrupt{0};    // records lost to torn or corrupt data found at open
    std::atomic<uint64_t> pending{0};    // records waiting now
    std::atomic<uint64_t> pending_bytes{0};
};

class AlertSpool {
  public:
    static constexpr uint32_t kMaxRecordBytes = 64u << 20;

    // Opens (creating) the spool and recovers what it holds. Throws
    // lanner::Error naming the directory and the problem (cannot create,
    // in use by another process).
    explicit AlertSpool(SpoolOptions options);
    ~AlertSpool();
    AlertSpool(const AlertSpool&) = delete;
    AlertSpool& operator=(const AlertSpool&) = delete;

    // Adds a record after the others. Throws lanner::Error when it cannot
    // be written (the spool is unchanged) or is larger than max_bytes.
    void append(std::string_view body);

    bool empty() const noexcept { return entries_.empty(); }
    size_t size() const noexcept { return entries_.size(); }

    // The oldest record's body, valid until the next call. Only when not
    // empty(). A record that fails its checksum on reading is dropped
    // (counted as corrupt) and the next one returned; empty() may then
    // have become true, and the view is empty.
    std::string_view front();
    // Takes the oldest record out: delivered, or refused for good.
    void pop_front(bool delivered = true);

    // fdatasync of what was written since the last sync.
    void sync();
    // sync() if something is unsynced and the interval has passed since
    // the last; returns how long until the next sync is due (zero when
    // nothing waits to be synced... or none is due: max()).
    std::chrono::milliseconds maybe_sync();

    std::shared_ptr<const SpoolCounters> counters() const { return counters_; }
    const std::string& dir() const noexcept { return options_.dir; }

    // The bodies waiting in a spool directory, oldest first, read without
    // opening it for use (no lock, no repair): for tests and inspection.
    static std::vector<std::string> read_pending(const std::string& dir);

  private:
    struct Entry {
        uint64_t seq;
        uint64_t segment;  // its segment's first sequence number
        uint64_t offset;   // of the record header
        uint32_t length;   // of the body
    };
    struct Segment {
        std::string path;
        uint64_t pending = 0;  // records in it not yet taken out
    };

    void recover();
    void read_cursor();
    void write_cursor();
    // Takes the oldest record out and moves the cursor past it (uncounted).
    void take_front();
    void evict_oldest();
    void start_segment();
    void close_write_segment() noexcept;
    void retire_segment(uint64_t id);
    int read_fd(uint64_t segment);

    SpoolOptions options_;
    std::shared_ptr<SpoolCounters> counters_ = std::make_shared<SpoolCounters>();
    int dir_fd_ = -1;
    int lock_fd_ = -1;
    int cursor_fd_ = -1;
    uint64_t acked_seq_ = 0;          // last record taken out
    uint64_t cursor_generation_ = 0;  // of the slot written last
    uint64_t next_seq_ = 1;
    std::deque<Entry> entries_;
    std::map<uint64_t, Segment> segments_;
    uint64_t pending_bytes_ = 0;
    // The segment appends go to (-1 fd: none yet).
    int write_fd_ = -1;
    uint64_t write_segment_ = 0;
    uint64_t write_size_ = 0;
    // The segment front() reads.
    int read_fd_ = -1;
    uint64_t read_segment_ = 0;
    std::string record_;  // reused buffer: a record being written, or read
    bool unsynced_ = false;
    bool dir_unsynced_ = false;
    std::chrono::steady_clock::time_point last_sync_{};
    LogRateLimiter evict_log_{10'000'000'000ull};
    LogRateLimiter cursor_log_{10'000'000'000ull};
};

}  // namespace lanner::output
