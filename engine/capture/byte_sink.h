// Where a CaptureWriter's bytes go: a file (write(2), whole blocks at a time)
// or a memory buffer (tests, fuzz seeds).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace lanner::capture {

class ByteSink {
  public:
    virtual ~ByteSink() = default;
    // Name for error messages (a path, or "<memory>").
    virtual const std::string& name() const = 0;
    // Writes all of `bytes` or throws Error.
    virtual void write(std::span<const uint8_t> bytes) = 0;
    // Makes written bytes durable (fdatasync for files).
    virtual void sync() = 0;
    // Releases the destination; throws Error if that fails (a deferred write error).
    virtual void close() = 0;
};

// Creates or truncates `path` (mode 0600: captures hold command lines and
// environments) and writes to it.
std::unique_ptr<ByteSink> open_file_sink(const std::string& path);

// Appends to `out`, which must outlive the sink.
std::unique_ptr<ByteSink> memory_sink(std::vector<uint8_t>& out);

}  // namespace lanner::capture
