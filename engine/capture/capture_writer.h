// Writes a capture file (docs/capture-format.md): the header, the state
// section, then event records, in blocks.
//
// Records are copied into a block buffer; a full buffer (Options::block_bytes)
// or flush() becomes one block, handed to the file with one write(2). So a
// live capture keeps up with the driver, and a writer killed at any moment
// leaves a file whose complete blocks all replay; only records still in the
// buffer are lost. A live engine calls flush() when its source is idle to
// bound that loss. Not thread-safe: one thread writes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "capture/byte_sink.h"
#include "capture/capture_format.h"
#include "capture/capture_info.h"
#include "event/event.h"

namespace lanner::capture {

struct WriterStats {
    uint64_t state_records = 0;
    uint64_t event_records = 0;
    uint64_t lost = 0;  // sum of the 'lost' fields of the event records
    uint64_t first_ts = 0;
    uint64_t last_ts = 0;
    uint64_t blocks = 0;
    uint64_t bytes = 0;  // handed to the file so far, header included
};

class CaptureWriter {
  public:
    struct Options {
        // Payload bytes after which a block is written (a record never
        // straddles blocks, so a block may exceed this by one record).
        uint32_t block_bytes = kDefaultBlockBytes;
    };

    // Creates or truncates `path` (mode 0600) and writes the header.
    static CaptureWriter to_file(const std::string& path, const CaptureInfo& info);
    static CaptureWriter to_file(const std::string& path, const CaptureInfo& info, Options opts);
    // Appends a capture to `out`, which must outlive the writer.
    static CaptureWriter to_memory(std::vector<uint8_t>& out, const CaptureInfo& info);
    static CaptureWriter to_memory(std::vector<uint8_t>& out, const CaptureInfo& info,
                                   Options opts);

    CaptureWriter(std::unique_ptr<ByteSink> sink, const CaptureInfo& info, Options opts);
    CaptureWriter(CaptureWriter&&) noexcept;
    CaptureWriter& operator=(CaptureWriter&&) noexcept;
    ~CaptureWriter();  // close(); an error is logged, not thrown

    // A state-section record (a meta event: threadinfo, fdinfo, userinfo,
    // groupinfo). Only before the first event; throws Error otherwise.
    void write_state(const Event& record);
    void write_state(std::span<const uint8_t> record);  // validated with Event::decode

    // An event record, stored exactly as given.
    void write_event(const Event& record);
    void write_event(std::span<const uint8_t> record);  // validated with Event::decode

    // Writes the buffered records as a block (nothing if none are buffered).
    void flush();
    // flush() and fdatasync: the records survive a crash of the machine too.
    void sync();
    // Writes the last block and the End block and closes the file.
    // Idempotent; after it, writes throw.
    void close();

    bool closed() const noexcept { return sink_ == nullptr; }
    const WriterStats& stats() const noexcept { return stats_; }
    // Bytes of records waiting in the buffer.
    size_t buffered_bytes() const noexcept { return used_ - sizeof(BlockHeader); }

  private:
    void append(BlockKind kind, std::span<const uint8_t> record);
    void write_block(BlockKind kind, std::span<uint8_t> block, uint32_t records);
    void check_open() const;

    std::unique_ptr<ByteSink> sink_;
    Options opts_;
    WriterStats stats_;
    // The block being filled: a BlockHeader's room, then the records.
    std::vector<uint8_t> buf_;
    size_t used_ = sizeof(BlockHeader);
    uint32_t buffered_records_ = 0;
    BlockKind kind_ = BlockKind::State;
    bool events_started_ = false;
};

}  // namespace lanner::capture
