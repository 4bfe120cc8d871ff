#include "capture/capture_info.h"

#include <sys/utsname.h>

#include <ctime>

namespace lanner::capture {
namespace {

uint64_t clock_ns(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

CaptureInfo CaptureInfo::for_this_host(std::string driver) {
    CaptureInfo info;
    utsname u{};
    if (uname(&u) == 0) {
        info.hostname = u.nodename;
        info.kernel_release = u.release;
    }
    // Read BOOTTIME between two REALTIME reads and take their midpoint, so the
    // offset is not skewed by a preemption between the calls.
    const uint64_t wall_a = clock_ns(CLOCK_REALTIME);
    const uint64_t boot = clock_ns(CLOCK_BOOTTIME);
    const uint64_t wall_b = clock_ns(CLOCK_REALTIME);
    info.boot_time_ns = wall_a + (wall_b - wall_a) / 2 - boot;
    info.start_ts = boot;
    info.driver = std::move(driver);
    return info;
}

}  // namespace lanner::capture
