// Reading /proc files and links: small, allocation-tolerant helpers that
// report why a read failed, so the scanner can tell a process that vanished
// from one it may not read.
#pragma once

#include <string>

namespace lanner::state {

enum class ReadResult {
    Ok,
    Gone,    // ENOENT/ESRCH: the process (or the file) does not exist
    Denied,  // EACCES/EPERM
    Error,   // anything else
};

// Reads a whole file (at most `max` bytes; `*truncated` says whether more
// was there). /proc files report size 0, so this reads until EOF.
ReadResult read_proc_file(const std::string& path, std::string& out, size_t max = 1 << 20,
                          bool* truncated = nullptr);
ReadResult read_link(const std::string& path, std::string& out);

}  // namespace lanner::state
