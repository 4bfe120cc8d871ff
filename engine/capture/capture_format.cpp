#include "capture/capture_format.h"

#include <zlib.h>

#include <cstring>

#include "capture/crc32.h"

namespace lanner::capture {

uint32_t checksum(std::span<const uint8_t> bytes) noexcept {
    return crc32_update(0, bytes);
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
