// The error a capture reader throws: a lanner::Error whose message names the
// capture, the byte offset and the reason, and which keeps the offset for
// callers (tests, the fuzz harness) that check it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/error.h"

namespace lanner::capture {

class CaptureError : public Error {
  public:
    // what(): "capture NAME: byte OFFSET: REASON".
    CaptureError(std::string_view name, uint64_t offset, std::string_view reason)
        : Error(fmt::format("capture {}: byte {}: {}", name, offset, reason)), offset_(offset) {}

    uint64_t offset() const noexcept { return offset_; }

  private:
    uint64_t offset_;
};

}  // namespace lanner::capture
