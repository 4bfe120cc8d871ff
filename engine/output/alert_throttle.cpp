#include "output/alert_throttle.h"

#include <fmt/format.h>

namespace lanner::output {

AlertThrottle::AlertThrottle(LimitsFor limits, bool enabled)
    : limits_(std::move(limits)), enabled_(enabled) {}

ThrottleVerdict AlertThrottle::admit(std::string_view rule, uint64_t now_ns) {
    if (!enabled_) return {};
    auto it = rules_.find(rule);
    if (it == rules_.end()) {
        RuleState st;
        const ThrottleLimits l = limits_(rule);
        st.limited = l.rate > 0;
        if (st.limited) st.bucket = TokenBucket(l.rate, static_cast<double>(l.burst));
        it = rules_.emplace(std::string(rule), st).first;
    }
    RuleState& st = it->second;
    if (!st.limited) return {};
    if (!st.bucket.claim(now_ns)) {
        if (st.pending++ == 0) st.first_pending_ns = now_ns;
        ++st.total;
        ++suppressed_total_;
        return {false, 0, 0};
    }
    ThrottleVerdict v;
    if (st.pending) {
        v.suppressed = st.pending;
        v.window_ns = now_ns > st.first_pending_ns ? now_ns - st.first_pending_ns : 0;
        st.pending = 0;
    }
    return v;
}

uint64_t AlertThrottle::window_seconds(uint64_t window_ns) noexcept {
    const uint64_t s = (window_ns + 999999999u) / 1000000000u;
    return s ? s : 1;
}

void AlertThrottle::annotate(Alert& alert, const ThrottleVerdict& v) {
    if (v.suppressed == 0) return;
    const uint64_t secs = window_seconds(v.window_ns);
    fmt::format_to(std::back_inserter(alert.message), " ... and {} more in the last {} s",
                   v.suppressed, secs);
    alert.fields.push_back({"lanner.suppressed", OutputValue::of_uint(v.suppressed)});
    alert.fields.push_back({"lanner.suppressed_seconds", OutputValue::of_uint(secs)});
}

std::vector<RuleSuppression> AlertThrottle::suppressions() const {
    std::vector<RuleSuppression> out;
    for (const auto& [name, st] : rules_)
        if (st.total) out.push_back({name, st.total, st.pending});
    return out;
}

}  // namespace lanner::output
