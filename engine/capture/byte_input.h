// Where a CaptureReader's bytes come from: a file or pipe read through one
// large buffer, or a caller's memory (zero copies).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace lanner::capture {

class ByteInput {
  public:
    virtual ~ByteInput() = default;
    // Name for error messages (a path, "<stdin>", "<memory>").
    virtual const std::string& name() const = 0;
    // The bytes from file offset `pos` on: at least `n` of them unless the
    // input ends first (then all that remain, possibly none). Offsets only
    // move forward: bytes before `pos` may be discarded, and spans returned
    // earlier are invalidated. Throws CaptureError on a read error.
    virtual std::span<const uint8_t> window(uint64_t pos, size_t n) = 0;
};

// Reads `path` ("-" is standard input) with read(2) into a buffer of a few
// MiB, so a reader parses records in place, touches each byte once, and works
// on pipes. (mmap would save one copy but turns a file truncated under us
// into SIGBUS.) Throws Error if the file cannot be opened.
std::unique_ptr<ByteInput> open_file_input(const std::string& path);

// The bytes of `data`, which must outlive the input.
std::unique_ptr<ByteInput> memory_input(std::span<const uint8_t> data, std::string name);

}  // namespace lanner::capture
