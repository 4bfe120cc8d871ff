#include "common/boot_clock.h"

#include <ctime>

namespace lanner {

namespace {

uint64_t clock_ns(clockid_t id) noexcept {
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

uint64_t measure() noexcept {
    // Read BOOTTIME between two REALTIME reads and take their midpoint, so the
    // offset is not skewed by a preemption between the calls.
    const uint64_t wall_a = clock_ns(CLOCK_REALTIME);
    const uint64_t boot = clock_ns(CLOCK_BOOTTIME);
    const uint64_t wall_b = clock_ns(CLOCK_REALTIME);
    return wall_a + (wall_b - wall_a) / 2 - boot;
}

}  // namespace

uint64_t boot_time_epoch_ns() noexcept {
    static const uint64_t boot_time = measure();
    return boot_time;
}

}  // namespace lanner
