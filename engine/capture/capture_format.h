// The on-disk layout of a Lanner capture file (docs/capture-format.md says the
// same in prose, precisely enough to write a reader from it).
//
//   file header     64 fixed bytes + strings, padded to a multiple of 8
//   blocks          each a 24-byte block header + a payload of whole records
//     STATE blocks  threadinfo/fdinfo/userinfo/groupinfo records (first)
//     EVENT blocks  records exactly as the driver produced them
//     END block     totals, written when the capture is closed
//
// Every multi-byte value is little-endian. Records keep their 8-byte alignment
// in the file: the header and block headers are multiples of 8 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace lanner::capture {

// "\x89LNCAP\r\n": a non-ASCII first byte and a CR LF catch text-mode
// transfers and files that are not captures at all (as PNG's magic does).
inline constexpr uint8_t kMagic[8] = {0x89, 'L', 'N', 'C', 'A', 'P', '\r', '\n'};

// Major changes only when old readers cannot read new files; minor changes
// when something is added that old readers may ignore (a header field after
// the known ones, a new block kind).
inline constexpr uint16_t kFormatMajor = 1;
inline constexpr uint16_t kFormatMinor = 0;

// A string stored in the header: `len` bytes at `off` from the header start.
struct HeaderString {
    uint16_t off;
    uint16_t len;
};

struct FileHeader {
    uint8_t magic[8];         //  0 kMagic
    uint32_t header_len;      //  8 whole header with its strings, multiple of 8
    uint16_t format_major;    // 12
    uint16_t format_minor;    // 14
    uint32_t schema_version;  // 16 LN_SCHEMA_VERSION of the writer (major << 16 | minor)
    uint32_t flags;           // 20 kFlag*
    uint64_t boot_time_ns;    // 24 wall clock (ns since the epoch) at boot: wall = this + ts
    uint64_t start_ts;        // 32 CLOCK_BOOTTIME ns when the capture started
    uint32_t snaplen;         // 40 BYTEBUF bytes the driver kept
    uint32_t header_crc;      // 44 crc32 of the header_len bytes with this field zero
    HeaderString hostname;    // 48
    HeaderString kernel;      // 52 kernel release (uname -r)
    HeaderString driver;      // 56 what produced the records: "kmod 0.1.0", "synthetic"
    uint32_t reserved;        // 60 zero
};
static_assert(sizeof(FileHeader) == 64);
static_assert(offsetof(FileHeader, header_len) == 8);
static_assert(offsetof(FileHeader, format_major) == 12);
static_assert(offsetof(FileHeader, schema_version) == 16);
static_assert(offsetof(FileHeader, boot_time_ns) == 24);
static_assert(offsetof(FileHeader, header_crc) == 44);
static_assert(offsetof(FileHeader, hostname) == 48);

// Header flags.
inline constexpr uint32_t kFlagSynthetic = 1U << 0;  // written by a test tool, not a driver

// Bounds a reader enforces on the header.
inline constexpr uint32_t kMaxHeaderLen = 64 * 1024;

// "LNBK" read as a little-endian u32.
inline constexpr uint32_t kBlockMagic = 0x4b424e4c;

enum class BlockKind : uint16_t {
    State = 1,   // state-section records; only before the first Events block
    Events = 2,  // event records in the order the engine consumed them
    End = 3,     // EndPayload; the last block of a closed capture
};

struct BlockHeader {
    uint32_t magic;        //  0 kBlockMagic
    uint16_t kind;         //  4 BlockKind; unknown kinds are skipped
    uint16_t flags;        //  6 zero
    uint32_t payload_len;  //  8 bytes after this header, multiple of 8
    uint32_t records;      // 12 records in the payload
    uint32_t payload_crc;  // 16 crc32 of the payload
    uint32_t header_crc;   // 20 crc32 of bytes 0..19 of this header
};
static_assert(sizeof(BlockHeader) == 24);
static_assert(offsetof(BlockHeader, payload_crc) == 16);
static_assert(offsetof(BlockHeader, header_crc) == 20);

// Largest payload a reader accepts. The writer's blocks are far smaller
// (kDefaultBlockBytes plus at most one record).
inline constexpr uint32_t kMaxBlockPayload = 16 * 1024 * 1024;
inline constexpr uint32_t kDefaultBlockBytes = 256 * 1024;

// Payload of the End block. Readers check the counts against what they read.
struct EndPayload {
    uint64_t state_records;  //  0
    uint64_t event_records;  //  8
    uint64_t lost;           // 16 sum of the 'lost' fields of the event records
    uint64_t first_ts;       // 24 ts of the first event record, 0 if none
    uint64_t last_ts;        // 32 ts of the last event record, 0 if none
};
static_assert(sizeof(EndPayload) == 40);

// zlib's crc32 (the IEEE polynomial, as gzip and PNG use).
uint32_t checksum(std::span<const uint8_t> bytes) noexcept;

// The checksum a block header carries over its first 20 bytes.
uint32_t block_header_checksum(const BlockHeader& h) noexcept;

// The checksum of a file header of `bytes.size()` bytes, with the crc field as zero.
uint32_t file_header_checksum(std::span<const uint8_t> header_bytes) noexcept;

}  // namespace lanner::capture
