// The program sink against real programs reading their stdin: one run per
// alert (Falco's keep_alive false), one kept program (keep_alive true), one
// that dies after every alert and is restarted without losing any, one that
// stops reading. No zombie is left and SIGPIPE never reaches the engine.
#define BOOST_TEST_MODULE outputs_live_program
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <set>

#include "../output/sinks_harness.h"
#include "live_harness.h"
#include "output/output_queue.h"
#include "output/program_sink.h"

using namespace lanner;
using namespace lanner::live_test;
using output::ProgramSink;
using output::ProgramSinkOptions;

namespace {

struct Fixture {
    TempDir dir;
    std::string out = dir.file("received.txt");
    output::RenderOptions render;
    Fixture() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
    output::RenderedAlert alert(const std::string& msg) {
        return output::RenderedAlert(test::make_alert("r", msg), render);
    }
    std::vector<std::string> received() const { return lines_of(slurp(out)); }
    // Every line the programs wrote is "<their pid> <the alert's message>".
    std::vector<std::string> messages() const {
        std::vector<std::string> v;
        for (const auto& l : received()) v.push_back(l.substr(l.find(' ') + 1));
        return v;
    }
    std::set<std::string> pids() const {
        std::set<std::string> s;
        for (const auto& l : received()) s.insert(l.substr(0, l.find(' ')));
        return s;
    }
};

// No child of this process is left unreaped (running or zombie).
bool no_children() {
    int status = 0;
    return waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD;
}

std::string expected_line(int i) {
    return "13:03:07.123456789: Warning alert " + std::to_string(i);
}

std::vector<std::string> expected(int n) {
    std::vector<std::string> v;
    for (int i = 0; i < n; ++i) v.push_back(expected_line(i));
    return v;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(program_sink, Fixture)

BOOST_AUTO_TEST_CASE(without_keep_alive_the_program_runs_once_per_alert) {
    ProgramSinkOptions o;
    o.command = "read -r line; echo \"$$ ${line#*: Warning }\" >> " + out;
    o.keep_alive = false;
    ProgramSink sink(o);
    for (int i = 0; i < 5; ++i) sink.deliver(alert("alert " + std::to_string(i)));
    BOOST_TEST(messages() == (std::vector<std::string>{"alert 0", "alert 1", "alert 2", "alert 3",
                                                       "alert 4"}),
               boost::test_tools::per_element());
    BOOST_TEST(pids().size() == 5u);
    BOOST_TEST(sink.counters()->starts == 5u);
    BOOST_TEST(no_children());
}

BOOST_AUTO_TEST_CASE(a_failing_run_fails_its_alert) {
    ProgramSinkOptions o;
    o.command = "cat > /dev/null; exit 3";
    ProgramSink sink(o);
    try {
        sink.deliver(alert("m"));
        BOOST_FAIL("a program exiting with status 3 took the alert");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("exit status 3") != std::string::npos);
    }
    BOOST_TEST(no_children());
}

BOOST_AUTO_TEST_CASE(with_keep_alive_one_program_takes_every_alert) {
    ProgramSinkOptions o;
    o.command = "while read -r line; do echo \"$$ $line\"; done >> " + out;
    o.keep_alive = true;
    output::OutputQueue q({}, render);
    auto sink = std::make_unique<ProgramSink>(o);
    auto counters = sink->counters();
    q.add_sink(std::move(sink));
    q.start();
    for (int i = 0; i < 300; ++i) q.push(test::make_alert("r", "alert " + std::to_string(i)));
    const auto report = q.shutdown(std::chrono::seconds(20));  // EOF; the program finishes
    BOOST_TEST(report.sinks[0].sent == 300u);
    BOOST_TEST(messages() == expected(300), boost::test_tools::per_element());
    BOOST_TEST(pids().size() == 1u);
    BOOST_TEST(counters->starts == 1u);
    BOOST_TEST(counters->lost == 0u);
    BOOST_TEST(no_children());
}

BOOST_AUTO_TEST_CASE(a_program_that_dies_is_restarted_and_no_alert_is_lost) {
    // Each program takes exactly one alert (sh's read takes one line) and
    // exits; the rest are written again to the next one.
    ProgramSinkOptions o;
    o.command = "read -r line && echo \"$$ $line\" >> " + out;
    o.keep_alive = true;
    o.restart_backoff_min = std::chrono::milliseconds(1);
    o.restart_backoff_max = std::chrono::milliseconds(4);
    o.reap_interval = std::chrono::milliseconds(5);
    output::OutputQueue q({}, render);
    auto sink = std::make_unique<ProgramSink>(o);
    auto counters = sink->counters();
    q.add_sink(std::move(sink));
    q.start();
    const int n = 25;
    for (int i = 0; i < n; ++i) q.push(test::make_alert("r", "alert " + std::to_string(i)));
    BOOST_REQUIRE(eventually([&] { return received().size() >= static_cast<size_t>(n); }));
    const auto report = q.shutdown(std::chrono::seconds(20));
    BOOST_TEST(messages() == expected(n), boost::test_tools::per_element());
    BOOST_TEST(pids().size() == static_cast<size_t>(n));  // one program per alert
    BOOST_TEST(counters->restarts >= static_cast<uint64_t>(n - 1));
    BOOST_TEST(counters->lost == 0u);
    BOOST_TEST(report.sinks[0].sent == static_cast<uint64_t>(n));
    BOOST_TEST(report.sinks[0].failed == 0u);
    BOOST_TEST(no_children());
}

BOOST_AUTO_TEST_CASE(a_program_that_stops_reading_is_replaced_and_the_alert_fails) {
    ProgramSinkOptions o;
    o.command = "exec 0<&-; exec sleep 30";  // alive, but closed its stdin
    o.keep_alive = true;
    o.restart_backoff_min = std::chrono::milliseconds(1);
    o.restart_backoff_max = std::chrono::milliseconds(2);
    o.close_wait = std::chrono::milliseconds(100);
    ProgramSink sink(o);
    // A line written before the program closes its stdin sits in the pipe;
    // a write after it fails, the program is replaced (SIGTERM) and the lines
    // it left unread go to the next one. None is ever read. Which writes
    // land before a close is up to the scheduler: an alert either fails at
    // once (deliver throws, when the replacements keep closing too) or is
    // lost at close(); every one is one or the other.
    unsigned failed = 0;
    for (int i = 0; i < 10; ++i) {
        try {
            sink.deliver(alert("m"));
        } catch (const Error&) {
            ++failed;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    BOOST_TEST(sink.counters()->restarts >= 1u);
    sink.close();
    BOOST_TEST(sink.counters()->lost + failed == 10u);
    BOOST_TEST(no_children());
}

BOOST_AUTO_TEST_CASE(sigpipe_never_reaches_the_engine) {
    // Called from this thread, whose SIGPIPE is not blocked: a program that
    // exits at once makes the writes fail with EPIPE, and this test process
    // must survive it.
    ProgramSinkOptions o;
    o.command = "exit 0";
    o.keep_alive = true;
    o.restart_backoff_min = std::chrono::milliseconds(1);
    o.restart_backoff_max = std::chrono::milliseconds(1);
    ProgramSink sink(o);
    for (int i = 0; i < 20; ++i) {
        try {
            sink.deliver(alert(std::string(70000, 'x')));  // more than a pipe holds
        } catch (const Error&) {
        }
    }
    sigset_t pending;
    sigpending(&pending);
    BOOST_TEST(!sigismember(&pending, SIGPIPE));
    sink.close();
    BOOST_TEST(no_children());
}

BOOST_AUTO_TEST_CASE(cancel_unblocks_a_delivery_stuck_on_a_program) {
    ProgramSinkOptions o;
    o.command = "exec sleep 30";  // takes the line into the pipe, never exits on its own
    ProgramSink sink(o);
    std::atomic<bool> returned{false};
    std::thread t([&] {
        try {
            sink.deliver(alert("m"));
        } catch (const Error&) {
        }
        returned = true;
    });
    BOOST_REQUIRE(eventually([&] { return sink.counters()->starts == 1u; }));
    sink.cancel();
    BOOST_TEST(eventually([&] { return returned.load(); }));
    t.join();
    BOOST_TEST(no_children());
}

BOOST_AUTO_TEST_SUITE_END()
