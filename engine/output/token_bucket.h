// A token bucket: at most `burst` claims at once, regaining `rate` per
// second. The caller passes the time (any clock in ns that does not go
// backwards much: a step back only delays the refill), so the arithmetic is
// testable and replays are deterministic when fed event timestamps.
#pragma once

#include <algorithm>
#include <cstdint>

namespace lanner::output {

class TokenBucket {
  public:
    // Starts full. `burst` below 1 is taken as 1.
    TokenBucket(double rate, double burst) noexcept
        : rate_(rate), burst_(std::max(burst, 1.0)), tokens_(burst_) {}

    // Takes one token if there is one at `now_ns`.
    bool claim(uint64_t now_ns) noexcept {
        refill(now_ns);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

    double tokens(uint64_t now_ns) noexcept {
        refill(now_ns);
        return tokens_;
    }
    double rate() const noexcept { return rate_; }
    double burst() const noexcept { return burst_; }

  private:
    void refill(uint64_t now_ns) noexcept {
        if (!started_) {
            started_ = true;
            last_ns_ = now_ns;
            return;
        }
        if (now_ns <= last_ns_) return;
        const double elapsed_s = static_cast<double>(now_ns - last_ns_) / 1e9;
        tokens_ = std::min(burst_, tokens_ + elapsed_s * rate_);
        last_ns_ = now_ns;
    }

    double rate_;
    double burst_;
    double tokens_;
    uint64_t last_ns_ = 0;
    bool started_ = false;
};

}  // namespace lanner::output
