// KmodSource parts that need no kernel module: the interest set computed
// from event types, and the error when the device is missing.
#define BOOST_TEST_MODULE kmod_source
#include <boost/test/unit_test.hpp>

#include <sys/syscall.h>

#include <string>

#include "common/error.h"
#include "lanner/syscalls.h"
#include "source/interest.h"
#include "source/kmod_source.h"

using namespace lanner;

namespace {

bool has_bit(const ln_interest& in, unsigned nr) {
    return (in.syscalls[nr / 64] >> (nr % 64)) & 1;
}

unsigned count_bits(const ln_interest& in) {
    unsigned n = 0;
    for (auto w : in.syscalls) n += static_cast<unsigned>(__builtin_popcountll(w));
    return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(selected_events_set_their_syscalls_only) {
    const auto in = interest_for_list({LN_EVT_OPENAT, LN_EVT_CONNECT});
    BOOST_TEST(has_bit(in, SYS_openat));
    BOOST_TEST(has_bit(in, SYS_connect));
    BOOST_TEST(count_bits(in) == 2u);
    BOOST_TEST(in.sources == 0u);
    BOOST_TEST(in.reserved == 0u);
}

BOOST_AUTO_TEST_CASE(procexit_is_a_source_not_a_syscall) {
    const auto in = interest_for_list({LN_EVT_PROCEXIT});
    BOOST_TEST(count_bits(in) == 0u);
    BOOST_TEST(in.sources == LN_SRC_PROCEXIT);
}

BOOST_AUTO_TEST_CASE(no_events_means_every_event) {
    const auto in = interest_for_list({});
    unsigned table = 0;
#define LN_COUNT(nr, ev) ++table;
    LN_SYSCALL_EVENT_TABLE(LN_COUNT)
#undef LN_COUNT
    BOOST_TEST(count_bits(in) == table);
    BOOST_TEST(has_bit(in, SYS_execve));
    BOOST_TEST(in.sources == LN_SRC_PROCEXIT);
}

BOOST_AUTO_TEST_CASE(events_no_syscall_produces_are_refused) {
    BOOST_CHECK_THROW(interest_for_list({LN_EVT_THREADINFO}), Error);
}

BOOST_AUTO_TEST_CASE(a_missing_device_says_what_to_do) {
    try {
        KmodSource src({.device = "/nonexistent/lanner", .interest = {}, .snaplen = 80});
        BOOST_FAIL("opening a missing device succeeded");
    } catch (const Error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("/nonexistent/lanner") != std::string::npos);
        BOOST_TEST(what.find("module loaded") != std::string::npos);
    }
}
