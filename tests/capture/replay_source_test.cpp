// ReplaySource: the state section first, then the events in file order; or
// the state section through seed_state() and then the events; drop counts
// from the records' 'lost' fields.
#define BOOST_TEST_MODULE replay_source
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "capture/capture_reader.h"
#include "capture/synthetic_capture.h"
#include "common/error.h"
#include "schema/event_table.h"
#include "source/replay_source.h"

using namespace lanner;
using namespace lanner::capture;

namespace {

SyntheticCapture scenario() {
    SyntheticCapture cap;
    cap.add_standard_accounts();  // 7 records
    cap.add_thread(SyntheticThread(42, "/usr/bin/bash"));
    cap.add_fd(42, 3, "/var/log/app.log");
    cap.open(42, "/etc/passwd", 4).lost(5);
    cap.spawn(42, 43, "/usr/bin/id", {"-u"});  // clone, clone, execve
    cap.exit(43).lost(2);
    return cap;
}

std::chrono::milliseconds no_wait{0};

}  // namespace

BOOST_AUTO_TEST_CASE(delivers_the_state_section_then_the_events) {
    const auto bytes = scenario().bytes();
    ReplaySource src(CaptureReader::from_memory(bytes));
    BOOST_TEST(src.kind() == "replay");
    src.start();
    std::vector<std::string> names;
    std::vector<bool> in_state;
    Event ev;
    while (src.next(ev, no_wait) == NextStatus::Event) {
        names.emplace_back(schema::event_info(ev.type()).name);
        in_state.push_back(src.in_state_section());
    }
    const std::vector<std::string> want = {
        "userinfo",   "userinfo", "userinfo", "groupinfo", "groupinfo", "groupinfo", "groupinfo",
        "threadinfo", "fdinfo",   "openat",   "clone",     "clone",     "execve",    "procexit"};
    BOOST_TEST(names == want, boost::test_tools::per_element());
    for (size_t i = 0; i < in_state.size(); ++i) BOOST_TEST(in_state[i] == (i < 9));
    const auto s = src.stats();
    BOOST_TEST(s.records == 14u);
    BOOST_TEST(s.lost_in_records == 7u);
    BOOST_TEST(s.per_cpu.empty());
    BOOST_TEST(src.reader_stats().state_records == 9u);
    BOOST_TEST(src.reader_stats().event_records == 5u);
    BOOST_TEST(!src.incomplete_tail().has_value());
    // Exhausted stays exhausted.
    BOOST_TEST((src.next(ev, no_wait) == NextStatus::End));
}

BOOST_AUTO_TEST_CASE(seed_state_takes_the_state_section_apart) {
    const auto bytes = scenario().bytes();
    ReplaySource src(CaptureReader::from_memory(bytes));
    std::vector<uint16_t> seeded;
    const auto n = src.seed_state([&](const Event& e) { seeded.push_back(e.type()); });
    BOOST_TEST(n == 9u);
    BOOST_TEST(seeded.size() == 9u);
    BOOST_TEST(seeded[7] == LN_EVT_THREADINFO);
    BOOST_TEST(seeded[8] == LN_EVT_FDINFO);
    Event ev;
    BOOST_REQUIRE((src.next(ev, no_wait) == NextStatus::Event));
    BOOST_TEST(ev.type() == LN_EVT_OPENAT);  // the event read while finding the section's end
    BOOST_TEST(ev.str(2) == "/etc/passwd");
    BOOST_TEST(!src.in_state_section());
    size_t events = 1;
    while (src.next(ev, no_wait) == NextStatus::Event) ++events;
    BOOST_TEST(events == 5u);
    BOOST_TEST(src.stats().records == 14u);
}

BOOST_AUTO_TEST_CASE(seed_state_on_a_capture_without_events_or_state) {
    SyntheticCapture only_state;
    only_state.add_user(0, "root", 0);
    const auto a = only_state.bytes();
    ReplaySource src(CaptureReader::from_memory(a));
    BOOST_TEST(src.seed_state([](const Event&) {}) == 1u);
    Event ev;
    BOOST_TEST((src.next(ev, no_wait) == NextStatus::End));

    SyntheticCapture only_events;
    only_events.event("setsid", 7).set("res", int64_t{7});
    const auto b = only_events.bytes();
    ReplaySource src2(CaptureReader::from_memory(b));
    BOOST_TEST(src2.seed_state([](const Event&) {}) == 0u);
    BOOST_REQUIRE((src2.next(ev, no_wait) == NextStatus::Event));
    BOOST_TEST(ev.type() == LN_EVT_SETSID);
}

BOOST_AUTO_TEST_CASE(seed_state_after_next_is_a_mistake) {
    const auto bytes = scenario().bytes();
    ReplaySource src(CaptureReader::from_memory(bytes));
    Event ev;
    src.next(ev, no_wait);
    BOOST_CHECK_THROW(src.seed_state([](const Event&) {}), Error);
}

BOOST_AUTO_TEST_CASE(stop_ends_the_replay) {
    const auto bytes = scenario().bytes();
    ReplaySource src(CaptureReader::from_memory(bytes));
    Event ev;
    BOOST_TEST((src.next(ev, no_wait) == NextStatus::Event));
    src.stop();
    src.stop();
    BOOST_TEST((src.next(ev, no_wait) == NextStatus::End));
}

BOOST_AUTO_TEST_CASE(opens_a_capture_file_and_reports_a_cut_tail) {
    auto bytes = scenario().bytes();
    // Drop the End block and the last 8 bytes of the last record (procexit).
    bytes.resize(bytes.size() - sizeof(BlockHeader) - sizeof(EndPayload) - 8);
    const auto path = (std::filesystem::temp_directory_path() / "lanner-replay-cut.lncap").string();
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        BOOST_REQUIRE(f);
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    }
    ReplaySource src(path);
    BOOST_TEST(src.name() == path);
    BOOST_TEST(src.info().driver == "synthetic");
    Event ev;
    size_t n = 0;
    while (src.next(ev, no_wait) == NextStatus::Event) ++n;
    BOOST_TEST(n == 13u);
    BOOST_REQUIRE(src.incomplete_tail().has_value());
    BOOST_TEST(src.incomplete_tail()->reason.find("cut inside the events block") !=
               std::string::npos);
    std::filesystem::remove(path);
}
