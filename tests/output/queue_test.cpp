// The queue between the engine and the sinks: drops counted per sink when
// a sink stalls, failures counted, flushing per buffered_outputs, reopen
// between alerts, bounded shutdown. No timing assertions: stalls are latches
// the test opens.
#define BOOST_TEST_MODULE output_queue
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "output/log_rate_limiter.h"
#include "output/output_queue.h"
#include "output/rendered_alert.h"
#include "sinks_harness.h"

using namespace lanner;
using namespace lanner::test;
using output::OutputQueue;
using output::OutputQueueOptions;
using Log = RecordingSink::Log;
using Gate = StallingSink::Gate;

namespace {

OutputQueueOptions options(size_t capacity, bool buffered = false) {
    OutputQueueOptions o;
    o.capacity = capacity;
    o.buffered = buffered;
    return o;
}

const output::SinkStats& stats_of(const std::vector<output::SinkStats>& all,
                                  const std::string& name) {
    for (const auto& s : all)
        if (s.name == name) return s;
    BOOST_FAIL("no sink " + name);
    return all.front();
}

void check_counts_add_up(const OutputQueue& q, const std::vector<output::SinkStats>& all) {
    for (const auto& s : all)
        BOOST_TEST(s.sent + s.failed + s.dropped + s.queued == q.pushed(), s.name);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_stalled_sink_drops_and_counts_while_others_get_everything) {
    auto gate = std::make_shared<Gate>();
    auto log = std::make_shared<Log>();
    OutputQueue q(options(4), {});
    q.add_sink(std::make_unique<StallingSink>(gate));
    q.add_sink(std::make_unique<RecordingSink>(log));
    q.start();

    q.push(make_alert("r", "m0"));
    gate->entered.acquire();  // the stalled sink now holds m0
    for (int i = 1; i < 8; ++i) {
        q.push(make_alert("r", "m" + std::to_string(i)));  // returns at once: never blocks
        BOOST_REQUIRE(eventually([&] { return log->delivered().size() == size_t(i) + 1; }));
    }
    BOOST_REQUIRE(eventually([&] { return stats_of(q.stats(), "recording").sent == 8; }));
    auto s = q.stats();
    BOOST_TEST(stats_of(s, "stalling").dropped == 3u);  // m5, m6, m7: its 4 slots held m1-m4
    BOOST_TEST(stats_of(s, "stalling").queued == 5u);   // m0 in delivery, m1-m4 waiting
    BOOST_TEST(stats_of(s, "stalling").sent == 0u);
    BOOST_TEST(stats_of(s, "recording").dropped == 0u);
    check_counts_add_up(q, s);

    gate->release.release(5);
    const auto report = q.shutdown(std::chrono::seconds(20));
    BOOST_TEST(report.complete);
    BOOST_TEST(report.undelivered() == 0u);
    BOOST_TEST(stats_of(report.sinks, "stalling").sent == 5u);
    BOOST_TEST(stats_of(report.sinks, "stalling").dropped == 3u);
    BOOST_TEST(stats_of(report.sinks, "recording").sent == 8u);
    BOOST_TEST(log->delivered() ==
                   (std::vector<std::string>{"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"}),
               boost::test_tools::per_element());
    check_counts_add_up(q, report.sinks);
}

BOOST_AUTO_TEST_CASE(failed_deliveries_are_counted_and_do_not_stop_the_sink) {
    auto log = std::make_shared<Log>();
    auto sink = std::make_unique<RecordingSink>(log);
    sink->fail_rule = "bad";
    OutputQueue q(options(100), {});
    q.add_sink(std::move(sink));
    q.start();
    for (int i = 0; i < 10; ++i) q.push(make_alert(i % 3 == 0 ? "bad" : "good", "m"));
    const auto report = q.shutdown(std::chrono::seconds(20));
    BOOST_TEST(report.sinks[0].failed == 4u);  // 0, 3, 6, 9
    BOOST_TEST(report.sinks[0].sent == 6u);
    BOOST_TEST(log->count("close") == 1u);
    check_counts_add_up(q, report.sinks);
}

BOOST_AUTO_TEST_CASE(unbuffered_outputs_flush_after_every_alert) {
    auto log = std::make_shared<Log>();
    OutputQueue q(options(100, false), {});
    q.add_sink(std::make_unique<RecordingSink>(log));
    q.start();
    for (int i = 0; i < 20; ++i) q.push(make_alert("r", "m"));
    q.shutdown(std::chrono::seconds(20));
    BOOST_TEST(log->count("flush") == 20u);
    // Each delivery is followed by its flush.
    std::lock_guard lock(log->mutex);
    for (size_t i = 0; i + 1 < log->events.size(); ++i)
        if (log->events[i].starts_with("deliver:")) BOOST_TEST(log->events[i + 1] == "flush");
}

BOOST_AUTO_TEST_CASE(buffered_outputs_flush_in_batches_and_at_the_end) {
    auto gate = std::make_shared<Gate>();
    auto log = std::make_shared<Log>();
    OutputQueue q(options(100, true), {});
    q.add_sink(std::make_unique<RecordingSink>(log));
    q.start();
    for (int i = 0; i < 20; ++i) q.push(make_alert("r", "m"));
    const auto report = q.shutdown(std::chrono::seconds(20));
    BOOST_TEST(report.sinks[0].sent == 20u);
    BOOST_TEST(log->count("flush") >= 1u);
    BOOST_TEST(log->count("flush") <= 20u);
    std::lock_guard lock(log->mutex);
    BOOST_TEST(log->events.back() == "close");
    BOOST_TEST(log->events[log->events.size() - 2] == "flush");  // nothing left unflushed
}

BOOST_AUTO_TEST_CASE(a_failed_flush_fails_the_alerts_it_carried) {
    for (bool buffered : {false, true}) {
        auto log = std::make_shared<Log>();
        auto sink = std::make_unique<RecordingSink>(log);
        sink->fail_flush = true;
        OutputQueue q(options(100, buffered), {});
        q.add_sink(std::move(sink));
        q.start();
        for (int i = 0; i < 12; ++i) q.push(make_alert("r", "m"));
        const auto report = q.shutdown(std::chrono::seconds(20));
        BOOST_TEST(report.sinks[0].failed == 12u);
        BOOST_TEST(report.sinks[0].sent == 0u);
    }
}

BOOST_AUTO_TEST_CASE(reopen_happens_between_alerts) {
    auto log = std::make_shared<Log>();
    OutputQueue q(options(10), {});
    q.add_sink(std::make_unique<RecordingSink>(log));
    q.start();
    q.push(make_alert("r", "before"));
    BOOST_REQUIRE(eventually([&] { return q.stats()[0].sent == 1; }));
    q.reopen();
    BOOST_REQUIRE(eventually([&] { return log->count("reopen") == 1; }));
    q.push(make_alert("r", "after"));
    q.shutdown(std::chrono::seconds(20));
    std::lock_guard lock(log->mutex);
    BOOST_TEST(log->events == (std::vector<std::string>{"deliver:before", "flush", "reopen",
                                                        "deliver:after", "flush", "close"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(shutdown_gives_up_on_a_stuck_sink_and_reports_the_loss) {
    auto gate = std::make_shared<Gate>();
    auto log = std::make_shared<Log>();
    OutputQueue q(options(10), {});
    q.add_sink(std::make_unique<StallingSink>(gate));
    q.add_sink(std::make_unique<RecordingSink>(log));
    q.start();
    for (int i = 0; i < 3; ++i) q.push(make_alert("r", "m"));
    gate->entered.acquire();
    // The healthy sink drains first, so the short deadline below bounds only
    // the stuck one: on a loaded machine 100 ms can pass before the healthy
    // sink's thread runs at all (this test failed once beside the rest of
    // the suite under ctest -j2; this was its one deadline that short).
    BOOST_REQUIRE(eventually([&] { return stats_of(q.stats(), "recording").sent == 3; }));
    const auto report = q.shutdown(std::chrono::milliseconds(100));
    BOOST_TEST(!report.complete);
    BOOST_TEST(gate->cancelled);
    BOOST_TEST(stats_of(report.sinks, "stalling").queued == 3u);
    BOOST_TEST(stats_of(report.sinks, "recording").sent == 3u);  // the healthy sink drained
    BOOST_TEST(report.undelivered() == 3u);
    // cancel() let the stuck delivery return; the abandoned worker stops
    // without delivering the rest.
    BOOST_TEST(eventually([&] { return gate->delivered == 1; }));
}

BOOST_AUTO_TEST_CASE(alerts_after_shutdown_are_dropped) {
    auto log = std::make_shared<Log>();
    OutputQueue q(options(10), {});
    q.add_sink(std::make_unique<RecordingSink>(log));
    q.start();
    q.push(make_alert("r", "in time"));
    q.shutdown(std::chrono::seconds(20));
    q.push(make_alert("r", "too late"));
    const auto s = q.stats();
    BOOST_TEST(s[0].sent == 1u);
    BOOST_TEST(s[0].dropped == 1u);
    BOOST_TEST(log->delivered() == std::vector<std::string>{"in time"});
    BOOST_TEST(q.shutdown(std::chrono::seconds(1)).sinks[0].sent == 1u);  // idempotent
}

namespace {

// Does background work in idle(): `work` units, one per call, asking to be
// called again at once while some remain, then in 10 ms.
class IdleWorkSink : public output::Sink {
  public:
    explicit IdleWorkSink(std::shared_ptr<std::atomic<int>> work,
                          std::shared_ptr<std::atomic<int>> calls)
        : work_(std::move(work)), calls_(std::move(calls)) {}
    std::string name() const override { return "idle"; }
    void deliver(const output::RenderedAlert&) override {}
    std::chrono::milliseconds idle() override {
        ++*calls_;
        if (*work_ > 0) {
            --*work_;
            return std::chrono::milliseconds(0);
        }
        return std::chrono::milliseconds(10);
    }

  private:
    std::shared_ptr<std::atomic<int>> work_, calls_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(idle_work_runs_while_the_queue_is_empty_and_wakes_on_its_own) {
    auto work = std::make_shared<std::atomic<int>>(5);
    auto calls = std::make_shared<std::atomic<int>>(0);
    OutputQueue q(options(10), {});
    q.add_sink(std::make_unique<IdleWorkSink>(work, calls));
    q.start();
    // No alert ever arrives: the worker does the work, then keeps waking
    // up at the interval the sink asked for.
    BOOST_TEST(eventually([&] { return *work == 0; }));
    const int seen = *calls;
    BOOST_TEST(eventually([&] { return *calls >= seen + 3; }));
    q.shutdown(std::chrono::seconds(20));
}

BOOST_AUTO_TEST_CASE(shutdown_lets_a_sink_finish_its_immediate_idle_work) {
    auto work = std::make_shared<std::atomic<int>>(0);
    auto calls = std::make_shared<std::atomic<int>>(0);
    OutputQueue q(options(10), {});
    q.add_sink(std::make_unique<IdleWorkSink>(work, calls));
    q.start();
    BOOST_TEST(eventually([&] { return *calls >= 1; }));
    *work = 50;
    q.shutdown(std::chrono::seconds(20));
    BOOST_TEST(*work == 0);
}

BOOST_AUTO_TEST_CASE(push_except_passes_one_sink_over_and_the_counts_still_add_up) {
    auto a = std::make_shared<Log>();
    auto b = std::make_shared<Log>();
    OutputQueue q(options(10), {});
    q.add_sink(std::make_unique<RecordingSink>(a, "a"));
    q.add_sink(std::make_unique<RecordingSink>(b, "b"));
    q.start();
    q.push(make_alert("r", "to both"));
    q.push_except(make_alert("r", "not to a"), 0);
    const auto report = q.shutdown(std::chrono::seconds(20));
    BOOST_TEST(a->delivered() == std::vector<std::string>{"to both"});
    BOOST_TEST(b->delivered() == (std::vector<std::string>{"to both", "not to a"}));
    BOOST_TEST(stats_of(report.sinks, "a").offered == 1u);
    BOOST_TEST(stats_of(report.sinks, "b").offered == 2u);
    for (const auto& s : report.sinks)
        BOOST_TEST(s.sent + s.failed + s.dropped + s.queued == s.offered, s.name);
}

BOOST_AUTO_TEST_CASE(sinks_are_added_before_start) {
    OutputQueue q(options(0), {});
    q.push(make_alert("r", "nobody listens"));  // no sinks: nothing to do
    q.start();
    BOOST_CHECK_THROW(q.add_sink(std::make_unique<RecordingSink>(std::make_shared<Log>())), Error);
    BOOST_TEST(q.pushed() == 1u);
}

BOOST_AUTO_TEST_CASE(rendered_alert_offers_both_forms) {
    output::RenderOptions text_opts;
    output::RenderedAlert t(make_alert("r", "hello"), text_opts);
    BOOST_TEST(t.text() == "13:03:07.123456789: Warning hello");  // TZ=UTC below
    BOOST_TEST(&t.line() == &t.text());
    output::RenderOptions json_opts;
    json_opts.json_output = true;
    output::RenderedAlert j(make_alert("r", "hello"), json_opts);
    BOOST_TEST(&j.line() == &j.json());
    const auto parsed = nlohmann::json::parse(j.json());
    BOOST_TEST(parsed["output"] == t.text());
    BOOST_TEST(parsed["output_fields"]["proc.name"] == "cat");
}

BOOST_AUTO_TEST_CASE(rate_limiter_logs_once_per_interval_and_counts_the_rest) {
    output::LogRateLimiter limiter(1000);
    uint64_t suppressed = 99;
    BOOST_TEST(limiter.should_log(5000, suppressed));
    BOOST_TEST(suppressed == 0u);
    BOOST_TEST(!limiter.should_log(5001, suppressed));
    BOOST_TEST(!limiter.should_log(5999, suppressed));
    BOOST_TEST(limiter.pending() == 2u);
    BOOST_TEST(limiter.should_log(6000, suppressed));
    BOOST_TEST(suppressed == 2u);
    BOOST_TEST(limiter.pending() == 0u);
}

struct UtcFixture {
    UtcFixture() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};
BOOST_TEST_GLOBAL_FIXTURE(UtcFixture);
