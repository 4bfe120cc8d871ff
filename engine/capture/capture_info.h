// The header fields of a capture in usable form: what a writer is given and
// what a reader returns.
#pragma once

#include <cstdint>
#include <string>

#include "lanner/schema.h"

namespace lanner::capture {

struct CaptureInfo {
    uint16_t format_major = 0;  // filled by the reader; the writer writes its own
    uint16_t format_minor = 0;
    uint32_t schema_version = LN_SCHEMA_VERSION;
    uint32_t flags = 0;         // kFlag* (capture_format.h)
    uint64_t boot_time_ns = 0;  // wall clock at boot, ns since the epoch
    uint64_t start_ts = 0;      // CLOCK_BOOTTIME ns when the capture started
    uint32_t snaplen = LN_DEFAULT_SNAPLEN;
    std::string hostname;
    std::string kernel_release;
    std::string driver;  // "kmod 0.1.0", "ebpf 0.1.0", "synthetic"

    uint16_t schema_major() const noexcept { return static_cast<uint16_t>(schema_version >> 16); }
    uint16_t schema_minor() const noexcept {
        return static_cast<uint16_t>(schema_version & 0xffff);
    }
    // Wall-clock ns since the epoch of a record timestamp (CLOCK_BOOTTIME ns).
    uint64_t wall_time_ns(uint64_t ts) const noexcept { return boot_time_ns + ts; }

    // This machine now: host name and kernel release from uname(2), the boot
    // time from CLOCK_REALTIME - CLOCK_BOOTTIME, start_ts from CLOCK_BOOTTIME.
    static CaptureInfo for_this_host(std::string driver);
};

}  // namespace lanner::capture
