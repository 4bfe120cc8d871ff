// What the capture fuzz target and the deterministic mutation test do with
// one input: read it as a capture, to the end or to an error, formatting
// every record as `lanner -e --print-events` would.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace lanner::fuzz {

struct CaptureReadOutcome {
    uint64_t records = 0;
    bool failed = false;        // a CaptureError ended the read
    uint64_t error_offset = 0;  // its offset
    std::string error;          // its message
    bool cut_tail = false;      // the capture stops early (no error)
};

// Never throws CaptureError (it is the outcome); anything else escaping is a
// bug the caller reports. Aborts if the reader hands out more records than
// the input could hold, which would mean it loops.
CaptureReadOutcome read_capture_input(std::span<const uint8_t> data, bool verify_checksums);

}  // namespace lanner::fuzz
