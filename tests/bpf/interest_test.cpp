// interest_for_events: the syscalls behind each wanted event, and nothing else.
#define BOOST_TEST_MODULE interest
#include <sys/syscall.h>

#include <boost/test/unit_test.hpp>

#include "source/interest.h"

using namespace lanner;

BOOST_AUTO_TEST_CASE(events_map_to_their_syscalls) {
    EventTypeSet want;
    want.set(LN_EVT_OPENAT);
    want.set(LN_EVT_CLOSE);
    const ln_interest in = interest_for_events(want);
    BOOST_TEST(interest_syscalls(in) == (std::vector<uint32_t>{SYS_close, SYS_openat}),
               boost::test_tools::per_element());
    BOOST_TEST(in.sources == 0u);
    BOOST_TEST(in.reserved == 0u);
}

BOOST_AUTO_TEST_CASE(procexit_is_a_source_and_meta_events_add_nothing) {
    EventTypeSet want;
    want.set(LN_EVT_PROCEXIT);
    want.set(LN_EVT_THREADINFO);
    const ln_interest in = interest_for_events(want);
    BOOST_TEST(interest_syscalls(in).empty());
    BOOST_TEST(in.sources == static_cast<uint32_t>(LN_SRC_PROCEXIT));
}

BOOST_AUTO_TEST_CASE(all_covers_every_syscall_event) {
    const ln_interest in = interest_all();
    BOOST_TEST(interest_has_syscall(in, SYS_execve));
    BOOST_TEST(interest_has_syscall(in, SYS_connect));
    BOOST_TEST(!interest_has_syscall(in, SYS_getppid));
    BOOST_TEST(event_for_syscall(SYS_getppid) == LN_EVT_UNKNOWN);
    BOOST_TEST(event_for_syscall(SYS_openat) == LN_EVT_OPENAT);
    BOOST_TEST(in.sources == static_cast<uint32_t>(LN_SRC_PROCEXIT));
    for (uint32_t nr : interest_syscalls(in)) BOOST_TEST(event_for_syscall(nr) != LN_EVT_UNKNOWN);
}
