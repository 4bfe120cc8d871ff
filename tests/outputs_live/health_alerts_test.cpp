// Health alerts through AlertOutput and the configured sinks: event drops
// over the threshold (actions log, alert, exit; the token bucket; simulated
// drops) and a sink losing alerts, reported to the other sinks only.
// Clocks are passed in: no timing.
#define BOOST_TEST_MODULE outputs_live_health
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "../output/sinks_harness.h"
#include "app/alert_output.h"
#include "app/drop_monitor.h"
#include "app/engine.h"
#include "live_harness.h"

using namespace lanner;
using namespace lanner::live_test;
using app::DropMonitor;
using config::DropAction;

namespace {

constexpr uint64_t kSec = 1000000000ull;
constexpr uint64_t kWall = 1706706187000000000ull;

struct Fixture {
    TempDir dir;
    std::string alerts_file = dir.file("alerts.json");
    config::Config cfg;
    app::Engine engine;
    Fixture() {
        cfg.stdout_output.enabled = false;
        cfg.syslog_output.enabled = false;
        cfg.file_output.enabled = true;
        cfg.file_output.filename = alerts_file;
        cfg.json_output = true;
    }
    std::vector<nlohmann::json> alerts() const {
        std::vector<nlohmann::json> v;
        for (const auto& l : lines_of(slurp(alerts_file))) v.push_back(nlohmann::json::parse(l));
        return v;
    }
};

// Driver counters: `produced` records tried on one CPU, `drops` of them
// lost because the ring was full.
SourceStats stats(uint64_t produced, uint64_t drops) {
    SourceStats s;
    CpuDropStats c;
    c.cpu = 0;
    c.produced = produced;
    c.delivered = produced - drops;
    c.drops[LN_DROP_RING_FULL] = drops;
    s.per_cpu.push_back(c);
    s.records = produced - drops;
    return s;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(health_alerts, Fixture)

BOOST_AUTO_TEST_CASE(event_drops_over_the_threshold_raise_falcos_alert_under_lanners_name) {
    app::AlertOutput out(cfg, engine, stdout);
    DropMonitor m(cfg.syscall_event_drops, cfg.output_drops, out);  // threshold 0.1, 1 per 30 s
    BOOST_TEST((m.tick(stats(1000, 0), 0, kWall) == DropMonitor::Action::Continue));
    m.tick(stats(2000, 50), 1 * kSec, kWall + kSec);          // 5%: under the threshold
    m.tick(stats(3000, 350), 2 * kSec, kWall + 2 * kSec);     // 30%: an alert
    m.tick(stats(4000, 650), 3 * kSec, kWall + 3 * kSec);     // 30%: the bucket is empty
    m.tick(stats(4500, 660), 3 * kSec + kSec / 2, kWall);     // within the second: not checked
    m.tick(stats(6000, 1200), 40 * kSec, kWall + 40 * kSec);  // a token regained: an alert
    BOOST_TEST(m.counters().event_drop_seconds == 3u);
    BOOST_TEST(m.counters().event_drop_actions == 2u);
    out.finish(stderr);
    const auto a = alerts();
    BOOST_REQUIRE(a.size() == 2u);
    BOOST_TEST(a[0]["rule"] == "Lanner internal: syscall event drop");
    BOOST_TEST(a[0]["priority"] == "Debug");
    BOOST_TEST(a[0]["source"] == "internal");
    BOOST_TEST(a[0]["time"] == "2024-01-31T13:03:09.000000000Z");
    const auto& f = a[0]["output_fields"];
    BOOST_TEST(f["n_evts"] == 1000);
    BOOST_TEST(f["n_drops"] == 300);
    BOOST_TEST(f["n_drops_buffer_total"] == 300);
    BOOST_TEST(f["n_drops_nested"] == 0);
    const std::string output = a[0]["output"];
    BOOST_TEST(output.find("Debug Lanner internal: syscall event drop. 300 system calls dropped "
                           "in last second. (n_evts=1000 n_drops=300 n_drops_buffer_total=300") !=
                   std::string::npos,
               output);
    BOOST_TEST(a[1]["output_fields"]["n_drops"] == 550);  // the 37 s since the last check
}

BOOST_AUTO_TEST_CASE(the_exit_action_stops_the_run) {
    cfg.syscall_event_drops.actions = {DropAction::Exit};
    app::AlertOutput out(cfg, engine, stdout);
    DropMonitor m(cfg.syscall_event_drops, cfg.output_drops, out);
    m.tick(stats(0, 0), 0, kWall);
    BOOST_TEST((m.tick(stats(100, 5), kSec, kWall) == DropMonitor::Action::Continue));
    BOOST_TEST((m.tick(stats(200, 60), 2 * kSec, kWall) == DropMonitor::Action::Exit));
    out.finish(stderr);
    BOOST_TEST(alerts().empty());  // exit alone raises no alert
}

BOOST_AUTO_TEST_CASE(simulated_drops_alert_every_second_the_bucket_allows) {
    cfg.syscall_event_drops.simulate_drops = true;
    cfg.syscall_event_drops.actions = {DropAction::Alert};
    cfg.syscall_event_drops.rate = 1;
    cfg.syscall_event_drops.max_burst = 1;
    app::AlertOutput out(cfg, engine, stdout);
    DropMonitor m(cfg.syscall_event_drops, cfg.output_drops, out);
    for (uint64_t s = 0; s <= 5; ++s) m.tick(stats(1000 * s, 0), s * kSec, kWall);
    out.finish(stderr);
    BOOST_TEST(alerts().size() == 5u);
    BOOST_TEST(m.counters().event_drop_actions == 5u);
}

BOOST_AUTO_TEST_CASE(a_sink_losing_alerts_is_reported_to_the_others_only) {
    RefusingPort down;
    cfg.http_output.enabled = true;
    cfg.http_output.url = "http://127.0.0.1:" + std::to_string(down.port()) + "/";
    cfg.output_drops.rate = 1;
    cfg.output_drops.max_burst = 1;
    app::AlertOutput out(cfg, engine, stdout);
    DropMonitor m(cfg.syscall_event_drops, cfg.output_drops, out);
    const auto sinks = out.sink_stats();
    BOOST_REQUIRE(sinks.size() == 2u);
    BOOST_TEST(sinks[1].name.starts_with("http "));
    m.tick(stats(0, 0), 0, kWall);
    for (int i = 0; i < 5; ++i) out.raise_internal(test::make_alert("r", "m"), out.no_sink());
    BOOST_REQUIRE(eventually([&] {
        const auto s = out.sink_stats()[1];
        return s.failed + s.dropped == 5u;
    }));
    m.tick(stats(0, 0), kSec, kWall + kSec);          // reported
    m.tick(stats(0, 0), 2 * kSec, kWall + 2 * kSec);  // nothing new: no report
    BOOST_TEST(m.counters().output_drop_reports == 1u);
    out.finish(stderr);
    const auto final_stats = out.sink_stats();
    BOOST_TEST(final_stats[1].offered == 5u);  // the report never went to the http sink
    BOOST_TEST(final_stats[0].offered == 6u);
    const auto a = alerts();
    BOOST_REQUIRE(a.size() == 6u);
    BOOST_TEST(a[5]["rule"] == "Lanner internal: output drop");
    BOOST_TEST(a[5]["priority"] == "Warning");
    BOOST_TEST(a[5]["output_fields"]["sink"] == sinks[1].name);
    BOOST_TEST(a[5]["output_fields"]["n_lost"] == 5);
}

BOOST_AUTO_TEST_SUITE_END()
