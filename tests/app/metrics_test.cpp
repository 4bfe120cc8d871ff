// The engine's metrics: Prometheus text exposition (checked by promtool when
// it is installed: scripts/install-deps installs it) and the webserver's
// /healthz and /metrics.
#define BOOST_TEST_MODULE metrics
#include <boost/test/unit_test.hpp>

#include <httplib.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "app/metrics.h"
#include "app/web_server.h"
#include "common/error.h"

using namespace lanner;
using namespace lanner::app;

namespace {

MetricsSnapshot sample() {
    MetricsSnapshot m;
    m.version = "0.1.0";
    m.driver = "ebpf";
    m.uptime_s = 12.5;
    m.events = 1000;
    m.events_by_category = {{"file", 700}, {"net", 300}};
    m.source.records = 1000;
    CpuDropStats c0;
    c0.cpu = 0;
    c0.produced = 600;
    c0.delivered = 590;
    c0.drops[LN_DROP_RING_FULL] = 10;
    CpuDropStats c1;
    c1.cpu = 1;
    c1.produced = 410;
    c1.delivered = 410;
    m.source.per_cpu = {c0, c1};
    m.interest_syscalls = 65;
    m.rules_loaded = 3;
    m.rules_enabled = 2;
    m.alerts = {{"Read sensitive \"file\"\\x", "Warning", 4}, {"Shell in container", "Notice", 1}};
    m.sinks = {{"stdout", 5, 0, 0}, {"http", 3, 2, 1}};
    m.alerts_throttled = 7;
    m.spools = {{"http", 12, 4096, 0}};
    m.cpu_seconds = 0.25;
    m.rss_bytes = 20u << 20;
    return m;
}

std::string promtool() {
    for (const char* p : {"/usr/bin/promtool", "/usr/local/bin/promtool"})
        if (std::filesystem::exists(p)) return p;
    return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(exposition_has_help_type_and_samples) {
    const std::string text = prometheus_text(sample());
    BOOST_TEST(text.find("# HELP lanner_events_total ") != std::string::npos);
    BOOST_TEST(text.find("# TYPE lanner_events_total counter\nlanner_events_total 1000\n") !=
               std::string::npos);
    BOOST_TEST(text.find("lanner_driver_drops_total{cpu=\"0\",cause=\"ring_full\"} 10\n") !=
               std::string::npos);
    BOOST_TEST(text.find("lanner_events_by_category_total{category=\"net\"} 300\n") !=
               std::string::npos);
    // Quotes and backslashes in a rule name are escaped in the label.
    BOOST_TEST(text.find("rule=\"Read sensitive \\\"file\\\"\\\\x\",priority=\"Warning\"} 4") !=
                   std::string::npos,
               text);
    BOOST_TEST(text.find("lanner_output_dropped_total{output=\"http\"} 1\n") != std::string::npos);
    BOOST_TEST(text.find("lanner_alerts_throttled_total 7\n") != std::string::npos);
    BOOST_TEST(text.find("lanner_spool_pending_alerts{output=\"http\"} 12\n") != std::string::npos);
    BOOST_TEST(text.find("lanner_info{version=\"0.1.0\",driver=\"ebpf\"} 1\n") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(promtool_accepts_the_exposition) {
    const std::string tool = promtool();
    if (tool.empty()) {
        BOOST_TEST(std::getenv("CI") == nullptr, "promtool is missing (scripts/install-deps)");
        return;
    }
    const auto path = std::filesystem::temp_directory_path() / "lanner-metrics-test.txt";
    std::ofstream(path) << prometheus_text(sample());
    const std::string cmd = tool + " check metrics < " + path.string() + " 2>&1";
    std::FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    const int status = pclose(p);
    std::filesystem::remove(path);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(out.empty(), out);  // no lint complaints either
}

BOOST_AUTO_TEST_CASE(webserver_serves_healthz_and_metrics) {
    MetricsBoard board;
    WebServerOptions o;
    o.listen_port = 0;  // any free port
    o.prometheus_metrics = true;
    WebServer server(o, board);
    httplib::Client client("127.0.0.1", server.port());
    auto health = client.Get("/healthz");
    BOOST_REQUIRE(health);
    BOOST_TEST(health->status == 200);
    BOOST_TEST(health->body == "{\"status\": \"ok\"}");
    auto none = client.Get("/metrics");
    BOOST_REQUIRE(none);
    BOOST_TEST(none->status == 503);  // nothing published yet
    board.publish(sample());
    auto metrics = client.Get("/metrics");
    BOOST_REQUIRE(metrics);
    BOOST_TEST(metrics->status == 200);
    BOOST_TEST(metrics->body == prometheus_text(sample()));
    BOOST_TEST(client.Get("/nothing")->status == 404);
}

BOOST_AUTO_TEST_CASE(metrics_stay_off_unless_enabled) {
    MetricsBoard board;
    board.publish(sample());
    WebServerOptions o;
    o.listen_port = 0;
    o.healthz_endpoint = "/ready";
    WebServer server(o, board);
    httplib::Client client("127.0.0.1", server.port());
    BOOST_TEST(client.Get("/ready")->status == 200);
    BOOST_TEST(client.Get("/metrics")->status == 404);
}

BOOST_AUTO_TEST_CASE(a_taken_port_is_an_error_naming_it) {
    MetricsBoard board;
    WebServerOptions o;
    o.listen_port = 0;
    WebServer first(o, board);
    o.listen_port = first.port();
    try {
        WebServer second(o, board);
        BOOST_FAIL("bound a port already in use");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())) !=
                   std::string::npos);
    }
}

// Prometheus itself (Debian's package, installed by scripts/install-deps)
// scrapes the webserver: the target is up and the samples are queryable.
BOOST_AUTO_TEST_CASE(prometheus_scrapes_the_metrics_endpoint) {
    if (!std::filesystem::exists("/usr/bin/prometheus")) {
        BOOST_TEST(std::getenv("CI") == nullptr, "prometheus is missing (scripts/install-deps)");
        return;
    }
    MetricsBoard board;
    board.publish(sample());
    WebServerOptions o;
    o.listen_port = 0;
    o.prometheus_metrics = true;
    WebServer server(o, board);

    const auto dir =
        std::filesystem::temp_directory_path() / ("lanner-prom-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "prometheus.yml")
        << "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        << "scrape_configs:\n  - job_name: lanner\n    static_configs:\n"
        << "      - targets: ['127.0.0.1:" << server.port() << "']\n";
    // Prometheus on a free port of its own: ask the kernel for one.
    uint16_t prom_port = 0;
    {
        WebServerOptions probe;
        probe.listen_port = 0;
        WebServer tmp(probe, board);
        prom_port = tmp.port();
    }
    const pid_t pid = fork();
    if (pid == 0) {
        const std::string cfg = "--config.file=" + (dir / "prometheus.yml").string();
        const std::string data = "--storage.tsdb.path=" + (dir / "data").string();
        const std::string listen = "--web.listen-address=127.0.0.1:" + std::to_string(prom_port);
        std::freopen("/dev/null", "w", stderr);
        execl("/usr/bin/prometheus", "prometheus", cfg.c_str(), data.c_str(), listen.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    httplib::Client prom("127.0.0.1", prom_port);
    std::string body;
    bool up = false;
    for (int i = 0; i < 300 && !up; ++i) {  // up to 30 s for the first scrape
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        auto r = prom.Get("/api/v1/query?query=lanner_events_total");
        if (r && r->status == 200 && r->body.find("\"1000\"") != std::string::npos) {
            body = r->body;
            up = true;
        }
    }
    auto health = prom.Get("/api/v1/query?query=up%7Bjob%3D%22lanner%22%7D");
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    std::filesystem::remove_all(dir);
    BOOST_TEST(up, "prometheus never saw lanner_events_total = 1000");
    BOOST_REQUIRE(health);
    BOOST_TEST(health->body.find("\"value\":[") != std::string::npos, health->body);
    BOOST_TEST(health->body.find("\"1\"]") != std::string::npos, health->body);  // up == 1
}
