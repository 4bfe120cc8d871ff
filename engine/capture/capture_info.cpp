#include "capture/capture_info.h"

#include <sys/utsname.h>

#include <ctime>

#include "common/boot_clock.h"

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
    // The boot time the live engine gives its events, so the capture replays
    // to the same event times.
    info.boot_time_ns = boot_time_epoch_ns();
    info.start_ts = clock_ns(CLOCK_BOOTTIME);
    info.driver = std::move(driver);
    return info;
}

}  // namespace lanner::capture
