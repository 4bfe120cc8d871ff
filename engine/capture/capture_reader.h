// Reads a capture file (docs/capture-format.md): validates the header, then
// yields the state-section records followed by the event records, in file
// order, each as an Event view into the reader's buffer.
//
// Every malformed input ends in a CaptureError naming the byte offset and the
// reason; nothing is read out of bounds and every step moves forward, so no
// input makes the reader crash or loop. A capture whose writer was killed
// (a block cut short, or no End block) is not an error: every complete record
// is delivered, then next() returns false and incomplete_tail() says where
// and why the capture stops.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "capture/byte_input.h"
#include "capture/capture_format.h"
#include "capture/capture_info.h"
#include "event/event.h"

namespace lanner::capture {

enum class Section { State, Events };

struct ReaderStats {
    uint64_t state_records = 0;
    uint64_t event_records = 0;
    uint64_t lost = 0;  // sum of the 'lost' fields of the event records
    uint64_t blocks = 0;
    uint64_t skipped_blocks = 0;  // of kinds this reader does not know (newer minor format)
};

// Where and why a capture stops early (its writer did not close it).
struct IncompleteTail {
    uint64_t offset;  // first byte that is not part of a complete record or block
    std::string reason;
};

class CaptureReader {
  public:
    struct Options {
        // Off only where checksums would stop the interesting part being
        // reached (fuzzing) or for measuring their cost.
        bool verify_checksums = true;
    };

    // Opens `path` ("-" for standard input) and reads the header. Throws
    // Error if it cannot be opened, CaptureError if the header is bad.
    static CaptureReader open(const std::string& path);
    static CaptureReader open(const std::string& path, Options opts);
    // Reads a capture held in memory (no copy); `bytes` must outlive the reader.
    static CaptureReader from_memory(std::span<const uint8_t> bytes);
    static CaptureReader from_memory(std::span<const uint8_t> bytes, Options opts,
                                     std::string name = "<memory>");

    CaptureReader(std::unique_ptr<ByteInput> input, Options opts);
    CaptureReader(CaptureReader&&) noexcept;
    CaptureReader& operator=(CaptureReader&&) noexcept;
    ~CaptureReader();

    const CaptureInfo& info() const noexcept { return info_; }
    const std::string& name() const noexcept { return input_->name(); }

    // The next record: the state section first, then the events. `out` is
    // valid until the next call. Returns false at the end of the capture.
    // Throws CaptureError on a malformed capture.
    bool next(Event& out);

    // Section and file offset of the record last returned.
    Section section() const noexcept { return section_; }
    uint64_t record_offset() const noexcept { return record_offset_; }

    // After next() returned false: set if the capture was cut short.
    const std::optional<IncompleteTail>& incomplete_tail() const noexcept { return tail_; }
    const ReaderStats& stats() const noexcept { return stats_; }

  private:
    bool enter_next_block();
    void leave_block();
    bool record_is_cut(size_t left) const noexcept;
    void stop_at_cut();
    void read_end_block(const BlockHeader& h, std::span<const uint8_t> payload);
    [[noreturn]] void fail(uint64_t offset, std::string_view reason) const;
    uint64_t offset_of(const uint8_t* p) const noexcept {
        return payload_offset_ + static_cast<uint64_t>(p - payload_);
    }

    std::unique_ptr<ByteInput> input_;
    Options opts_;
    CaptureInfo info_;
    ReaderStats stats_;
    std::optional<IncompleteTail> tail_;

    uint64_t pos_ = 0;  // file offset of the next block header
    bool finished_ = false;
    bool events_seen_ = false;
    bool end_seen_ = false;

    // The block being read: its records lie in [cur_, end_).
    const uint8_t* payload_ = nullptr;
    const uint8_t* cur_ = nullptr;
    const uint8_t* end_ = nullptr;
    uint64_t block_offset_ = 0;    // file offset of its header
    uint64_t payload_offset_ = 0;  // file offset of payload_
    uint32_t block_payload_len_ = 0;
    uint32_t block_records_ = 0;  // as its header says
    uint32_t block_seen_ = 0;     // records read from it
    bool in_block_ = false;
    bool block_cut_ = false;  // the file ends inside its payload
    Section section_ = Section::State;
    uint64_t record_offset_ = 0;
};

}  // namespace lanner::capture
