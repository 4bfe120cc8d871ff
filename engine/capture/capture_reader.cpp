#include "capture/capture_reader.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "capture/capture_error.h"
#include "capture/capture_header.h"
#include "schema/event_table.h"

namespace lanner::capture {
namespace {

std::string_view section_name(Section s) {
    return s == Section::State ? "state" : "events";
}

std::string hex_bytes(std::span<const uint8_t> b) {
    std::string out;
    for (size_t i = 0; i < b.size() && i < 8; ++i) {
        if (i) out += ' ';
        fmt::format_to(std::back_inserter(out), "{:02x}", b[i]);
    }
    return out;
}

}  // namespace

CaptureReader CaptureReader::open(const std::string& path) {
    return open(path, Options{});
}
CaptureReader CaptureReader::open(const std::string& path, Options opts) {
    return CaptureReader(open_file_input(path), opts);
}
CaptureReader CaptureReader::from_memory(std::span<const uint8_t> bytes) {
    return from_memory(bytes, Options{});
}
CaptureReader CaptureReader::from_memory(std::span<const uint8_t> bytes, Options opts,
                                         std::string name) {
    return CaptureReader(memory_input(bytes, std::move(name)), opts);
}

CaptureReader::CaptureReader(std::unique_ptr<ByteInput> input, Options opts)
    : input_(std::move(input)), opts_(opts) {
    const auto start = input_->window(0, kHeaderStartBytes);
    const uint32_t header_len =
        check_header_start(start.first(std::min(start.size(), kHeaderStartBytes)), name());
    const auto header = input_->window(0, header_len);
    if (header.size() < header_len)
        fail(header.size(), fmt::format("truncated header: the file ends after {} bytes, the "
                                        "header is {} bytes long",
                                        header.size(), header_len));
    info_ = decode_header(header.first(header_len), name(), opts_.verify_checksums);
    pos_ = header_len;
}

CaptureReader::CaptureReader(CaptureReader&&) noexcept = default;
CaptureReader& CaptureReader::operator=(CaptureReader&&) noexcept = default;
CaptureReader::~CaptureReader() = default;

void CaptureReader::fail(uint64_t offset, std::string_view reason) const {
    throw CaptureError(name(), offset, reason);
}

bool CaptureReader::next(Event& out) {
    while (cur_ == end_) {
        if (!enter_next_block()) return false;
    }
    const size_t left = static_cast<size_t>(end_ - cur_);
    if (block_cut_ && record_is_cut(left)) {
        stop_at_cut();
        return false;
    }
    const uint64_t offset = offset_of(cur_);
    if (auto err = Event::decode({cur_, left}, out))
        fail(offset, fmt::format("record {} of the {} block at byte {}: {}", block_seen_ + 1,
                                 section_name(section_), block_offset_, err->describe()));
    if (section_ == Section::State) {
        // Unknown (newer) types are let through; known ones must be meta.
        if (out.type() < LN_EVT_MAX && !schema::is_meta_event(out.type()))
            fail(offset, fmt::format("a '{}' record (type {}) in the state section, which holds "
                                     "only meta records",
                                     schema::event_info(out.type()).name, out.type()));
        ++stats_.state_records;
    } else {
        ++stats_.event_records;
        stats_.lost += out.hdr().lost;
    }
    cur_ += out.len();
    ++block_seen_;
    record_offset_ = offset;
    return true;
}

// A record in a block the file cuts short: complete records are delivered;
// the first one that runs past the end of the file is where the capture stops.
// Anything else wrong with it is corruption, reported by Event::decode.
bool CaptureReader::record_is_cut(size_t left) const noexcept {
    if (left < sizeof(ln_event_hdr)) return true;
    uint32_t len;
    std::memcpy(&len, cur_ + offsetof(ln_event_hdr, len), sizeof len);
    const bool plausible =
        len >= sizeof(ln_event_hdr) && len % LN_RECORD_ALIGN == 0 && len <= LN_MAX_EVENT_SIZE;
    return plausible && len > left;
}

void CaptureReader::stop_at_cut() {
    const uint64_t at = offset_of(cur_);
    tail_ = IncompleteTail{
        at, fmt::format("the capture is cut inside the {} block at byte {} ({} of its {} payload "
                        "bytes are present): its writer did not finish (killed?); the {} "
                        "complete records before byte {} were read",
                        section_name(section_), block_offset_, offset_of(end_) - payload_offset_,
                        block_payload_len_, stats_.state_records + stats_.event_records, at)};
    cur_ = end_ = nullptr;
    in_block_ = false;
    finished_ = true;
}

void CaptureReader::leave_block() {
    in_block_ = false;
    if (block_seen_ != block_records_)
        fail(block_offset_,
             fmt::format("the {} block's header counts {} records, its {} payload "
                         "bytes hold {}",
                         section_name(section_), block_records_, block_payload_len_, block_seen_));
    cur_ = end_ = nullptr;
}

bool CaptureReader::enter_next_block() {
    if (finished_) return false;
    if (in_block_) {
        if (block_cut_) {
            stop_at_cut();
            return false;
        }
        leave_block();
    }
    for (;;) {
        const auto head = input_->window(pos_, sizeof(BlockHeader));
        if (head.empty()) {
            finished_ = true;
            if (!end_seen_)
                tail_ = IncompleteTail{
                    pos_, fmt::format("the capture ends at byte {} without an End block: its "
                                      "writer did not close it (killed?); the {} records before "
                                      "were read",
                                      pos_, stats_.state_records + stats_.event_records)};
            return false;
        }
        if (end_seen_)
            fail(pos_, fmt::format("unexpected bytes after the End block ({})", hex_bytes(head)));
        if (head.size() < sizeof(BlockHeader)) {
            // A block header the writer did not finish, or garbage.
            uint8_t magic[4];
            std::memcpy(magic, &kBlockMagic, sizeof magic);
            const size_t n = std::min(head.size(), sizeof magic);
            if (std::memcmp(head.data(), magic, n) != 0)
                fail(pos_, fmt::format("expected a block header (magic 4c 4e 42 4b), found {}",
                                       hex_bytes(head)));
            finished_ = true;
            tail_ = IncompleteTail{
                pos_, fmt::format("the capture ends at byte {} inside a block header ({} of {} "
                                  "bytes): its writer did not finish it (killed?)",
                                  pos_ + head.size(), head.size(), sizeof(BlockHeader))};
            return false;
        }

        BlockHeader h;
        std::memcpy(&h, head.data(), sizeof h);
        if (h.magic != kBlockMagic)
            fail(pos_, fmt::format("expected a block header (magic 4c 4e 42 4b), found {}",
                                   hex_bytes(head)));
        if (opts_.verify_checksums && block_header_checksum(h) != h.header_crc)
            fail(pos_, fmt::format("block header checksum mismatch (stored {:08x}, computed "
                                   "{:08x}): the block header is corrupt",
                                   h.header_crc, block_header_checksum(h)));
        if (h.payload_len % 8 != 0 || h.payload_len > kMaxBlockPayload)
            fail(pos_ + offsetof(BlockHeader, payload_len),
                 fmt::format("block payload length {} is invalid (a multiple of 8, at most {})",
                             h.payload_len, kMaxBlockPayload));
        const auto kind = static_cast<BlockKind>(h.kind);
        if (kind == BlockKind::State && events_seen_)
            fail(pos_, "a state block after an events block: the state section must come first");

        const uint64_t block_at = pos_;
        const size_t want = sizeof(BlockHeader) + h.payload_len;
        const auto whole = input_->window(pos_, want);
        const auto payload =
            whole.subspan(sizeof(BlockHeader), std::min(whole.size(), want) - sizeof(BlockHeader));
        const bool cut = payload.size() < h.payload_len;
        if (!cut && opts_.verify_checksums) {
            const uint32_t crc = checksum(payload);
            if (crc != h.payload_crc)
                fail(block_at, fmt::format("block payload checksum mismatch (stored {:08x}, "
                                           "computed {:08x} over {} bytes): the block is corrupt",
                                           h.payload_crc, crc, h.payload_len));
        }
        ++stats_.blocks;
        pos_ += want;

        if (kind == BlockKind::State || kind == BlockKind::Events) {
            section_ = kind == BlockKind::State ? Section::State : Section::Events;
            events_seen_ = events_seen_ || kind == BlockKind::Events;
            payload_ = cur_ = payload.data();
            end_ = payload.data() + payload.size();
            block_offset_ = block_at;
            payload_offset_ = block_at + sizeof(BlockHeader);
            block_payload_len_ = h.payload_len;
            block_records_ = h.records;
            block_seen_ = 0;
            block_cut_ = cut;
            in_block_ = true;
            return true;
        }
        if (cut) {
            finished_ = true;
            tail_ = IncompleteTail{
                block_at, fmt::format("the capture ends inside the block at byte {} (kind {}, "
                                      "{} of {} payload bytes present): its writer did not "
                                      "finish it (killed?)",
                                      block_at, h.kind, payload.size(), h.payload_len)};
            return false;
        }
        if (kind == BlockKind::End)
            read_end_block(h, payload);
        else
            ++stats_.skipped_blocks;  // a newer minor format's block: ignorable by design
    }
}

void CaptureReader::read_end_block(const BlockHeader& h, std::span<const uint8_t> payload) {
    const uint64_t at = pos_ - sizeof(BlockHeader) - h.payload_len;
    if (payload.size() < sizeof(EndPayload))
        fail(at, fmt::format("End block payload of {} bytes is too short ({} needed)",
                             payload.size(), sizeof(EndPayload)));
    EndPayload end;
    std::memcpy(&end, payload.data(), sizeof end);
    if (end.state_records != stats_.state_records || end.event_records != stats_.event_records)
        fail(at, fmt::format("the End block counts {} state and {} event records, the capture "
                             "holds {} and {}: records are missing or duplicated",
                             end.state_records, end.event_records, stats_.state_records,
                             stats_.event_records));
    end_seen_ = true;
}

}  // namespace lanner::capture
