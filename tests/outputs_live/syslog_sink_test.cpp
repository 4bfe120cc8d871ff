// The syslog sink against rsyslogd (Debian's rsyslog), started by the test
// with its own configuration: listening on a test socket, writing what it
// receives to a file with facility, severity, program and pid. Lines and
// severities as the rule priorities say; a restarted daemon is reconnected to.
#define BOOST_TEST_MODULE outputs_live_syslog
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include "../output/sinks_harness.h"
#include "live_harness.h"
#include "output/output_queue.h"
#include "output/syslog_sink.h"

using namespace lanner;
using namespace lanner::live_test;
using rules::Priority;

namespace {

constexpr const char* kRsyslogd = "/usr/sbin/rsyslogd";

// rsyslogd in the foreground, on `dir`/log.sock, writing
// "facility.severity program pid [message]" lines to `dir`/received.log.
class Rsyslog {
  public:
    explicit Rsyslog(const TempDir& dir)
        : socket_(dir.file("log.sock")), out_(dir.file("received.log")), dir_(dir.path()) {
        write_file(dir.file("rsyslog.conf"),
                   "global(workDirectory=\"" + dir.path().string() +
                       "\")\n"
                       "module(load=\"imuxsock\" SysSock.Use=\"off\")\n"
                       "input(type=\"imuxsock\" Socket=\"" +
                       socket_ +
                       "\" RateLimit.Interval=\"0\" CreatePath=\"on\")\n"
                       "template(name=\"t\" type=\"string\" string=\"%syslogfacility-text%."
                       "%syslogseverity-text% %programname% %procid% [%msg:2:$%]\\n\")\n"
                       "*.* action(type=\"omfile\" file=\"" +
                       out_ + "\" template=\"t\")\n");
        start();
    }
    void start() {
        ::unlink(socket_.c_str());
        proc_ = std::make_unique<Process>(
            std::vector<std::string>{kRsyslogd, "-n", "-f", (dir_ / "rsyslog.conf").string(), "-i",
                                     (dir_ / "rsyslogd.pid").string()},
            false, (dir_ / "rsyslogd.out").string(), (dir_ / "rsyslogd.out").string());
        BOOST_REQUIRE_MESSAGE(
            eventually([&] { return fs::exists(socket_); }),
            "rsyslogd did not create its socket: " + slurp((dir_ / "rsyslogd.out").string()));
    }
    void stop() {
        proc_->kill(SIGTERM);
        proc_->wait();
        ::unlink(socket_.c_str());
    }
    const std::string& socket() const { return socket_; }
    std::vector<std::string> lines() const { return lines_of(slurp(out_)); }
    bool has_lines(size_t n) const {
        return eventually([&] { return lines().size() >= n; });
    }

  private:
    std::string socket_, out_;
    fs::path dir_;
    std::unique_ptr<Process> proc_;
};

struct Fixture {
    TempDir dir;
    Fixture() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

output::SyslogSinkOptions options_for(const Rsyslog& r) {
    output::SyslogSinkOptions o;
    o.socket_path = r.socket();
    return o;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(syslog_sink, Fixture)

BOOST_AUTO_TEST_CASE(messages_are_formatted_as_syslog_3_sends_them) {
    BOOST_TEST(output::SyslogSink::pri(Priority::Emergency) == 24);  // LOG_DAEMON | LOG_EMERG
    BOOST_TEST(output::SyslogSink::pri(Priority::Warning) == 28);
    BOOST_TEST(output::SyslogSink::pri(Priority::Debug) == 31);
    BOOST_TEST(
        output::SyslogSink::format_message(Priority::Warning, 1704459787, "lanner", 42, "text") ==
        "<28>Jan  5 13:03:07 lanner[42]: text");
    BOOST_TEST(output::SyslogSink::format_message(Priority::Critical, 1706706187, "lanner", 7,
                                                  "x") == "<26>Jan 31 13:03:07 lanner[7]: x");
}

BOOST_AUTO_TEST_CASE(rsyslog_receives_every_alert_with_the_severity_of_its_priority) {
    if (!require_program(kRsyslogd, "rsyslog")) return;
    Rsyslog rsyslog(dir);
    output::OutputQueue q({}, {});
    q.add_sink(std::make_unique<output::SyslogSink>(options_for(rsyslog)));
    q.start();
    const std::vector<std::pair<Priority, std::string>> levels = {
        {Priority::Emergency, "emerg"},    {Priority::Alert, "alert"},
        {Priority::Critical, "crit"},      {Priority::Error, "err"},
        {Priority::Warning, "warning"},    {Priority::Notice, "notice"},
        {Priority::Informational, "info"}, {Priority::Debug, "debug"}};
    for (const auto& [p, name] : levels) q.push(test::make_alert("r", "sev " + name, p));
    // And a burst: none may be lost while the daemon is healthy.
    for (int i = 0; i < 500; ++i) q.push(test::make_alert("r", "burst " + std::to_string(i)));
    const auto report = q.shutdown(std::chrono::seconds(20));
    BOOST_TEST(report.sinks[0].sent == 508u);
    BOOST_TEST(report.sinks[0].failed == 0u);
    BOOST_REQUIRE(rsyslog.has_lines(508));
    const auto lines = rsyslog.lines();
    const std::string pid = std::to_string(getpid());
    for (size_t i = 0; i < levels.size(); ++i)
        BOOST_TEST(lines[i] == "daemon." + levels[i].second + " lanner " + pid +
                                   " [13:03:07.123456789: " +
                                   std::string(rules::priority_name(levels[i].first)) + " sev " +
                                   levels[i].second + "]");
    for (int i = 0; i < 500; ++i)
        BOOST_TEST(lines[8 + static_cast<size_t>(i)] == "daemon.warning lanner " + pid +
                                                            " [13:03:07.123456789: Warning burst " +
                                                            std::to_string(i) + "]");
}

BOOST_AUTO_TEST_CASE(json_output_sends_the_json_object) {
    if (!require_program(kRsyslogd, "rsyslog")) return;
    Rsyslog rsyslog(dir);
    output::RenderOptions render;
    render.json_output = true;
    output::SyslogSink sink(options_for(rsyslog));
    sink.deliver(output::RenderedAlert(test::make_alert("r", "m", Priority::Error), render));
    BOOST_REQUIRE(rsyslog.has_lines(1));
    const auto line = rsyslog.lines().at(0);
    BOOST_TEST(line.starts_with("daemon.err lanner "));
    BOOST_TEST(line.find("[{\"hostname\":\"h\",\"output\":\"13:03:07.123456789: Error m\"") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_restarted_daemon_is_reconnected_to_and_the_counts_add_up) {
    if (!require_program(kRsyslogd, "rsyslog")) return;
    Rsyslog rsyslog(dir);
    output::OutputQueue q({}, {});
    q.add_sink(std::make_unique<output::SyslogSink>(options_for(rsyslog)));
    q.start();
    q.push(test::make_alert("r", "before"));
    BOOST_REQUIRE(rsyslog.has_lines(1));
    rsyslog.stop();
    q.push(test::make_alert("r", "while down"));  // nobody listens: failed
    BOOST_REQUIRE(eventually([&] { return q.stats()[0].failed == 1u; }));
    rsyslog.start();  // a new socket at the same path
    q.push(test::make_alert("r", "after"));
    const auto report = q.shutdown(std::chrono::seconds(20));
    const auto& s = report.sinks[0];
    BOOST_TEST(s.sent == 2u);
    BOOST_TEST(s.failed == 1u);
    BOOST_TEST(s.sent + s.failed + s.dropped + s.queued == s.offered);
    BOOST_REQUIRE(rsyslog.has_lines(2));
    const auto lines = rsyslog.lines();
    BOOST_TEST(lines.at(0).ends_with("Warning before]"));
    BOOST_TEST(lines.at(1).ends_with("Warning after]"));
}

BOOST_AUTO_TEST_CASE(no_daemon_fails_the_alert_with_a_message_naming_the_socket) {
    output::SyslogSinkOptions o;
    o.socket_path = dir.file("nobody.sock");
    output::SyslogSink sink(o);
    try {
        sink.deliver(output::RenderedAlert(test::make_alert("r", "m"), {}));
        BOOST_FAIL("delivered to nobody");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find(o.socket_path) != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
