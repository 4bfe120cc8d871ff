#include "output/log_rate_limiter.h"

#include <time.h>

namespace lanner::output {

uint64_t LogRateLimiter::now() noexcept {
    struct timespec ts {};
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace lanner::output
