// CRC-32 (IEEE 802.3, as zlib's crc32() computes it) of capture blocks, at
// memory speed where the CPU can: verifying a block's checksum cost more
// than decoding its records. On x86-64 with PCLMULQDQ the bulk of a buffer
// is folded 64 bytes at a time with carry-less multiplications; short
// buffers, the last few bytes and other CPUs go through zlib. The result is
// zlib's, bit for bit.
#pragma once

#include <cstdint>
#include <span>

namespace lanner::capture {

// The CRC of `bytes` continuing from `crc` (0 to start), like zlib's
// crc32(crc, bytes, size).
uint32_t crc32_update(uint32_t crc, std::span<const uint8_t> bytes) noexcept;

// The same through zlib alone (for tests).
uint32_t crc32_zlib(uint32_t crc, std::span<const uint8_t> bytes) noexcept;

}  // namespace lanner::capture
