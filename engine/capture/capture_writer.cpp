#include "capture/capture_writer.h"

#include <cstring>

#include "capture/capture_header.h"
#include "common/error.h"
#include "common/log.h"
#include "schema/event_table.h"

namespace lanner::capture {
namespace {

Event decode_or_throw(std::span<const uint8_t> record, const std::string& capture_name) {
    Event ev;
    if (auto err = Event::decode(record, ev))
        throw Error("capture {}: refusing to write an invalid record: {}", capture_name,
                    err->describe());
    return ev;
}

}  // namespace

CaptureWriter CaptureWriter::to_file(const std::string& path, const CaptureInfo& info) {
    return to_file(path, info, Options{});
}
CaptureWriter CaptureWriter::to_file(const std::string& path, const CaptureInfo& info,
                                     Options opts) {
    return CaptureWriter(open_file_sink(path), info, opts);
}
CaptureWriter CaptureWriter::to_memory(std::vector<uint8_t>& out, const CaptureInfo& info) {
    return to_memory(out, info, Options{});
}
CaptureWriter CaptureWriter::to_memory(std::vector<uint8_t>& out, const CaptureInfo& info,
                                       Options opts) {
    return CaptureWriter(memory_sink(out), info, opts);
}

CaptureWriter::CaptureWriter(std::unique_ptr<ByteSink> sink, const CaptureInfo& info, Options opts)
    : sink_(std::move(sink)), opts_(opts) {
    if (opts_.block_bytes == 0 || opts_.block_bytes > kMaxBlockPayload - LN_MAX_EVENT_SIZE)
        throw Error("capture {}: block size {} is out of range [1, {}]", sink_->name(),
                    opts_.block_bytes, kMaxBlockPayload - LN_MAX_EVENT_SIZE);
    // Room for a full block plus one maximum-size record: appending never
    // reallocates, so the per-record path allocates nothing.
    buf_.resize(sizeof(BlockHeader) + opts_.block_bytes + LN_MAX_EVENT_SIZE);
    const auto header = encode_header(info);
    sink_->write(header);
    stats_.bytes = header.size();
}

CaptureWriter::CaptureWriter(CaptureWriter&&) noexcept = default;
CaptureWriter& CaptureWriter::operator=(CaptureWriter&&) noexcept = default;

CaptureWriter::~CaptureWriter() {
    if (!sink_) return;
    try {
        close();
    } catch (const std::exception& e) {
        log::error("{}", e.what());
    }
}

void CaptureWriter::check_open() const {
    if (!sink_) throw Error("capture writer: write after close");
}

void CaptureWriter::write_state(const Event& record) {
    check_open();
    if (events_started_)
        throw Error(
            "capture {}: a state record ({}) after the first event: the state section "
            "must come first",
            sink_->name(), schema::event_info(record.type()).name);
    if (!schema::is_meta_event(record.type()))
        throw Error("capture {}: the state section holds only meta records, not '{}' (type {})",
                    sink_->name(), schema::event_info(record.type()).name, record.type());
    append(BlockKind::State, {record.raw(), record.len()});
    ++stats_.state_records;
}

void CaptureWriter::write_state(std::span<const uint8_t> record) {
    check_open();
    write_state(decode_or_throw(record, sink_->name()));
}

void CaptureWriter::write_event(const Event& record) {
    check_open();
    if (!events_started_) {
        flush();  // the state section ends here
        events_started_ = true;
    }
    append(BlockKind::Events, {record.raw(), record.len()});
    const auto& h = record.hdr();
    if (stats_.event_records == 0) stats_.first_ts = h.ts;
    stats_.last_ts = h.ts;
    stats_.lost += h.lost;
    ++stats_.event_records;
}

void CaptureWriter::write_event(std::span<const uint8_t> record) {
    check_open();
    write_event(decode_or_throw(record, sink_->name()));
}

void CaptureWriter::append(BlockKind kind, std::span<const uint8_t> record) {
    if (record.data() == nullptr || record.size() < sizeof(ln_event_hdr))
        throw Error("capture {}: not a decoded record ({} bytes)", sink_->name(), record.size());
    if (kind != kind_ || used_ - sizeof(BlockHeader) >= opts_.block_bytes) {
        flush();
        kind_ = kind;
    }
    std::memcpy(buf_.data() + used_, record.data(), record.size());
    used_ += record.size();
    ++buffered_records_;
}

void CaptureWriter::write_block(BlockKind kind, std::span<uint8_t> block, uint32_t records) {
    BlockHeader h{};
    h.magic = kBlockMagic;
    h.kind = static_cast<uint16_t>(kind);
    h.payload_len = static_cast<uint32_t>(block.size() - sizeof h);
    h.records = records;
    h.payload_crc = checksum(block.subspan(sizeof h));
    h.header_crc = block_header_checksum(h);
    std::memcpy(block.data(), &h, sizeof h);
    sink_->write(block);
    stats_.bytes += block.size();
    ++stats_.blocks;
}

void CaptureWriter::flush() {
    check_open();
    if (buffered_records_ == 0) return;
    // Reset first: if the write throws, the records are not written twice.
    const size_t used = used_;
    const uint32_t records = buffered_records_;
    used_ = sizeof(BlockHeader);
    buffered_records_ = 0;
    write_block(kind_, std::span(buf_.data(), used), records);
}

void CaptureWriter::sync() {
    flush();
    sink_->sync();
}

void CaptureWriter::close() {
    if (!sink_) return;
    try {
        flush();
        uint8_t block[sizeof(BlockHeader) + sizeof(EndPayload)] = {};
        const EndPayload end{stats_.state_records, stats_.event_records, stats_.lost,
                             stats_.first_ts, stats_.last_ts};
        std::memcpy(block + sizeof(BlockHeader), &end, sizeof end);
        write_block(BlockKind::End, block, 0);
        sink_->close();
    } catch (...) {
        sink_.reset();  // closed either way: never a second End block
        throw;
    }
    sink_.reset();
}

}  // namespace lanner::capture
