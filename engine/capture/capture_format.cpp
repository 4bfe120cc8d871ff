#include "capture/capture_format.h"

#include <zlib.h>

#include <cstring>

namespace lanner::capture {

uint32_t checksum(std::span<const uint8_t> bytes) noexcept {
    // zlib takes a 32-bit length; payloads are bounded far below that, but a
    // loop keeps the function correct for any span.
    uLong crc = crc32(0L, Z_NULL, 0);
    const uint8_t* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        const auto n = static_cast<uInt>(left < (1U << 30) ? left : (1U << 30));
        crc = crc32(crc, p, n);
        p += n;
        left -= n;
    }
    return static_cast<uint32_t>(crc);
}

uint32_t block_header_checksum(const BlockHeader& h) noexcept {
    uint8_t bytes[offsetof(BlockHeader, header_crc)];
    std::memcpy(bytes, &h, sizeof bytes);
    return checksum(bytes);
}

uint32_t file_header_checksum(std::span<const uint8_t> header_bytes) noexcept {
    constexpr size_t at = offsetof(FileHeader, header_crc);
    if (header_bytes.size() < at + 4) return checksum(header_bytes);
    const uint8_t zero[4] = {};
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, header_bytes.data(), at);
    crc = crc32(crc, zero, 4);
    const size_t rest = header_bytes.size() - at - 4;
    crc = crc32(crc, header_bytes.data() + at + 4, static_cast<uInt>(rest));
    return static_cast<uint32_t>(crc);
}

}  // namespace lanner::capture
