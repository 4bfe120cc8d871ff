// Encoding and validation of the capture file header (capture_format.h).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "capture/capture_info.h"

namespace lanner::capture {

// Bytes a reader needs to check the magic, the format version and the header
// length before it knows how long the header is.
inline constexpr size_t kHeaderStartBytes = 16;

// The header bytes for `info`, with this build's format and schema versions
// (info's version fields are ignored). Throws Error if a string is too long.
std::vector<uint8_t> encode_header(const CaptureInfo& info);

// Checks the start of a file: magic, format version, header length. `prefix`
// holds the first kHeaderStartBytes bytes of the file, or all of a shorter
// file. Returns the header length. Throws CaptureError naming the offset of
// the bad field.
uint32_t check_header_start(std::span<const uint8_t> prefix, std::string_view capture_name);

// Decodes a whole header; `bytes` is exactly the header length returned by
// check_header_start. Throws CaptureError.
CaptureInfo decode_header(std::span<const uint8_t> bytes, std::string_view capture_name,
                          bool verify_checksum);

}  // namespace lanner::capture
