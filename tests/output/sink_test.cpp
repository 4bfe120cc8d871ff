// The stdout and file sinks: lines written, append, keep_alive, reopen
// after a logrotate-style rename, errors reported.
#define BOOST_TEST_MODULE output_sinks
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "output/file_sink.h"
#include "output/output_queue.h"
#include "output/stdout_sink.h"
#include "sinks_harness.h"
#include "temp_dir.h"

using lanner::test::TempDir;

using namespace lanner;
using namespace lanner::test;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Fixture {
    TempDir dir;
    output::RenderOptions text;
    Fixture() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
    output::RenderedAlert alert(const std::string& message) {
        return output::RenderedAlert(make_alert("r", message), text);
    }
    std::string line(const std::string& message) {
        return "13:03:07.123456789: Warning " + message + "\n";
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sinks, Fixture)

BOOST_AUTO_TEST_CASE(stdout_sink_writes_one_line_per_alert) {
    std::FILE* f = std::tmpfile();
    BOOST_REQUIRE(f);
    output::StdoutSink sink(f);
    BOOST_TEST(sink.name() == "stdout");
    sink.deliver(alert("one"));
    sink.deliver(alert("two"));
    sink.flush();
    std::rewind(f);
    char buf[256] = {};
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    BOOST_TEST(std::string(buf, n) == line("one") + line("two"));
    std::fclose(f);
}

BOOST_AUTO_TEST_CASE(stdout_sink_reports_write_errors) {
    std::FILE* full = std::fopen("/dev/full", "w");
    if (!full) return;  // no /dev/full here
    output::StdoutSink sink(full);
    BOOST_CHECK_NO_THROW(sink.deliver(alert("buffered by stdio")));
    try {
        sink.flush();
        BOOST_FAIL("flush to /dev/full succeeded");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("No space left") != std::string::npos, e.what());
    }
    std::fclose(full);
}

BOOST_AUTO_TEST_CASE(file_sink_appends_and_creates_files_private) {
    const fs::path p = dir.path() / "alerts.txt";
    { std::ofstream(p) << "earlier line\n"; }
    output::FileSink sink(p.string(), true);
    BOOST_TEST(sink.name() == "file " + p.string());
    sink.deliver(alert("a"));
    BOOST_TEST(slurp(p) == "earlier line\n");  // kept until the flush
    sink.deliver(alert("b"));
    sink.flush();
    BOOST_TEST(slurp(p) == "earlier line\n" + line("a") + line("b"));
    sink.close();

    const fs::path fresh = dir.path() / "fresh.txt";
    output::FileSink created(fresh.string(), false);
    created.deliver(alert("c"));
    struct stat st {};
    BOOST_REQUIRE(stat(fresh.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
}

BOOST_AUTO_TEST_CASE(keep_alive_false_writes_each_alert_at_once) {
    const fs::path p = dir.path() / "alerts.txt";
    output::FileSink sink(p.string(), false);
    sink.deliver(alert("a"));
    BOOST_TEST(slurp(p) == line("a"));
    // Every alert opens the path anew: a renamed file is left alone.
    fs::rename(p, dir.path() / "alerts.txt.1");
    sink.deliver(alert("b"));
    BOOST_TEST(slurp(p) == line("b"));
    BOOST_TEST(slurp(dir.path() / "alerts.txt.1") == line("a"));
}

BOOST_AUTO_TEST_CASE(reopen_after_rename_writes_a_new_file) {
    const fs::path p = dir.path() / "alerts.txt";
    const fs::path rotated = dir.path() / "alerts.txt.1";
    output::FileSink sink(p.string(), true);
    sink.deliver(alert("a"));
    sink.flush();
    fs::rename(p, rotated);  // logrotate moves the file...
    sink.deliver(alert("b"));
    sink.flush();  // ...which the open file still is
    BOOST_TEST(!fs::exists(p));
    sink.reopen();  // SIGUSR1
    sink.deliver(alert("c"));
    sink.flush();
    BOOST_TEST(slurp(rotated) == line("a") + line("b"));
    BOOST_TEST(slurp(p) == line("c"));
}

BOOST_AUTO_TEST_CASE(file_errors_name_the_path_and_recover) {
    const fs::path sub = dir.path() / "missing";
    const fs::path p = sub / "alerts.txt";
    output::FileSink sink(p.string(), true);
    sink.deliver(alert("lost"));
    try {
        sink.flush();
        BOOST_FAIL("flush into a missing directory succeeded");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find(p.string()) != std::string::npos, e.what());
    }
    fs::create_directory(sub);
    sink.deliver(alert("kept"));
    sink.flush();
    BOOST_TEST(slurp(p) == line("kept"));  // the failed alert is not written late
    BOOST_CHECK_THROW(output::FileSink("", true), Error);
}

BOOST_AUTO_TEST_CASE(queue_to_file_with_json_output_and_sigusr1) {
    const fs::path p = dir.path() / "alerts.json";
    const fs::path rotated = dir.path() / "alerts.json.1";
    output::RenderOptions json;
    json.json_output = true;
    output::OutputQueueOptions o;
    o.capacity = 100;
    output::OutputQueue q(o, json);
    q.add_sink(std::make_unique<output::FileSink>(p.string(), true));
    q.start();
    q.push(make_alert("r", "first"));
    BOOST_REQUIRE(eventually([&] { return q.stats()[0].sent == 1; }));
    fs::rename(p, rotated);
    q.reopen();
    q.push(make_alert("r", "second"));
    const auto report = q.shutdown(std::chrono::seconds(20));
    BOOST_TEST(report.sinks[0].sent == 2u);
    const auto old_line = slurp(rotated);
    const auto new_line = slurp(p);
    BOOST_REQUIRE(!old_line.empty());
    BOOST_REQUIRE(!new_line.empty());
    BOOST_TEST(old_line.back() == '\n');
    BOOST_TEST(nlohmann::json::parse(old_line)["output"] == "13:03:07.123456789: Warning first");
    BOOST_TEST(nlohmann::json::parse(new_line)["output"] == "13:03:07.123456789: Warning second");
}

BOOST_AUTO_TEST_SUITE_END()
