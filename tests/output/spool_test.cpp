// The on-disk spool of the HTTP sink: order, recovery after a restart and
// after a crash cut an append short, corruption, the size bound (oldest
// dropped, counted), segments removed once delivered, one user at a time.
#define BOOST_TEST_MODULE output_spool
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "output/alert_spool.h"
#include "temp_dir.h"

using lanner::test::TempDir;

using namespace lanner;
using output::AlertSpool;
using output::SpoolOptions;
namespace fs = std::filesystem;

namespace {

struct Fixture {
    TempDir tmp{"lanner-spool-test"};
    const fs::path dir = tmp.path() / "spool";  // created by the spool itself
    SpoolOptions opts(uint64_t max_bytes = 1 << 20, uint64_t segment_bytes = 0) const {
        SpoolOptions o;
        o.dir = dir.string();
        o.max_bytes = max_bytes;
        o.segment_bytes = segment_bytes;
        return o;
    }
    std::vector<fs::path> segments() const {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".spool") out.push_back(e.path());
        std::sort(out.begin(), out.end());
        return out;
    }
};

std::string body(int i) {
    return "{\"n\":" + std::to_string(i) + ",\"output\":\"alert number " + std::to_string(i) +
           "\"}";
}

// Takes everything out of the spool, in order.
std::vector<std::string> drain(AlertSpool& s) {
    std::vector<std::string> out;
    while (!s.empty()) {
        out.emplace_back(s.front());
        s.pop_front();
    }
    return out;
}

std::vector<std::string> bodies(int from, int to) {
    std::vector<std::string> v;
    for (int i = from; i < to; ++i) v.push_back(body(i));
    return v;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(spool, Fixture)

BOOST_AUTO_TEST_CASE(records_come_back_in_order_and_only_once) {
    AlertSpool s(opts());
    BOOST_TEST(s.empty());
    for (int i = 0; i < 5; ++i) s.append(body(i));
    BOOST_TEST(s.size() == 5u);
    BOOST_TEST(std::string(s.front()) == body(0));
    BOOST_TEST(std::string(s.front()) == body(0));  // front() does not take it out
    s.pop_front();
    s.append(body(5));
    BOOST_TEST(drain(s) == bodies(1, 6), boost::test_tools::per_element());
    const auto c = s.counters();
    BOOST_TEST(c->appended == 6u);
    BOOST_TEST(c->delivered == 6u);
    BOOST_TEST(c->pending == 0u);
    BOOST_TEST(c->pending_bytes == 0u);
    BOOST_TEST(segments().empty());  // delivered segments are removed
}

BOOST_AUTO_TEST_CASE(what_waits_survives_a_restart_and_what_was_delivered_does_not_return) {
    {
        AlertSpool s(opts());
        for (int i = 0; i < 10; ++i) s.append(body(i));
        for (int i = 0; i < 4; ++i) s.pop_front();
    }
    BOOST_TEST(AlertSpool::read_pending(dir.string()) == bodies(4, 10),
               boost::test_tools::per_element());
    {
        AlertSpool s(opts());
        BOOST_TEST(s.counters()->recovered == 6u);
        BOOST_TEST(std::string(s.front()) == body(4));
        s.pop_front();
        s.append(body(10));  // after those from the earlier run
    }
    AlertSpool s(opts());
    BOOST_TEST(drain(s) == bodies(5, 11), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_append_cut_short_by_a_crash_is_removed_and_the_rest_kept) {
    {
        AlertSpool s(opts());
        for (int i = 0; i < 3; ++i) s.append(body(i));
    }
    const auto segs = segments();
    BOOST_REQUIRE(segs.size() == 1u);
    const auto good_size = fs::file_size(segs[0]);
    {
        // What a process killed inside write(2) leaves: the start of a record.
        std::ofstream f(segs[0], std::ios::binary | std::ios::app);
        const char partial[] = {'L', 'N', 'S', 'R', 100, 0, 0, 0, 4, 0, 0, 0};
        f.write(partial, sizeof partial);
    }
    AlertSpool s(opts());
    BOOST_TEST(fs::file_size(segs[0]) == good_size);
    BOOST_TEST(s.counters()->corrupt == 0u);  // an unfinished append, not a loss
    s.append(body(3));
    BOOST_TEST(drain(s) == bodies(0, 4), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_corrupt_record_ends_its_segment_and_is_counted) {
    {
        AlertSpool s(opts(1 << 20, 64 * 1024));
        for (int i = 0; i < 3; ++i) s.append(body(i));
    }
    const auto seg = segments().at(0);
    {
        // Flip a byte in the second record's body.
        std::fstream f(seg, std::ios::binary | std::ios::in | std::ios::out);
        const auto second_body = 16 + 24 + body(0).size() + 24 + 3;
        f.seekp(static_cast<std::streamoff>(second_body));
        f.put('X');
    }
    AlertSpool s(opts());
    BOOST_TEST(s.counters()->corrupt == 1u);
    BOOST_TEST(drain(s) == bodies(0, 1), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_full_spool_drops_the_oldest_and_counts_them) {
    const uint64_t record = 24 + body(0).size();  // bodies 0..9 have the same size
    AlertSpool s(opts(record * 4));
    for (int i = 0; i < 10; ++i) s.append(body(i));
    const auto c = s.counters();
    BOOST_TEST(c->evicted == 6u);
    BOOST_TEST(c->pending == 4u);
    BOOST_TEST(c->pending_bytes <= record * 4);
    BOOST_TEST(drain(s) == bodies(6, 10), boost::test_tools::per_element());
    BOOST_TEST(c->appended == c->delivered + c->evicted);
}

BOOST_AUTO_TEST_CASE(an_alert_larger_than_the_spool_is_refused_and_counted) {
    AlertSpool s(opts(100));
    BOOST_CHECK_THROW(s.append(std::string(200, 'x')), Error);
    BOOST_TEST(s.counters()->too_big == 1u);
    BOOST_TEST(s.empty());
    s.append("small");
    BOOST_TEST(std::string(s.front()) == "small");
}

BOOST_AUTO_TEST_CASE(segments_roll_and_go_once_delivered) {
    AlertSpool s(opts(1 << 20, 300));
    for (int i = 0; i < 40; ++i) s.append(body(i));
    const size_t files = segments().size();
    BOOST_TEST(files > 5u);
    for (int i = 0; i < 20; ++i) s.pop_front();
    BOOST_TEST(segments().size() < files);
    BOOST_TEST(segments().size() > 1u);
    BOOST_TEST(drain(s) == bodies(20, 40), boost::test_tools::per_element());
    BOOST_TEST(segments().empty());
}

BOOST_AUTO_TEST_CASE(a_spool_has_one_user_at_a_time) {
    AlertSpool first(opts());
    try {
        AlertSpool second(opts());
        BOOST_FAIL("a second spool opened the same directory");
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()).find("in use by another Lanner process") !=
                   std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_torn_cursor_slot_falls_back_to_the_other) {
    {
        AlertSpool s(opts());
        for (int i = 0; i < 6; ++i) s.append(body(i));
        for (int i = 0; i < 3; ++i) s.pop_front();  // cursor generations 1, 2, 3
    }
    {
        // Damage the slot written last (generation 3, slot 1): the other
        // holds generation 2, one alert earlier.
        std::fstream f(dir / "cursor", std::ios::binary | std::ios::in | std::ios::out);
        f.seekp(32 + 20);
        f.put('\x7f');
    }
    AlertSpool s(opts());
    // Alert 2 was delivered but is sent again: at least once, never lost.
    BOOST_TEST(drain(s) == bodies(2, 6), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_spool_directory_is_private) {
    AlertSpool s(opts());
    s.append(body(0));
    const auto mode = [](const fs::path& p) {
        return static_cast<unsigned>(fs::status(p).permissions() & fs::perms::all);
    };
    BOOST_TEST(mode(dir) == 0700u);
    BOOST_TEST(mode(segments().at(0)) == 0600u);
}

BOOST_AUTO_TEST_SUITE_END()
