#include "output/alert_spool.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "common/error.h"
#include "common/log.h"

namespace lanner::output {
namespace {

namespace fs = std::filesystem;

constexpr char kSegmentMagic[8] = {'L', 'N', 'S', 'P', 'O', 'O', 'L', '\0'};
constexpr uint32_t kVersion = 1;
constexpr uint32_t kRecordMagic = 0x52534e4c;  // "LNSR" little-endian
constexpr uint32_t kCursorMagic = 0x43534e4c;  // "LNSC"

struct SegmentHeader {
    char magic[8];
    uint32_t version;
    uint32_t reserved;
};
static_assert(sizeof(SegmentHeader) == 16);

struct RecordHeader {
    uint32_t magic;
    uint32_t length;  // of the body
    uint64_t seq;
    uint32_t crc;  // CRC-32 of seq, length and body
    uint32_t reserved;
};
static_assert(sizeof(RecordHeader) == 24);

struct CursorSlot {
    uint32_t magic;
    uint32_t reserved;
    uint64_t generation;
    uint64_t acked_seq;
    uint32_t crc;  // CRC-32 of generation and acked_seq
    uint32_t reserved2;
};
static_assert(sizeof(CursorSlot) == 32);

uint32_t record_crc(uint64_t seq, uint32_t length, std::string_view body) {
    uLong c = crc32(0L, Z_NULL, 0);
    c = crc32(c, reinterpret_cast<const Bytef*>(&seq), sizeof seq);
    c = crc32(c, reinterpret_cast<const Bytef*>(&length), sizeof length);
    c = crc32(c, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
    return static_cast<uint32_t>(c);
}

uint32_t cursor_crc(const CursorSlot& s) {
    uLong c = crc32(0L, Z_NULL, 0);
    c = crc32(c, reinterpret_cast<const Bytef*>(&s.generation), sizeof s.generation);
    c = crc32(c, reinterpret_cast<const Bytef*>(&s.acked_seq), sizeof s.acked_seq);
    return static_cast<uint32_t>(c);
}

std::string segment_name(uint64_t first_seq) {
    return fmt::format("{:020}.spool", first_seq);
}

// The segments of a spool directory, by first sequence number.
std::map<uint64_t, std::string> list_segments(const std::string& dir) {
    std::map<uint64_t, std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.size() != 26 || !name.ends_with(".spool")) continue;
        if (!std::all_of(name.begin(), name.begin() + 20,
                         [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        out.emplace(std::stoull(name.substr(0, 20)), e.path().string());
    }
    return out;
}

bool read_whole(int fd, std::string& out) {
    out.clear();
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        out.append(buf, static_cast<size_t>(n));
    }
}

bool pread_all(int fd, char* dst, size_t n, uint64_t off) {
    size_t done = 0;
    while (done < n) {
        const ssize_t r = ::pread(fd, dst + done, n - done, static_cast<off_t>(off + done));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        done += static_cast<size_t>(r);
    }
    return true;
}

bool write_all(int fd, const char* src, size_t n) {
    size_t done = 0;
    while (done < n) {
        const ssize_t w = ::write(fd, src + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        done += static_cast<size_t>(w);
    }
    return true;
}

struct Scanned {
    struct Record {
        uint64_t seq;
        uint64_t offset;
        uint32_t length;
    };
    std::vector<Record> records;
    uint64_t valid_end = 0;  // bytes from the start that hold good data
    uint64_t size = 0;
    std::string problem;     // why the scan stopped before the end, if it did
    bool cut_short = false;  // the data ends inside a record: an unfinished append
};

// Reads a segment's records, stopping at the first that is cut short,
// corrupt or out of sequence (after `after_seq`, the previous segment's last).
Scanned scan_segment(const std::string& bytes, uint64_t after_seq) {
    Scanned s;
    s.size = bytes.size();
    SegmentHeader h{};
    if (bytes.size() < sizeof h) {
        s.problem =
            fmt::format("a segment header cut short ({} of {} bytes)", bytes.size(), sizeof h);
        return s;
    }
    std::memcpy(&h, bytes.data(), sizeof h);
    if (std::memcmp(h.magic, kSegmentMagic, sizeof h.magic) != 0 || h.version != kVersion) {
        s.problem = "not a version 1 spool segment";
        return s;
    }
    uint64_t pos = sizeof h;
    s.valid_end = pos;
    uint64_t last = after_seq;
    while (pos < bytes.size()) {
        RecordHeader r{};
        if (bytes.size() - pos < sizeof r) {
            s.problem = fmt::format("a record header cut short at byte {}", pos);
            s.cut_short = true;
            break;
        }
        std::memcpy(&r, bytes.data() + pos, sizeof r);
        if (r.magic != kRecordMagic || r.length > AlertSpool::kMaxRecordBytes) {
            s.problem = fmt::format("no record header at byte {}", pos);
            break;
        }
        if (bytes.size() - pos - sizeof r < r.length) {
            s.problem = fmt::format("a record cut short at byte {} ({} of {} bytes)", pos,
                                    bytes.size() - pos - sizeof r, r.length);
            s.cut_short = true;
            break;
        }
        const std::string_view body(bytes.data() + pos + sizeof r, r.length);
        if (record_crc(r.seq, r.length, body) != r.crc) {
            s.problem = fmt::format("a record failing its checksum at byte {}", pos);
            break;
        }
        if (r.seq <= last) {
            s.problem =
                fmt::format("record {} at byte {} out of sequence (after {})", r.seq, pos, last);
            break;
        }
        s.records.push_back({r.seq, pos, r.length});
        last = r.seq;
        pos += sizeof r + r.length;
        s.valid_end = pos;
    }
    return s;
}

// The acknowledged sequence number in a cursor file's bytes: the valid slot
// of the higher generation. Nothing when neither slot is valid.
std::optional<std::pair<uint64_t, uint64_t>> parse_cursor(const std::string& bytes) {
    std::optional<std::pair<uint64_t, uint64_t>> best;  // generation, acked
    for (size_t off = 0; off + sizeof(CursorSlot) <= bytes.size() && off < 2 * sizeof(CursorSlot);
         off += sizeof(CursorSlot)) {
        CursorSlot s{};
        std::memcpy(&s, bytes.data() + off, sizeof s);
        if (s.magic != kCursorMagic || cursor_crc(s) != s.crc) continue;
        if (!best || s.generation > best->first) best = std::make_pair(s.generation, s.acked_seq);
    }
    return best;
}

std::string read_file_bytes(const std::string& path, bool& ok) {
    std::string out;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    ok = fd >= 0 && read_whole(fd, out);
    if (fd >= 0) ::close(fd);
    return out;
}

uint64_t segment_bytes_for(const SpoolOptions& o) {
    if (o.segment_bytes) return o.segment_bytes;
    return std::clamp<uint64_t>(o.max_bytes / 16, 64u << 10, 8u << 20);
}

}  // namespace

AlertSpool::AlertSpool(SpoolOptions options) : options_(std::move(options)) {
    const std::string& dir = options_.dir;
    if (dir.empty()) throw Error("http_output.spool.dir is empty");
    if (options_.max_bytes < sizeof(RecordHeader) + 1)
        throw Error("http_output.spool.max_size {} is too small", options_.max_bytes);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error("http_output.spool.dir {}: cannot create it: {}", dir, ec.message());
    ::chmod(dir.c_str(), 0700);  // alerts carry command lines and file names
    dir_fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd_ < 0)
        throw Error("http_output.spool.dir {}: cannot open it: {}", dir, std::strerror(errno));
    try {
        const std::string lock_path = dir + "/LOCK";
        lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (lock_fd_ < 0)
            throw Error("http_output.spool.dir {}: cannot open {}: {}", dir, lock_path,
                        std::strerror(errno));
        if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
            throw Error(
                "http_output.spool.dir {}: in use by another Lanner process (its LOCK is held)",
                dir);
        const std::string cursor_path = dir + "/cursor";
        cursor_fd_ = ::open(cursor_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (cursor_fd_ < 0)
            throw Error("http_output.spool.dir {}: cannot open {}: {}", dir, cursor_path,
                        std::strerror(errno));
        recover();
    } catch (...) {
        if (cursor_fd_ >= 0) ::close(cursor_fd_);
        if (lock_fd_ >= 0) ::close(lock_fd_);
        ::close(dir_fd_);
        throw;
    }
    last_sync_ = std::chrono::steady_clock::now();
}

AlertSpool::~AlertSpool() {
    try {
        sync();
    } catch (...) {
    }
    close_write_segment();
    if (read_fd_ >= 0) ::close(read_fd_);
    if (cursor_fd_ >= 0) ::close(cursor_fd_);
    if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
    if (dir_fd_ >= 0) ::close(dir_fd_);
}

void AlertSpool::read_cursor() {
    std::string bytes;
    if (::lseek(cursor_fd_, 0, SEEK_SET) != 0 || !read_whole(cursor_fd_, bytes))
        throw Error("http_output.spool.dir {}: cannot read the cursor: {}", options_.dir,
                    std::strerror(errno));
    if (bytes.empty()) return;  // a new spool
    if (auto c = parse_cursor(bytes)) {
        cursor_generation_ = c->first;
        acked_seq_ = c->second;
        return;
    }
    // Both slots damaged: everything still on disk is sent again (at
    // least once rather than lost).
    log::error(
        "http_output.spool {}: the cursor is damaged; every alert in the spool will be "
        "sent again",
        options_.dir);
}

void AlertSpool::recover() {
    read_cursor();
    uint64_t last_seq = acked_seq_;
    uint64_t after = 0;
    const auto found = list_segments(options_.dir);
    for (auto it = found.begin(); it != found.end(); ++it) {
        const auto& [first, path] = *it;
        bool ok = false;
        const std::string bytes = read_file_bytes(path, ok);
        if (!ok)
            throw Error("http_output.spool.dir {}: cannot read {}: {}", options_.dir, path,
                        std::strerror(errno));
        const Scanned s = scan_segment(bytes, after);
        if (!s.problem.empty()) {
            const bool last = std::next(it) == found.end();
            // What follows the problem cannot be trusted: cut it off. In the
            // last segment this is the append a crash interrupted.
            const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(s.valid_end)) != 0)
                log::error("http_output.spool {}: cannot truncate {}: {}", options_.dir, path,
                           std::strerror(errno));
            if (fd >= 0) ::close(fd);
            const uint64_t cut = s.size - s.valid_end;
            if (last && s.cut_short) {
                log::warn(
                    "http_output.spool {}: {} ends in {}: the {} bytes of an append the "
                    "engine did not finish were removed",
                    options_.dir, path, s.problem, cut);
            } else {
                counters_->corrupt.fetch_add(1);
                log::error(
                    "http_output.spool {}: {} holds {}: the {} bytes from there were "
                    "removed (alerts in them are lost)",
                    options_.dir, path, s.problem, cut);
            }
        }
        Segment seg{path, 0};
        for (const auto& r : s.records) {
            after = r.seq;
            last_seq = std::max(last_seq, r.seq);
            if (r.seq <= acked_seq_) continue;  // delivered before
            entries_.push_back({r.seq, first, r.offset, r.length});
            pending_bytes_ += sizeof(RecordHeader) + r.length;
            ++seg.pending;
        }
        if (seg.pending == 0) {
            ::unlink(path.c_str());  // all delivered (or nothing in it)
            dir_unsynced_ = true;
            continue;
        }
        segments_.emplace(first, std::move(seg));
    }
    next_seq_ = last_seq + 1;
    counters_->recovered.store(entries_.size());
    counters_->pending.store(entries_.size());
    counters_->pending_bytes.store(pending_bytes_);
    if (!entries_.empty())
        log::notice("http_output.spool {}: {} alert(s) waiting from an earlier run", options_.dir,
                    entries_.size());
}

void AlertSpool::start_segment() {
    close_write_segment();
    const uint64_t id = next_seq_;
    const std::string path = options_.dir + "/" + segment_name(id);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        throw Error("http_output.spool.dir {}: cannot create {}: {}", options_.dir, path,
                    std::strerror(errno));
    SegmentHeader h{};
    std::memcpy(h.magic, kSegmentMagic, sizeof h.magic);
    h.version = kVersion;
    if (!write_all(fd, reinterpret_cast<const char*>(&h), sizeof h)) {
        const int err = errno;
        ::close(fd);
        ::unlink(path.c_str());
        throw Error("http_output.spool.dir {}: cannot write {}: {}", options_.dir, path,
                    std::strerror(err));
    }
    write_fd_ = fd;
    write_segment_ = id;
    write_size_ = sizeof h;
    segments_[id] = Segment{path, 0};
    dir_unsynced_ = true;
    unsynced_ = true;
}

void AlertSpool::close_write_segment() noexcept {
    if (write_fd_ < 0) return;
    if (unsynced_) ::fdatasync(write_fd_);  // a full segment is made durable as it closes
    ::close(write_fd_);
    write_fd_ = -1;
}

void AlertSpool::append(std::string_view body) {
    const uint64_t size = sizeof(RecordHeader) + body.size();
    if (body.size() > kMaxRecordBytes || size > options_.max_bytes) {
        counters_->too_big.fetch_add(1);
        throw Error("http_output.spool: an alert of {} bytes does not fit in the spool ({} bytes)",
                    body.size(), options_.max_bytes);
    }
    while (!entries_.empty() && pending_bytes_ + size > options_.max_bytes) evict_oldest();
    const bool has_records = write_fd_ >= 0 && write_size_ > sizeof(SegmentHeader);
    if (write_fd_ < 0 || (has_records && write_size_ + size > segment_bytes_for(options_)))
        start_segment();

    RecordHeader h{};
    h.magic = kRecordMagic;
    h.length = static_cast<uint32_t>(body.size());
    h.seq = next_seq_;
    h.crc = record_crc(h.seq, h.length, body);
    record_.assign(reinterpret_cast<const char*>(&h), sizeof h);
    record_.append(body);
    // One write(2) per record: once it returns, the record outlives the
    // process. A failed or partial write is taken back.
    if (!write_all(write_fd_, record_.data(), record_.size())) {
        const int err = errno;
        if (::ftruncate(write_fd_, static_cast<off_t>(write_size_)) != 0) {
            close_write_segment();  // the next append starts a clean segment
        }
        throw Error("http_output.spool.dir {}: cannot write an alert: {}", options_.dir,
                    std::strerror(err ? err : ENOSPC));
    }
    entries_.push_back({h.seq, write_segment_, write_size_, h.length});
    ++segments_[write_segment_].pending;
    write_size_ += size;
    pending_bytes_ += size;
    ++next_seq_;
    unsynced_ = true;
    counters_->appended.fetch_add(1);
    counters_->pending.store(entries_.size());
    counters_->pending_bytes.store(pending_bytes_);
}

int AlertSpool::read_fd(uint64_t segment) {
    if (read_fd_ >= 0 && read_segment_ == segment) return read_fd_;
    if (read_fd_ >= 0) ::close(read_fd_);
    read_fd_ = -1;
    const auto it = segments_.find(segment);
    if (it == segments_.end()) return -1;
    read_fd_ = ::open(it->second.path.c_str(), O_RDONLY | O_CLOEXEC);
    read_segment_ = segment;
    return read_fd_;
}

std::string_view AlertSpool::front() {
    while (!entries_.empty()) {
        const Entry e = entries_.front();
        const int fd = read_fd(e.segment);
        record_.resize(sizeof(RecordHeader) + e.length);
        RecordHeader h{};
        if (fd >= 0 && pread_all(fd, record_.data(), record_.size(), e.offset)) {
            std::memcpy(&h, record_.data(), sizeof h);
            const std::string_view body(record_.data() + sizeof h, e.length);
            if (h.magic == kRecordMagic && h.seq == e.seq && h.length == e.length &&
                record_crc(h.seq, h.length, body) == h.crc)
                return body;
        }
        // Changed under us (a disk error, someone's edit): not sendable.
        log::error("http_output.spool {}: alert {} cannot be read back ({}); dropped", options_.dir,
                   e.seq, fd < 0 ? std::strerror(errno) : "bad checksum");
        counters_->corrupt.fetch_add(1);
        take_front();
    }
    return {};
}

void AlertSpool::pop_front(bool delivered) {
    if (entries_.empty()) return;
    take_front();
    (delivered ? counters_->delivered : counters_->rejected).fetch_add(1);
}

void AlertSpool::take_front() {
    const Entry e = entries_.front();
    entries_.pop_front();
    pending_bytes_ -= sizeof(RecordHeader) + e.length;
    acked_seq_ = e.seq;
    write_cursor();
    counters_->pending.store(entries_.size());
    counters_->pending_bytes.store(pending_bytes_);
    // A segment wholly taken out goes, the one appends go to included (it
    // was the newest, so the spool is empty: the next append starts anew).
    auto it = segments_.find(e.segment);
    if (it != segments_.end() && --it->second.pending == 0) retire_segment(e.segment);
}

void AlertSpool::retire_segment(uint64_t id) {
    auto it = segments_.find(id);
    if (it == segments_.end()) return;
    if (id == write_segment_ && write_fd_ >= 0) {
        ::close(write_fd_);
        write_fd_ = -1;
    }
    if (read_fd_ >= 0 && read_segment_ == id) {
        ::close(read_fd_);
        read_fd_ = -1;
    }
    ::unlink(it->second.path.c_str());
    segments_.erase(it);
    dir_unsynced_ = true;
}

void AlertSpool::evict_oldest() {
    const uint64_t seq = entries_.front().seq;
    take_front();
    const uint64_t total = counters_->evicted.fetch_add(1) + 1;
    uint64_t suppressed = 0;
    if (evict_log_.should_log(LogRateLimiter::now(), suppressed))
        log::warn(
            "http_output.spool {}: full ({} bytes): the oldest alert ({}) was dropped; {} "
            "dropped so far",
            options_.dir, options_.max_bytes, seq, total);
}

void AlertSpool::write_cursor() {
    CursorSlot s{};
    s.magic = kCursorMagic;
    s.generation = ++cursor_generation_;
    s.acked_seq = acked_seq_;
    s.crc = cursor_crc(s);
    const off_t off = static_cast<off_t>((s.generation % 2) * sizeof s);
    if (::pwrite(cursor_fd_, &s, sizeof s, off) != static_cast<ssize_t>(sizeof s)) {
        uint64_t suppressed = 0;
        if (cursor_log_.should_log(LogRateLimiter::now(), suppressed))
            log::error(
                "http_output.spool {}: cannot write the cursor ({}): delivered alerts "
                "may be sent again after a restart",
                options_.dir, std::strerror(errno));
    }
    unsynced_ = true;
}

void AlertSpool::sync() {
    if (unsynced_) {
        if (write_fd_ >= 0) ::fdatasync(write_fd_);
        ::fdatasync(cursor_fd_);
        unsynced_ = false;
    }
    if (dir_unsynced_) {
        ::fsync(dir_fd_);  // segment files created and removed
        dir_unsynced_ = false;
    }
    last_sync_ = std::chrono::steady_clock::now();
}

std::chrono::milliseconds AlertSpool::maybe_sync() {
    if (!unsynced_ && !dir_unsynced_) return std::chrono::milliseconds::max();
    const auto due = last_sync_ + options_.sync_interval;
    const auto now = std::chrono::steady_clock::now();
    if (now >= due) {
        sync();
        return std::chrono::milliseconds::max();
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(due - now) +
           std::chrono::milliseconds(1);
}

std::vector<std::string> AlertSpool::read_pending(const std::string& dir) {
    std::vector<std::string> out;
    bool ok = false;
    const std::string cursor = read_file_bytes(dir + "/cursor", ok);
    uint64_t acked = 0;
    if (ok)
        if (auto c = parse_cursor(cursor)) acked = c->second;
    uint64_t after = 0;
    for (const auto& [first, path] : list_segments(dir)) {
        (void)first;
        const std::string bytes = read_file_bytes(path, ok);
        if (!ok) continue;
        const Scanned s = scan_segment(bytes, after);
        for (const auto& r : s.records) {
            after = r.seq;
            if (r.seq > acked)
                out.emplace_back(bytes.data() + r.offset + sizeof(RecordHeader), r.length);
        }
    }
    return out;
}

}  // namespace lanner::output
