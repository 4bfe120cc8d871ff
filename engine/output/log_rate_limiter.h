// Keeps a repeating log message to one line per interval: the first
// occurrence is logged at once, later ones within the interval are counted,
// and the next line says how many were not logged.
#pragma once

#include <cstdint>

namespace lanner::output {

class LogRateLimiter {
  public:
    explicit LogRateLimiter(uint64_t interval_ns) : interval_ns_(interval_ns) {}

    // Records one occurrence at `now_ns` (any monotonic clock). True when a
    // line should be logged now; `suppressed` is then the number of
    // occurrences since the previous line that were not logged.
    bool should_log(uint64_t now_ns, uint64_t& suppressed) noexcept {
        if (logged_once_ && now_ns - last_ns_ < interval_ns_) {
            ++suppressed_;
            return false;
        }
        logged_once_ = true;
        last_ns_ = now_ns;
        suppressed = suppressed_;
        suppressed_ = 0;
        return true;
    }

    // Occurrences not logged since the last line (for a final summary).
    uint64_t pending() const noexcept { return suppressed_; }

    // CLOCK_MONOTONIC_COARSE in ns: cheap enough for the engine thread.
    static uint64_t now() noexcept;

  private:
    uint64_t interval_ns_;
    uint64_t last_ns_ = 0;
    uint64_t suppressed_ = 0;
    bool logged_once_ = false;
};

}  // namespace lanner::output
