// The HTTP sink against an HTTP(S) server on loopback (cpp-httplib) started
// by each test: the body Falco posts, TLS with a test CA made by openssl,
// mTLS, gzip, connection reuse, echo; a server that stalls (timeouts, other
// sinks unaffected), one that refuses connections, one that fails requests;
// with the spool, alerts kept while the endpoint is down and delivered in
// order once it is back. Counters always add up.
#define BOOST_TEST_MODULE outputs_live_http
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <set>

#include "../output/sinks_harness.h"
#include "live_harness.h"
#include "output/alert_spool.h"
#include "output/http_sink.h"
#include "output/output_queue.h"

using namespace lanner;
using namespace lanner::live_test;
using output::HttpSink;
using output::HttpSinkOptions;

namespace {

struct Fixture {
    TempDir dir;
    Fixture() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

HttpSinkOptions options_for(const std::string& url) {
    HttpSinkOptions o;
    o.http.url = url;
    o.http.user_agent = "lanner-test/1";
    o.http.connect_timeout = std::chrono::milliseconds(2000);
    o.http.timeout = std::chrono::milliseconds(3000);
    o.backoff_min = std::chrono::milliseconds(10);
    o.backoff_max = std::chrono::milliseconds(40);
    return o;
}

output::Alert numbered(int i) {
    return test::make_alert("r", "alert " + std::to_string(i));
}

// The alert numbers in what the receiver got, in order.
std::vector<int> numbers(const std::vector<Request>& got) {
    std::vector<int> v;
    for (const auto& r : got) {
        const auto j = nlohmann::json::parse(r.body);
        const std::string out = j["output"];
        v.push_back(std::stoi(out.substr(out.rfind(' ') + 1)));
    }
    return v;
}

std::vector<int> range(int from, int to) {
    std::vector<int> v;
    for (int i = from; i < to; ++i) v.push_back(i);
    return v;
}

void check_adds_up(const output::SinkStats& s) {
    BOOST_TEST(s.sent + s.failed + s.dropped + s.queued == s.offered, s.name);
}

bool have_openssl() {
    return require_program("/usr/bin/openssl", "openssl");
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(http_sink, Fixture)

BOOST_AUTO_TEST_CASE(every_alert_arrives_as_the_json_falco_posts) {
    Receiver rx;
    output::OutputQueue q({}, {});  // json_output false: HTTP still posts JSON
    auto sink = std::make_unique<HttpSink>(options_for(rx.url()));
    auto counters = sink->counters();
    q.add_sink(std::move(sink));
    q.start();
    for (int i = 0; i < 300; ++i) q.push(numbered(i));
    const auto report = q.shutdown(std::chrono::seconds(30));
    BOOST_TEST(report.sinks[0].sent == 300u);
    BOOST_TEST(report.sinks[0].failed == 0u);
    const auto got = rx.requests();
    BOOST_TEST(numbers(got) == range(0, 300), boost::test_tools::per_element());
    const output::RenderedAlert expect(numbered(0), {});
    BOOST_TEST(got.at(0).body == expect.json());
    BOOST_TEST(got.at(0).content_type == "application/json");
    BOOST_TEST(got.at(0).content_encoding == "");
    BOOST_TEST(got.at(0).user_agent == "lanner-test/1");
    BOOST_TEST(counters->delivered == 300u);
    BOOST_TEST(counters->errors == 0u);
}

BOOST_AUTO_TEST_CASE(keep_alive_reuses_one_connection_and_its_absence_does_not) {
    Receiver rx;
    for (bool keep : {true, false}) {
        auto o = options_for(rx.url());
        o.http.keep_alive = keep;
        HttpSink sink(o);
        for (int i = 0; i < 5; ++i) sink.deliver(output::RenderedAlert(numbered(i), {}));
    }
    const auto got = rx.requests();
    BOOST_REQUIRE(got.size() == 10u);
    std::set<std::string> kept, fresh;
    for (size_t i = 0; i < 5; ++i) kept.insert(got[i].remote);
    for (size_t i = 5; i < 10; ++i) fresh.insert(got[i].remote);
    BOOST_TEST(kept.size() == 1u);
    BOOST_TEST(fresh.size() == 5u);
}

BOOST_AUTO_TEST_CASE(compress_uploads_sends_gzip_with_content_encoding) {
    Receiver rx;
    auto o = options_for(rx.url());
    o.http.compress = true;
    HttpSink sink(o);
    output::Alert a = numbered(7);
    a.fields.push_back({"big", output::OutputValue::of_string(std::string(4000, 'a'))});
    const output::RenderedAlert alert(a, {});
    sink.deliver(alert);
    const auto got = rx.requests();
    BOOST_REQUIRE(got.size() == 1u);
    BOOST_TEST(got[0].content_encoding == "gzip");
    BOOST_TEST(got[0].body == alert.json());
    BOOST_TEST(got[0].wire_bytes < alert.json().size() / 4);
}

BOOST_AUTO_TEST_CASE(echo_prints_the_answers) {
    Receiver rx;
    rx.set_reply("{\"accepted\":1}");
    auto o = options_for(rx.url());
    o.echo = true;
    std::FILE* f = std::tmpfile();
    o.echo_to = f;
    HttpSink sink(o);
    sink.deliver(output::RenderedAlert(numbered(1), {}));
    sink.deliver(output::RenderedAlert(numbered(2), {}));
    std::rewind(f);
    char buf[256] = {};
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    BOOST_TEST(std::string(buf, n) == "{\"accepted\":1}\n{\"accepted\":1}\n");
    std::fclose(f);
}

BOOST_AUTO_TEST_CASE(tls_is_verified_against_the_configured_ca) {
    if (!have_openssl()) return;
    TestPki pki(dir);
    Receiver rx(0, Receiver::Tls{pki.server_cert, pki.server_key, ""});
    {
        auto o = options_for(rx.url(true));
        o.http.ca_cert = pki.ca_cert;
        HttpSink sink(o);
        sink.deliver(output::RenderedAlert(numbered(1), {}));
    }
    {
        auto o = options_for(rx.url(true));
        o.http.ca_bundle = pki.ca_cert;  // the same file, as a bundle
        HttpSink sink(o);
        sink.deliver(output::RenderedAlert(numbered(2), {}));
    }
    {
        // Verification is on by default: the system CAs and another CA do
        // not vouch for the test server.
        for (const std::string& ca : {std::string(), pki.other_ca_cert}) {
            auto o = options_for(rx.url(true));
            o.http.ca_cert = ca;
            o.http.ca_path = "/etc/ssl/certs";
            o.attempts = 1;
            HttpSink sink(o);
            BOOST_CHECK_THROW(sink.deliver(output::RenderedAlert(numbered(99), {})), Error);
            BOOST_TEST(sink.counters()->errors == 1u);
        }
    }
    {
        auto o = options_for(rx.url(true));
        o.http.insecure = true;  // verification off
        HttpSink sink(o);
        sink.deliver(output::RenderedAlert(numbered(3), {}));
    }
    BOOST_TEST(numbers(rx.requests()) == (std::vector<int>{1, 2, 3}));
}

BOOST_AUTO_TEST_CASE(mtls_presents_the_client_certificate) {
    if (!have_openssl()) return;
    TestPki pki(dir);
    Receiver rx(0, Receiver::Tls{pki.server_cert, pki.server_key, pki.ca_cert});
    {
        auto o = options_for(rx.url(true));
        o.http.ca_cert = pki.ca_cert;
        o.attempts = 1;
        HttpSink sink(o);  // no client certificate: the server refuses the handshake
        BOOST_CHECK_THROW(sink.deliver(output::RenderedAlert(numbered(99), {})), Error);
    }
    auto o = options_for(rx.url(true));
    o.http.ca_cert = pki.ca_cert;
    o.http.mtls = true;
    o.http.client_cert = pki.client_cert;
    o.http.client_key = pki.client_key;
    HttpSink sink(o);
    sink.deliver(output::RenderedAlert(numbered(1), {}));
    BOOST_TEST(numbers(rx.requests()) == (std::vector<int>{1}));
}

BOOST_AUTO_TEST_CASE(a_stalled_endpoint_times_out_and_other_sinks_get_everything) {
    Receiver rx;
    rx.set_stall(true);
    auto o = options_for(rx.url());
    o.http.timeout = std::chrono::milliseconds(300);
    o.attempts = 2;
    output::OutputQueueOptions qo;
    qo.capacity = 4;
    output::OutputQueue q(qo, {});
    q.add_sink(std::make_unique<HttpSink>(o));
    auto log = std::make_shared<test::RecordingSink::Log>();
    q.add_sink(std::make_unique<test::RecordingSink>(log));
    q.start();
    // The healthy sink is not held up by the stalled one: it has each alert
    // before the next is raised, while the HTTP sink's queue fills.
    for (int i = 0; i < 20; ++i) {
        q.push(numbered(i));
        BOOST_REQUIRE(eventually([&] { return log->delivered().size() == i + 1u; }));
    }
    BOOST_TEST(q.stats()[0].sent == 0u);
    // Each alert the HTTP sink took fails by timeout; the queue dropped the rest.
    BOOST_TEST(eventually([&] { return q.stats()[0].queued == 0u; }));
    rx.set_stall(false);
    const auto report = q.shutdown(std::chrono::seconds(30));
    const auto& s = report.sinks[0];
    BOOST_TEST(s.sent == 0u);
    BOOST_TEST(s.failed > 0u);
    BOOST_TEST(s.dropped > 0u);
    BOOST_TEST(s.failed + s.dropped == 20u);
    check_adds_up(s);
    BOOST_TEST(rx.stalled() >= s.failed);  // each was tried
}

BOOST_AUTO_TEST_CASE(shutdown_aborts_a_transfer_stuck_on_a_stalled_endpoint) {
    Receiver rx;
    rx.set_stall(true);
    auto o = options_for(rx.url());
    o.http.timeout = std::chrono::seconds(60);  // would block shutdown for a minute
    output::OutputQueue q({}, {});
    q.add_sink(std::make_unique<HttpSink>(o));
    q.start();
    q.push(numbered(0));
    BOOST_REQUIRE(eventually([&] { return rx.stalled() == 1u; }));
    const auto report = q.shutdown(std::chrono::milliseconds(200));
    BOOST_TEST(!report.complete);
    BOOST_TEST(report.undelivered() == 1u);
    rx.set_stall(false);
}

BOOST_AUTO_TEST_CASE(a_refusing_endpoint_fails_fast_and_a_returning_one_gets_the_new_alerts) {
    RefusingPort port;
    const std::string url = "http://127.0.0.1:" + std::to_string(port.port()) + "/";
    output::OutputQueue q({}, {});
    auto sink = std::make_unique<HttpSink>(options_for(url));
    auto counters = sink->counters();
    q.add_sink(std::move(sink));
    q.start();
    for (int i = 0; i < 30; ++i) q.push(numbered(i));
    BOOST_REQUIRE(eventually([&] { return q.stats()[0].queued == 0u; }));
    auto s = q.stats()[0];
    BOOST_TEST(s.failed + s.dropped == 30u);
    BOOST_TEST(s.sent == 0u);
    // Each failed alert was tried (at least once; the first ones three times).
    BOOST_TEST(counters->errors >= s.failed);
    port.release();
    Receiver rx(port.port());
    BOOST_REQUIRE(eventually([&] {
        q.push(numbered(100));  // once the backoff has passed, alerts get through
        return rx.received() > 0u;
    }));
    for (int i = 101; i < 110; ++i) q.push(numbered(i));
    const auto report = q.shutdown(std::chrono::seconds(30));
    s = report.sinks[0];
    check_adds_up(s);
    BOOST_TEST(s.sent == rx.received());
    const auto got = numbers(rx.requests());
    BOOST_TEST(std::vector<int>(got.end() - 10, got.end()) == range(100, 110));
}

BOOST_AUTO_TEST_CASE(server_errors_are_retried_with_backoff) {
    Receiver rx;
    rx.fail_next(2);
    HttpSink sink(options_for(rx.url()));
    sink.deliver(output::RenderedAlert(numbered(5), {}));  // 503, 503, then 200
    BOOST_TEST(sink.counters()->posts == 3u);
    BOOST_TEST(sink.counters()->errors == 2u);
    BOOST_TEST(rx.refused() == 2u);
    BOOST_TEST(numbers(rx.requests()) == (std::vector<int>{5}));
    rx.fail_next(3);
    BOOST_CHECK_THROW(sink.deliver(output::RenderedAlert(numbered(6), {})), Error);
    BOOST_TEST(sink.counters()->posts == 6u);
}

BOOST_AUTO_TEST_CASE(a_bad_request_is_not_retried) {
    Receiver rx;
    rx.set_status(400);
    HttpSink sink(options_for(rx.url()));
    BOOST_CHECK_THROW(sink.deliver(output::RenderedAlert(numbered(1), {})), Error);
    BOOST_TEST(sink.counters()->posts == 1u);
    BOOST_TEST(sink.counters()->rejected == 1u);
}

BOOST_AUTO_TEST_CASE(a_refused_alert_neither_waits_in_the_spool_nor_blocks_it) {
    RefusingPort down;
    auto o = options_for("http://127.0.0.1:" + std::to_string(down.port()) + "/");
    o.spool = output::SpoolOptions{dir.file("spool"), 1 << 20, 0, std::chrono::milliseconds(50)};
    HttpSink sink(o);
    // Refused for good when sent at once: failed, not spooled.
    {
        down.release();
        Receiver rx(down.port());
        rx.set_status(400);
        BOOST_CHECK_THROW(sink.deliver(output::RenderedAlert(numbered(1), {})), Error);
        BOOST_TEST(sink.spool_counters()->appended == 0u);
    }
    // Spooled while the endpoint is down, then refused when replayed: taken
    // out (rejected), and the alerts behind it still go.
    BOOST_REQUIRE(eventually([&] {
        try {
            sink.deliver(output::RenderedAlert(numbered(2), {}));
        } catch (const Error&) {
        }
        return sink.spool_counters()->pending == 1u;
    }));
    sink.deliver(output::RenderedAlert(numbered(3), {}));
    Receiver rx(down.port());
    rx.fail_next(1, 400);  // alert 2 is refused, alert 3 is taken
    BOOST_REQUIRE(eventually([&] {
        sink.idle();
        return sink.spool_counters()->pending == 0u;
    }));
    BOOST_TEST(sink.spool_counters()->rejected == 1u);
    BOOST_TEST(numbers(rx.requests()) == (std::vector<int>{3}));
    const auto c = sink.spool_counters();
    BOOST_TEST(c->appended == c->delivered + c->rejected);
    BOOST_TEST(rx.received() == c->delivered);
}

BOOST_AUTO_TEST_CASE(the_spool_keeps_alerts_while_the_endpoint_is_down_and_replays_them_in_order) {
    Receiver first;
    const int port = first.port();
    auto o = options_for(first.url());
    o.spool = output::SpoolOptions{dir.file("spool"), 1 << 20, 0, std::chrono::milliseconds(50)};
    output::OutputQueue q({}, {});
    auto sink = std::make_unique<HttpSink>(o);
    auto spool = sink->spool_counters();
    q.add_sink(std::move(sink));
    q.start();
    for (int i = 0; i < 10; ++i) q.push(numbered(i));
    BOOST_REQUIRE(eventually([&] { return first.received() == 10u; }));
    first.stop();  // connections to its port are now refused
    for (int i = 10; i < 60; ++i) q.push(numbered(i));
    BOOST_REQUIRE(eventually([&] { return spool->pending == 50u; }));
    auto s = q.stats()[0];
    BOOST_TEST(s.sent == 60u);  // delivered or safely spooled
    BOOST_TEST(s.failed == 0u);
    Receiver back(port);  // the endpoint returns: the spool drains on its own
    BOOST_REQUIRE(eventually([&] { return back.received() == 50u; }));
    for (int i = 60; i < 70; ++i) q.push(numbered(i));  // new alerts after the spooled ones
    BOOST_REQUIRE(eventually([&] { return back.received() == 60u; }));
    const auto report = q.shutdown(std::chrono::seconds(30));
    check_adds_up(report.sinks[0]);
    std::vector<int> all = numbers(first.requests());
    const auto later = numbers(back.requests());
    all.insert(all.end(), later.begin(), later.end());
    BOOST_TEST(all == range(0, 70), boost::test_tools::per_element());
    BOOST_TEST(spool->appended == 50u);
    BOOST_TEST(spool->delivered == 50u);
    BOOST_TEST(spool->pending == 0u);
    BOOST_TEST(output::AlertSpool::read_pending(dir.file("spool")).empty());
}

BOOST_AUTO_TEST_CASE(a_full_spool_drops_the_oldest_and_every_alert_is_accounted_for) {
    RefusingPort down;
    const std::string url = "http://127.0.0.1:" + std::to_string(down.port()) + "/";
    const size_t one = 24 + output::RenderedAlert(numbered(10), {}).json().size();
    auto o = options_for(url);
    o.spool = output::SpoolOptions{dir.file("spool"), one * 20, 0, std::chrono::milliseconds(50)};
    output::OutputQueue q({}, {});
    auto sink = std::make_unique<HttpSink>(o);
    auto spool = sink->spool_counters();
    q.add_sink(std::move(sink));
    q.start();
    for (int i = 10; i < 60; ++i) q.push(numbered(i));  // 50 alerts, room for 20
    BOOST_REQUIRE(eventually([&] { return q.stats()[0].sent == 50u; }));
    BOOST_TEST(spool->pending == 20u);
    BOOST_TEST(spool->evicted == 30u);
    down.release();
    Receiver rx(down.port());
    BOOST_REQUIRE(eventually([&] { return rx.received() == 20u; }));
    q.shutdown(std::chrono::seconds(30));
    BOOST_TEST(numbers(rx.requests()) == range(40, 60), boost::test_tools::per_element());
    BOOST_TEST(spool->appended == spool->delivered + spool->evicted);
}

BOOST_AUTO_TEST_SUITE_END()
