// `lanner -e FILE` through the command's library entry point (run_cli), as
// main() calls it: the printed lines, -M, -U, the summary, the exit codes.
#define BOOST_TEST_MODULE lanner_replay_cli
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "app/cli.h"
#include "app/event_printer.h"
#include "capture/capture_reader.h"
#include "capture/synthetic_capture.h"
#include "capture_test_bytes.h"
#include "cli_harness.h"

using namespace lanner;
using namespace lanner::capture;
using lanner::test::contains;
using lanner::test::MemoryFile;

namespace {

// These tests are about replaying and printing records: the default rules
// run, but their alerts are not printed (tests/app covers alerts).
lanner::test::CliRun run_lanner(std::vector<std::string> args) {
    args.insert(args.begin(), {"-o", "stdout_output.enabled=false"});
    return lanner::test::run_lanner(args);
}
class TempCapture {
  public:
    explicit TempCapture(const SyntheticCapture& cap) : TempCapture(cap.bytes()) {}
    explicit TempCapture(const std::vector<uint8_t>& bytes) {
        static int n = 0;
        path_ = (std::filesystem::temp_directory_path() /
                 ("lanner-cli-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".lncap"))
                    .string();
        std::FILE* f = std::fopen(path_.c_str(), "wb");
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    }
    ~TempCapture() { std::filesystem::remove(path_); }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

SyntheticCapture printed_scenario() {
    SyntheticCapture cap;
    cap.add_user(0, "root", 0, "/root", "/bin/bash");
    cap.open(50, "/etc/shadow", 3);
    cap.event("close", 50).set("res", int64_t{0}).set("fd", int64_t{3});
    cap.open(50, "/tmp/a\nb\x1b[31m", -2);
    cap.add_thread(SyntheticThread(60, "/usr/bin/bash"));
    cap.exec(60, "/usr/bin/id", {"-u"}).cpu(3);
    return cap;
}

// Events at 0.5 s, 1.5 s, 2.5 s and 3.5 s after the capture's start.
SyntheticCapture timed_scenario(uint64_t first_offset_ns = 500'000'000) {
    SyntheticCapture cap;
    cap.add_user(0, "root", 0);
    cap.advance(first_offset_ns - cap.next_ts() + cap.info().start_ts);  // first at start + offset
    cap.step(1'000'000'000);
    for (int i = 0; i < 4; ++i) cap.event("setsid", 70).set("res", int64_t{70});
    return cap;
}

}  // namespace

BOOST_AUTO_TEST_CASE(print_events_prints_one_line_per_record) {
    TempCapture file(printed_scenario());
    const auto r = run_lanner({"-e", file.path(), "--print-events"});
    BOOST_TEST(r.code == 0, r.err);
    const auto lines = r.lines();
    BOOST_REQUIRE(lines.size() == 6u);
    BOOST_TEST(
        lines[0] ==
        "1 2024-05-01 01:00:00.000000000 0 <NA> (0/0) userinfo uid=0(root) gid=0(root) name=root "
        "homedir=/root shell=/bin/bash");
    BOOST_TEST(lines[2] ==
               "3 2024-05-01 01:00:00.000001000 0 <NA> (50/50) openat fd=3(<f>/etc/shadow) "
               "dirfd=-100(AT_FDCWD) "
               "name=/etc/shadow flags=0(O_RDONLY) mode=00 dev=0x800001 ino=1000");
    BOOST_TEST(lines[3] ==
               "4 2024-05-01 01:00:00.000002000 0 <NA> (50/50) close res=0 fd=3(<f>/etc/shadow)");
    // A failed call's result names the errno; control characters in a name
    // cannot break the line or reach the terminal.
    BOOST_TEST(lines[4] ==
               "5 2024-05-01 01:00:00.000003000 0 <NA> (50/50) openat fd=-2(ENOENT) "
               "dirfd=-100(AT_FDCWD) name=/tmp/a.b.[31m flags=0(O_RDONLY) mode=00 dev=0x800001 "
               "ino=0");
    // The process name comes from the record when it carries one; cpu 3.
    BOOST_TEST(contains(lines[5],
                        "6 2024-05-01 01:00:00.000004000 3 id (60/60) execve res=0 "
                        "exe=/usr/bin/id args=-u. tid=60(id) pid=60(id) ptid=1 cwd=/"),
               lines[5]);
    BOOST_TEST(
        contains(lines[1], " bash (60/60) threadinfo tid=60(bash) pid=60(bash) ptid=1 comm=bash "),
        lines[1]);
    BOOST_TEST(contains(r.err, "lanner: replayed " + file.path() +
                                   ": 4 events, 2 state records, 0 lost by the driver\n"),
               r.err);
}

BOOST_AUTO_TEST_CASE(without_print_events_only_the_summary) {
    auto cap = printed_scenario();
    cap.event("setsid", 50).set("res", int64_t{50}).lost(12);
    TempCapture file(cap);
    const auto r = run_lanner({"-e", file.path()});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(contains(r.err, ": 5 events, 2 state records, 12 lost by the driver\n"), r.err);
}

BOOST_AUTO_TEST_CASE(duration_stops_at_that_much_capture_time) {
    TempCapture file(timed_scenario());
    auto r = run_lanner({"-e", file.path(), "--print-events", "-M", "2"});
    BOOST_TEST(r.code == 0);
    auto lines = r.lines();
    BOOST_REQUIRE(lines.size() == 3u);  // the state record and the events at 0.5 s and 1.5 s
    BOOST_TEST(contains(lines[2], "01:00:01.500000000"), lines[2]);
    BOOST_TEST(contains(r.err,
                        ": 2 events, 1 state records, 0 lost by the driver; stopped after "
                        "2 s of capture time (-M)"),
               r.err);
    // Fractions of a second; the limit itself is excluded (2.5 s >= 2.5 s).
    r = run_lanner({"-e", file.path(), "-M", "2.5"});
    BOOST_TEST(contains(r.err, ": 2 events,"), r.err);
    r = run_lanner({"-e", file.path(), "-M", "2.5000001"});
    BOOST_TEST(contains(r.err, ": 3 events,"), r.err);
    // 0 is no limit.
    r = run_lanner({"-e", file.path(), "-M", "0"});
    BOOST_TEST(contains(r.err, ": 4 events, 1 state records, 0 lost by the driver\n"), r.err);
}

BOOST_AUTO_TEST_CASE(duration_counts_from_the_capture_start_not_the_first_event) {
    TempCapture file(timed_scenario(5'500'000'000));  // a quiet start: events at 5.5 s ...
    const auto r = run_lanner({"-e", file.path(), "-M", "6"});
    BOOST_TEST(contains(r.err, ": 1 events,"), r.err);
}

BOOST_AUTO_TEST_CASE(bad_durations_are_usage_errors) {
    const auto r = run_lanner({"-e", "x", "-M", "-1"});
    BOOST_TEST(r.code == 2);
    BOOST_TEST(contains(r.err, "-M"), r.err);
    BOOST_TEST(run_lanner({"-e", "x", "-M", "soon"}).code == 2);
}

BOOST_AUTO_TEST_CASE(a_corrupt_capture_fails_after_printing_what_came_before) {
    auto bytes = printed_scenario().bytes();
    const auto offsets = lanner::capture::test::record_offsets(bytes);
    const size_t bad = offsets[3];  // the close record
    lanner::capture::test::poke<uint32_t>(bytes, bad + offsetof(ln_event_hdr, len), 7);
    lanner::capture::test::reseal(bytes);
    TempCapture file(bytes);
    const auto r = run_lanner({"-e", file.path(), "--print-events"});
    BOOST_TEST(r.code == 1);
    BOOST_TEST(r.lines().size() == 3u);
    BOOST_TEST(contains(r.err, "lanner: error: capture " + file.path() + ": byte " +
                                   std::to_string(bad) + ": record 2 of the events block"),
               r.err);
    BOOST_TEST(contains(r.err,
                        ": 1 events, 2 state records, 0 lost by the driver before the "
                        "error\n"),
               r.err);
}

BOOST_AUTO_TEST_CASE(a_cut_capture_replays_with_a_warning) {
    auto bytes = printed_scenario().bytes();
    bytes.resize(bytes.size() - 30);  // into the End block
    TempCapture file(bytes);
    const auto r = run_lanner({"-e", file.path()});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(contains(r.err, "lanner: warning: " + file.path() +
                                   ": the capture ends inside the "
                                   "block at byte"),
               r.err);
    BOOST_TEST(contains(r.err, ": 4 events, 2 state records"), r.err);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_error) {
    const auto r = run_lanner({"-e", "/nonexistent/x.lncap"});
    BOOST_TEST(r.code == 1);
    BOOST_TEST(contains(r.err, "cannot open: No such file or directory"), r.err);
}

BOOST_AUTO_TEST_CASE(usage) {
    auto r = run_lanner({"--bogus"});
    BOOST_TEST(r.code == 2);
    BOOST_TEST(contains(r.err, "The following argument was not expected: --bogus"), r.err);
    r = run_lanner({"--driver", "dtrace"});
    BOOST_TEST(r.code == 2);
    BOOST_TEST(contains(r.err, "--driver"), r.err);
    r = run_lanner({"-N"});
    BOOST_TEST(r.code == 2);
    BOOST_TEST(contains(r.err, "-N needs --list"), r.err);
    r = run_lanner({"--version"});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(contains(r.out, "lanner "), r.out);
    r = run_lanner({"--help"});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(contains(r.out, "--print-events"), r.out);
    r = run_lanner({"--list-events"});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(contains(r.out, "openat [file] syscall openat"), r.out);
}

BOOST_AUTO_TEST_CASE(unbuffered_output_is_written_line_by_line) {
    const auto bytes = printed_scenario().bytes();
    std::vector<uint8_t> record;
    for (bool unbuffered : {false, true}) {
        MemoryFile out;
        const ParamResolver none;
        app::EventPrinter printer(out.get(), 0, none, unbuffered);
        auto r = CaptureReader::from_memory(bytes);
        Event ev;
        BOOST_REQUIRE(r.next(ev));
        printer.print(ev);
        // open_memstream shows only what was flushed to it.
        BOOST_TEST(out.peek().empty() == !unbuffered);
        printer.flush();
        BOOST_TEST(!out.peek().empty());
    }
}
