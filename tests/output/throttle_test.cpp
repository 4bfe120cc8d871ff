// Per-rule throttling arithmetic with an injected clock: token buckets per
// rule, the summary of what was held back, per-rule limits, counters.
#define BOOST_TEST_MODULE output_throttle
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "config/rule_selection.h"
#include "output/alert_json.h"
#include "output/alert_text.h"
#include "output/alert_throttle.h"
#include "output/token_bucket.h"
#include "sinks_harness.h"

using namespace lanner;
using namespace lanner::output;

namespace {

constexpr uint64_t kSec = 1000000000ull;

AlertThrottle fixed(double rate, uint32_t burst) {
    return AlertThrottle([=](std::string_view) { return ThrottleLimits{rate, burst}; }, true);
}

// Admits `n` alerts of `rule` at `t`; how many passed.
int admit_n(AlertThrottle& t, const std::string& rule, int n, uint64_t at) {
    int passed = 0;
    for (int i = 0; i < n; ++i) passed += t.admit(rule, at).pass;
    return passed;
}

}  // namespace

BOOST_AUTO_TEST_CASE(token_bucket_starts_full_and_refills_at_its_rate_up_to_its_burst) {
    TokenBucket b(2.0, 3);
    BOOST_TEST(b.claim(0));
    BOOST_TEST(b.claim(0));
    BOOST_TEST(b.claim(0));
    BOOST_TEST(!b.claim(0));
    BOOST_TEST(!b.claim(kSec / 4));  // half a token
    BOOST_TEST(b.claim(kSec / 2));   // one
    BOOST_TEST(!b.claim(kSec / 2));
    BOOST_TEST(b.tokens(100 * kSec) == 3.0);  // capped at the burst
    BOOST_TEST(b.tokens(50 * kSec) == 3.0);   // a clock step back changes nothing
}

BOOST_AUTO_TEST_CASE(a_disabled_throttle_passes_everything_without_counting) {
    AlertThrottle t(
        [](std::string_view) -> ThrottleLimits {
            BOOST_FAIL("limits asked for with throttling off");
            return {};
        },
        false);
    BOOST_TEST(admit_n(t, "r", 10000, 0) == 10000);
    BOOST_TEST(t.suppressed_total() == 0u);
    BOOST_TEST(t.suppressions().empty());
}

BOOST_AUTO_TEST_CASE(the_burst_passes_then_the_rate_and_the_next_alert_summarises) {
    AlertThrottle t = fixed(1.0, 3);
    BOOST_TEST(admit_n(t, "r", 10, 0) == 3);                  // 7 held back at t=0
    BOOST_TEST(!t.admit("r", kSec / 2).pass);                 // 8th, half a token
    const ThrottleVerdict v = t.admit("r", kSec + kSec / 5);  // 1.2 tokens regained
    BOOST_TEST(v.pass);
    BOOST_TEST(v.suppressed == 8u);
    BOOST_TEST(v.window_ns == kSec + kSec / 5);  // since the first held back, at 0
    BOOST_TEST(AlertThrottle::window_seconds(v.window_ns) == 2u);  // rounded up
    // The summary is given once.
    const ThrottleVerdict next = t.admit("r", 3 * kSec);
    BOOST_TEST(next.pass);
    BOOST_TEST(next.suppressed == 0u);
    BOOST_TEST(t.suppressed_total() == 8u);
}

BOOST_AUTO_TEST_CASE(a_sustained_storm_passes_exactly_the_rate) {
    AlertThrottle t = fixed(10.0, 5);
    // 1000 alerts per second for 10 s: 5 at once, then 10 per second.
    int passed = 0;
    uint64_t summarised = 0;
    for (uint64_t ms = 0; ms < 10000; ++ms) {
        const ThrottleVerdict v = t.admit("storm", ms * 1000000ull);
        passed += v.pass;
        summarised += v.suppressed;
    }
    BOOST_TEST(passed == 5 + 99);  // tokens at 0.1 s, 0.2 s ... 9.9 s
    BOOST_TEST(t.suppressed_total() == 10000u - 104u);
    // Every alert held back is either summarised by a later one or pending.
    const auto s = t.suppressions();
    BOOST_REQUIRE(s.size() == 1u);
    BOOST_TEST(s[0].rule == "storm");
    BOOST_TEST(s[0].total == t.suppressed_total());
    BOOST_TEST(summarised + s[0].pending == t.suppressed_total());
}

BOOST_AUTO_TEST_CASE(each_rule_has_its_own_bucket_and_limits) {
    int asked = 0;
    AlertThrottle t(
        [&](std::string_view rule) {
            ++asked;
            return rule == "quiet" ? ThrottleLimits{0, 0} : ThrottleLimits{1.0, 1};
        },
        true);
    BOOST_TEST(admit_n(t, "a", 5, 0) == 1);
    BOOST_TEST(admit_n(t, "b", 5, 0) == 1);  // a's storm does not use b's tokens
    BOOST_TEST(admit_n(t, "quiet", 500, 0) == 500);
    BOOST_TEST(asked == 3);  // once per rule
    BOOST_TEST(t.suppressed_total() == 8u);
}

BOOST_AUTO_TEST_CASE(per_rule_limits_come_from_the_configuration) {
    config::Throttle cfg;
    cfg.rate = 100;
    cfg.burst = 50;
    cfg.rules.push_back({"Read sensitive*", 0.5, std::nullopt});
    AlertThrottle t(
        [&](std::string_view rule) {
            const auto l = config::throttle_for(cfg, rule);
            return ThrottleLimits{l.rate, l.burst};
        },
        true);
    BOOST_TEST(admit_n(t, "Read sensitive file untrusted", 100, 0) == 50);  // burst from global
    BOOST_TEST(admit_n(t, "Read sensitive file untrusted", 10, 2 * kSec) == 1);  // 0.5/s
    BOOST_TEST(admit_n(t, "Other", 100, 0) == 50);
    BOOST_TEST(admit_n(t, "Other", 200, kSec) == 50);  // 100 regained, capped at 50
}

BOOST_AUTO_TEST_CASE(the_summary_goes_into_the_text_and_the_json) {
    setenv("TZ", "UTC", 1);
    tzset();
    Alert a = test::make_alert("r", "Sensitive file opened (file=/etc/shadow)");
    ThrottleVerdict v;
    v.suppressed = 41;
    v.window_ns = 9 * kSec + 1;
    AlertThrottle::annotate(a, v);
    BOOST_TEST(render_text(a, {}) ==
               "13:03:07.123456789: Warning Sensitive file opened (file=/etc/shadow) ... and 41 "
               "more in the last 10 s");
    const auto j = nlohmann::json::parse(render_json(a, {}));
    BOOST_TEST(j["output_fields"]["lanner.suppressed"] == 41);
    BOOST_TEST(j["output_fields"]["lanner.suppressed_seconds"] == 10);
    BOOST_TEST(j["output_fields"]["proc.name"] == "cat");  // the alert's own fields stay
    Alert untouched = test::make_alert("r", "m");
    AlertThrottle::annotate(untouched, ThrottleVerdict{});
    BOOST_TEST(untouched.message == "m");
    BOOST_TEST(untouched.fields.size() == 1u);
}
