// Helpers for tests that take capture files apart: find the blocks and
// records in a capture's bytes, and recompute checksums after a deliberate
// corruption so the reader's structural checks (not its checksums) see it.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "capture/capture_format.h"
#include "lanner/schema.h"

namespace lanner::capture::test {

struct BlockAt {
    size_t offset;  // of the block header
    BlockHeader header;
    std::vector<size_t> records;  // offsets of the records in the payload
};

inline uint32_t header_len(const std::vector<uint8_t>& b) {
    uint32_t len;
    std::memcpy(&len, b.data() + offsetof(FileHeader, header_len), 4);
    return len;
}

// The blocks of a well-formed capture, in file order.
inline std::vector<BlockAt> blocks(const std::vector<uint8_t>& b) {
    std::vector<BlockAt> out;
    size_t pos = header_len(b);
    while (pos + sizeof(BlockHeader) <= b.size()) {
        BlockAt blk{pos, {}, {}};
        std::memcpy(&blk.header, b.data() + pos, sizeof(BlockHeader));
        if (blk.header.magic != kBlockMagic) break;
        const size_t end = pos + sizeof(BlockHeader) + blk.header.payload_len;
        if (blk.header.kind != static_cast<uint16_t>(BlockKind::End)) {
            for (size_t r = pos + sizeof(BlockHeader); r + sizeof(ln_event_hdr) <= end;) {
                blk.records.push_back(r);
                uint32_t len;
                std::memcpy(&len, b.data() + r + offsetof(ln_event_hdr, len), 4);
                if (len == 0) break;
                r += len;
            }
        }
        out.push_back(blk);
        pos = end;
    }
    return out;
}

// Offsets of every record, state and events, in file order.
inline std::vector<size_t> record_offsets(const std::vector<uint8_t>& b) {
    std::vector<size_t> out;
    for (const auto& blk : blocks(b)) out.insert(out.end(), blk.records.begin(), blk.records.end());
    return out;
}

// Recomputes the header checksum and every block's checksums, walking the
// blocks by their (possibly edited) lengths as far as they fit in the file.
inline void reseal(std::vector<uint8_t>& b) {
    const uint32_t hlen = header_len(b);
    if (hlen <= b.size()) {
        const uint32_t crc = file_header_checksum({b.data(), hlen});
        std::memcpy(b.data() + offsetof(FileHeader, header_crc), &crc, 4);
    }
    size_t pos = hlen;
    while (pos + sizeof(BlockHeader) <= b.size()) {
        BlockHeader h;
        std::memcpy(&h, b.data() + pos, sizeof h);
        const size_t end = pos + sizeof h + h.payload_len;
        if (end > b.size()) break;
        h.payload_crc = checksum({b.data() + pos + sizeof h, h.payload_len});
        h.header_crc = block_header_checksum(h);
        std::memcpy(b.data() + pos, &h, sizeof h);
        pos = end;
    }
}

template <typename T>
void poke(std::vector<uint8_t>& b, size_t offset, T value) {
    std::memcpy(b.data() + offset, &value, sizeof value);
}

}  // namespace lanner::capture::test
