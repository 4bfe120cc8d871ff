// The state tracker as the ParamResolver of evt.arg.* and evt.args: fd
// names with Falco's type marks, paths against the cwd and directory fds,
// user, group and thread names, and plain numbers where nothing is known.
#define BOOST_TEST_MODULE state_resolver
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "event/sockaddr.h"
#include "field_replay.h"

using namespace lanner;
using namespace lanner::capture;
using lanner::test::FieldReplay;

namespace {

std::string fd_name(FieldReplay& r, int64_t fd) {
    std::string out = "[";
    if (!r.resolver().fd_name(r.event(), fd, out)) return "unknown";
    return out.substr(1);
}

}  // namespace

BOOST_AUTO_TEST_CASE(fds_paths_users_and_threads) {
    SyntheticCapture cap;
    cap.add_standard_accounts();
    cap.add_thread(SyntheticThread(10, "/usr/sbin/rsyslogd").cwd("/var/log").gid(5));
    cap.add_fd(10, 4, "/var/spool", LN_FD_DIRECTORY, O_RDONLY | O_DIRECTORY);
    cap.event("socket", 10)
        .set("fd", int64_t{3})
        .set("domain", int64_t{AF_INET6})
        .set("type", uint64_t{SOCK_DGRAM})
        .set("proto", uint64_t{0});
    cap.event("sendto", 10)
        .set("res", int64_t{1})
        .set("data", "x")
        .set("fd", int64_t{3})
        .set_bytes("tuple", inet_tuple("fd00::1", 514, "fd00::2", 514));
    cap.event("fchownat", 10)
        .set("res", int64_t{0})
        .set("dirfd", int64_t{4})
        .set("pathname", "mail/../cron")
        .set("uid", uint64_t{1})
        .set("gid", uint64_t{5})
        .set("flags", uint64_t{0});
    cap.event("kill", 10).set("res", int64_t{0}).set("pid", int64_t{10}).set("sig", uint64_t{15});
    FieldReplay r(cap);
    r.to_event(2);
    BOOST_TEST(fd_name(r, 3) == "<6u>fd00::1:514->fd00::2:514");
    BOOST_TEST(fd_name(r, 4) == "<d>/var/spool");
    BOOST_TEST(fd_name(r, 9) == "unknown");
    BOOST_TEST(r.text("evt.arg.fd") == "<6u>fd00::1:514->fd00::2:514");
    r.to_event(3);
    BOOST_TEST(r.text("evt.arg.pathname") == "/var/spool/cron");
    BOOST_TEST(r.text("evt.arg.uid") == "daemon");
    BOOST_TEST(r.text("evt.arg.gid") == "tty");
    BOOST_TEST(r.text("evt.arg.dirfd") == "<d>/var/spool");
    BOOST_TEST(r.text("fs.path.name") == "/var/spool/cron");
    std::string out;
    BOOST_TEST(r.resolver().absolute_path(r.event(), AT_FDCWD, "../tmp/x", out));
    BOOST_TEST(out == "/var/tmp/x");
    out.clear();
    BOOST_TEST(!r.resolver().absolute_path(r.event(), 77, "x", out));  // no such dirfd
    BOOST_TEST(out.empty());
    BOOST_TEST(!r.resolver().user_name(4242, out));
    BOOST_TEST(!r.resolver().group_name(4242, out));
    BOOST_TEST(out.empty());
    r.to_event(4);
    BOOST_TEST(r.text("evt.arg.pid") == "rsyslogd");
    BOOST_TEST(r.text("evt.args") == "res=0 pid=10(rsyslogd) sig=15(SIGTERM)");
    BOOST_TEST(!r.resolver().thread_name(4242, out));
}

// vtid, vpid and vpgid count in the task's pid namespace, the thread table
// in the host's: a namespace id that happens to be a host thread's id must
// not print that thread's name.
BOOST_AUTO_TEST_CASE(namespace_ids_are_not_named_as_host_threads) {
    SyntheticCapture cap;
    cap.add_standard_accounts();
    cap.add_thread(SyntheticThread(1, "/sbin/init"));
    cap.add_thread(SyntheticThread(10, "/usr/sbin/rsyslogd"));
    cap.event("clone", 10)
        .set("res", int64_t{11})
        .set("ptid", int64_t{1})
        .set("vtid", int64_t{1})
        .set("vpid", int64_t{1})
        .set("vpgid", int64_t{1});
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("evt.arg.ptid") == "init");  // a host id: named
    BOOST_TEST(r.text("evt.arg.vtid") == "1");
    BOOST_TEST(r.text("evt.arg.vpid") == "1");
    BOOST_TEST(r.text("evt.arg.vpgid") == "1");
}
