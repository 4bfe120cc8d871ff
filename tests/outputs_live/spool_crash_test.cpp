// The spool's promise, with the real `lanner` binary, as the issue states
// it: stop the receiver, raise 1,000 alerts, kill -9 the engine, restart
// it, start the receiver: all 1,000 arrive exactly once, in order.
//
// The engine replays a synthetic capture from a pipe (-e -) whose 1,000
// openat events each fire a rule; the test holds the pipe open without the
// capture's End block, so the engine stays up after the last event, as a
// live engine would. With the endpoint refusing connections, every alert
// goes to the spool; once the spool holds all 1,000 the test sends SIGKILL.
// A second engine on the same spool (its capture has no alerting event)
// starts with the endpoint still down; then the receiver starts, and the
// spool drains into it. The receiver must get each of the 1,000 exactly
// once and in order, and the spool must be empty when the engine ends.
#define BOOST_TEST_MODULE outputs_live_spool_crash
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "capture/capture_format.h"
#include "capture/synthetic_capture.h"
#include "live_harness.h"
#include "output/alert_spool.h"

using namespace lanner;
using namespace lanner::live_test;

namespace {

constexpr int kAlerts = 1000;

// A capture of `alerts` openat events under /spool-test/, each matching
// the test rule, without its End block (the stream looks unfinished).
std::vector<uint8_t> unfinished_capture(int alerts) {
    capture::SyntheticCapture cap;
    cap.add_standard_accounts();
    cap.add_thread(capture::SyntheticThread(100, "/usr/bin/cat"));
    for (int i = 0; i < alerts; ++i) cap.open(100, "/spool-test/" + std::to_string(i), 3);
    std::vector<uint8_t> bytes = cap.bytes();
    const size_t end_block = sizeof(capture::BlockHeader) + sizeof(capture::EndPayload);
    BOOST_REQUIRE(bytes.size() > end_block);
    bytes.resize(bytes.size() - end_block);
    return bytes;
}

struct Engine {
    std::unique_ptr<Process> proc;
    std::string log;
    Engine(const TempDir& dir, const std::string& name, int port,
           const std::vector<uint8_t>& capture) {
        log = dir.file(name + ".log");
        proc = std::make_unique<Process>(
            std::vector<std::string>{
                LANNER_BIN, "-c", dir.file("lanner.yaml"), "-r", dir.file("rules.yaml"), "-e", "-",
                "-o", "http_output.enabled=true", "-o",
                "http_output.url=http://127.0.0.1:" + std::to_string(port) + "/", "-o",
                "http_output.spool.dir=" + dir.file("spool")},
            true, log, log);
        BOOST_REQUIRE(proc->write_stdin(capture.data(), capture.size()));
    }
};

std::vector<int> numbers_of(const std::vector<std::string>& bodies) {
    std::vector<int> v;
    for (const auto& b : bodies) {
        const auto j = nlohmann::json::parse(b);
        const std::string name = j["output_fields"]["fd.name"];
        v.push_back(std::stoi(name.substr(name.rfind('/') + 1)));
    }
    return v;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_thousand_alerts_survive_kill_9_and_arrive_exactly_once_in_order) {
    TempDir dir;
    write_file(dir.file("rules.yaml"),
               "- rule: Spool test\n"
               "  desc: every open under /spool-test\n"
               "  condition: evt.type = openat and fd.name startswith /spool-test/\n"
               "  output: opened %fd.name\n"
               "  priority: WARNING\n");
    write_file(dir.file("lanner.yaml"),
               "stdout_output: {enabled: false}\n"
               "syslog_output: {enabled: false}\n"
               "log_syslog: false\n"
               "webserver: {enabled: false}\n"
               "rules_files: []\n");
    RefusingPort endpoint;  // down: connections refused
    const std::string spool = dir.file("spool");

    {
        Engine first(dir, "first", endpoint.port(), unfinished_capture(kAlerts));
        const bool spooled = eventually(
            [&] {
                return output::AlertSpool::read_pending(spool).size() ==
                           static_cast<size_t>(kAlerts) ||
                       !first.proc->running();
            },
            std::chrono::seconds(60));
        BOOST_REQUIRE_MESSAGE(spooled && first.proc->running(),
                              "the engine did not spool the alerts: " + slurp(first.log));
        first.proc->kill(SIGKILL);
        const int status = first.proc->wait();
        BOOST_REQUIRE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    }
    const auto pending = output::AlertSpool::read_pending(spool);
    BOOST_REQUIRE(pending.size() == static_cast<size_t>(kAlerts));

    // Restarted with the endpoint still down: the alerts wait, and the
    // engine has tried to send them (and backs off) before the receiver is up.
    Engine second(dir, "second", endpoint.port(), unfinished_capture(0));
    BOOST_REQUIRE_MESSAGE(eventually([&] {
                              const std::string log = slurp(second.log);
                              return log.find("1000 alert(s) waiting") != std::string::npos &&
                                     log.find("retrying in") != std::string::npos;
                          }),
                          slurp(second.log));
    BOOST_TEST(second.proc->running());

    endpoint.release();
    Receiver rx(endpoint.port());
    BOOST_REQUIRE_MESSAGE(eventually([&] { return rx.received() >= static_cast<size_t>(kAlerts); },
                                     std::chrono::seconds(90)),
                          std::to_string(rx.received()) + " received; " + slurp(second.log));
    second.proc->close_stdin();  // the capture ends: the engine drains and exits
    BOOST_REQUIRE(second.proc->wait_for(std::chrono::seconds(60)));
    const int status = second.proc->wait();
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0), slurp(second.log));

    std::vector<std::string> bodies;
    for (const auto& r : rx.requests()) bodies.push_back(r.body);
    std::vector<int> expected;
    for (int i = 0; i < kAlerts; ++i) expected.push_back(i);
    BOOST_TEST(rx.received() == static_cast<size_t>(kAlerts));  // none twice
    BOOST_TEST(numbers_of(bodies) == expected, boost::test_tools::per_element());
    BOOST_TEST(bodies.front() == pending.front());  // the very bytes spooled
    BOOST_TEST(output::AlertSpool::read_pending(spool).empty());
    BOOST_TEST_MESSAGE("first engine:\n"
                       << slurp(dir.file("first.log")) << "second engine:\n"
                       << slurp(second.log));
}
