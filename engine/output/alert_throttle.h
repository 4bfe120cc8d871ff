// Lanner's per-rule throttling (`throttle:` in lanner.yaml), which Falco
// lacks: each rule has a token bucket of `burst` alerts regaining `rate`
// per second. An alert over the limit is not made at all (the formatter does
// not run), only counted; the next alert of that rule that gets through says
// how many were held back ("... and N more in the last M s" after its
// message, and `lanner.suppressed` / `lanner.suppressed_seconds` in its JSON
// output_fields).
//
//   AlertThrottle throttle([&](std::string_view rule) { return limits_for(rule); });
//   auto v = throttle.admit(rule.name, ev.ts());    // on the engine thread
//   if (!v.pass) return;
//   Alert a = formatter.format(...);
//   if (v.suppressed) AlertThrottle::annotate(a, v);
//
// Time is whatever clock the caller passes (the event's timestamp in the
// engine: replays throttle exactly as the live run did).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "output/alert.h"
#include "output/token_bucket.h"

namespace lanner::output {

struct ThrottleLimits {
    double rate = 0;     // alerts per second regained; 0: not throttled
    uint32_t burst = 0;  // alerts at once
};

struct ThrottleVerdict {
    bool pass = true;
    // With pass: alerts of this rule held back since its previous alert got
    // through, the first of them `window_ns` before now.
    uint64_t suppressed = 0;
    uint64_t window_ns = 0;
};

struct RuleSuppression {
    std::string rule;
    uint64_t total = 0;    // held back since the start
    uint64_t pending = 0;  // held back and not yet summarised by an alert
};

class AlertThrottle {
  public:
    using LimitsFor = std::function<ThrottleLimits(std::string_view rule)>;

    // `limits` is asked once per rule, the first time the rule alerts.
    // `enabled` false (no rate anywhere) lets every alert pass at no cost.
    AlertThrottle(LimitsFor limits, bool enabled);

    bool enabled() const noexcept { return enabled_; }

    // Whether an alert of `rule` at `now_ns` may go out. Allocates only the
    // first time a rule is seen.
    ThrottleVerdict admit(std::string_view rule, uint64_t now_ns);

    // Appends the summary of a verdict with suppressed alerts to the alert:
    // " ... and N more in the last M s" (M rounded up, at least 1) and the
    // output fields lanner.suppressed (N) and lanner.suppressed_seconds (M).
    static void annotate(Alert& alert, const ThrottleVerdict& verdict);
    // M of the summary for a window.
    static uint64_t window_seconds(uint64_t window_ns) noexcept;

    uint64_t suppressed_total() const noexcept { return suppressed_total_; }
    // Rules that had alerts held back, in no particular order.
    std::vector<RuleSuppression> suppressions() const;

  private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct RuleState {
        bool limited = false;
        TokenBucket bucket{0, 1};
        uint64_t pending = 0;  // held back since the last alert that passed
        uint64_t first_pending_ns = 0;
        uint64_t total = 0;
    };

    LimitsFor limits_;
    bool enabled_;
    std::unordered_map<std::string, RuleState, Hash, std::equal_to<>> rules_;
    uint64_t suppressed_total_ = 0;
};

}  // namespace lanner::output
