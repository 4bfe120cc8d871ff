// Fd tables: every fd-creating call gives the right type, name and flags;
// paths resolve against the dirfd or cwd; dup/close/close_range/exec follow
// the kernel; failed calls change nothing; the per-process limit holds.
#define BOOST_TEST_MODULE state_fds
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <linux/bpf.h>
#include <linux/close_range.h>
#include <linux/memfd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <random>

#include "state/path.h"
#include "state_feed.h"

using namespace lanner;
using namespace lanner::state;
using namespace lanner::test;

namespace {

constexpr int64_t kPid = 100;

struct Fixture {
    StateTracker tracker;
    Feed feed{tracker};
    explicit Fixture(StateConfig cfg = hermetic_config()) : tracker(cfg) {
        ProcSpec p;
        p.tid = p.pid = kPid;
        p.ptid = 1;
        p.cwd = "/home/alice/src";
        feed(threadinfo(p));
    }
    const FdTable& fds() { return *tracker.process(kPid)->fds; }
    const FdInfo* fd(int64_t n) { return fds().find(n); }
    EventContext call(RecordBuilder b) { return feed(std::move(b)); }
    RecordBuilder sys(std::string_view event, int64_t res) {
        return syscall(event, kPid, kPid, res);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(path_normalisation) {
    std::string out;
    const auto r = [&](std::string_view base, std::string_view p) {
        resolve_path(base, p, out);
        return out;
    };
    BOOST_TEST(r("/home/a", "b/c") == "/home/a/b/c");
    BOOST_TEST(r("/home/a", "/etc//passwd") == "/etc/passwd");
    BOOST_TEST(r("/home/a", "../../../../etc/./shadow") == "/etc/shadow");
    BOOST_TEST(r("/", "..") == "/");
    BOOST_TEST(r("/home/a/", "./") == "/home/a");
    BOOST_TEST(r("/home/a", "") == "/home/a");
    BOOST_TEST(r("", "x/../y") == "y");
    BOOST_TEST(r("", "../y") == "../y");
    BOOST_TEST(r("/a/b", "c/") == "/a/b/c");
    BOOST_TEST(path_directory("/a/b") == "/a");
    BOOST_TEST(path_directory("/a") == "/");
    BOOST_TEST(path_basename("/a/b") == "b");
    BOOST_TEST(path_basename("/") == "");
}

BOOST_AUTO_TEST_CASE(path_normalisation_agrees_with_a_component_stack) {
    // Random bases and paths over '/', '.', "..", a and b, against applying
    // the components to a stack (the definition in path.h).
    std::mt19937 rng(77);
    const char* const pieces[] = {"/", "/", "a", "b", ".", "..", "ab", "/."};
    auto random_path = [&] {
        std::string p;
        for (unsigned n = rng() % 7; n > 0; --n) p += pieces[rng() % std::size(pieces)];
        return p;
    };
    auto reference = [](std::string_view base, std::string_view path) {
        const bool absolute =
            (!path.empty() && path.front() == '/') ||
            ((path.empty() || path.front() != '/') && !base.empty() && base.front() == '/');
        std::vector<std::string> stack;
        auto apply = [&](std::string_view p) {
            size_t i = 0;
            while (i <= p.size()) {
                size_t end = p.find('/', i);
                if (end == std::string_view::npos) end = p.size();
                const std::string_view c = p.substr(i, end - i);
                i = end + 1;
                if (c.empty() || c == ".") continue;
                if (c == ".." && !stack.empty() && stack.back() != "..") {
                    stack.pop_back();
                } else if (c == ".." && absolute) {
                    continue;
                } else {
                    stack.emplace_back(c);
                }
            }
        };
        if (path.empty() || path.front() != '/') apply(base);
        apply(path);
        std::string out;
        for (const auto& c : stack) {
            if (absolute || !out.empty()) out += '/';
            out += c;
        }
        if (out.empty() && absolute) out = "/";
        return out;
    };
    std::string out;
    for (int i = 0; i < 50000; ++i) {
        const std::string base = rng() % 4 ? "/" + random_path() : random_path();
        const std::string path = random_path();
        resolve_path(base, path, out);
        BOOST_TEST_REQUIRE(out == reference(base, path), "'" << base << "' + '" << path << "'");
    }
}

BOOST_AUTO_TEST_CASE(open_family_names_and_types) {
    Fixture f;
    auto ctx = f.call(openat(kPid, kPid, 3, "../docs/README.md", O_RDONLY | O_CLOEXEC));
    BOOST_REQUIRE(ctx.fd != nullptr);
    BOOST_TEST(ctx.fd_num == 3);
    BOOST_TEST(ctx.fd->name == "/home/alice/docs/README.md");
    BOOST_TEST(ctx.fd->type == LN_FD_FILE);
    BOOST_TEST(ctx.fd->directory() == "/home/alice/docs");
    BOOST_TEST(ctx.fd->filename() == "README.md");
    BOOST_TEST(ctx.fd->cloexec());

    // A directory fd, then a path relative to it.
    ctx = f.call(openat(kPid, kPid, 4, "/etc/", O_RDONLY | O_DIRECTORY));
    BOOST_TEST(ctx.fd->type == LN_FD_DIRECTORY);
    BOOST_TEST(ctx.fd->name == "/etc");
    BOOST_TEST(ctx.fd->directory() == "/etc");
    BOOST_TEST(ctx.fd->filename() == "");
    ctx = f.call(openat(kPid, kPid, 5, "ssh//sshd_config", O_RDONLY, 4));
    BOOST_TEST(ctx.fd->name == "/etc/ssh/sshd_config");
    // An unknown dirfd leaves what is known, relative.
    ctx = f.call(openat(kPid, kPid, 6, "x/y", O_RDONLY, 77));
    BOOST_TEST(ctx.fd->name == "x/y");

    auto open = f.sys("open", 7);
    open.set("name", "/var/log/syslog").set("flags", uint64_t{O_WRONLY | O_APPEND});
    ctx = f.call(open);
    BOOST_TEST(ctx.fd->name == "/var/log/syslog");
    BOOST_TEST(ctx.fd->open_flags == static_cast<uint32_t>(O_WRONLY | O_APPEND));

    auto creat = f.sys("creat", 8);
    creat.set("name", "out.txt").set("dev", uint64_t{(8u << 20) | 1u}).set("ino", uint64_t{4242});
    ctx = f.call(creat);
    BOOST_TEST(ctx.fd->name == "/home/alice/src/out.txt");
    BOOST_TEST(ctx.fd->open_flags == static_cast<uint32_t>(O_CREAT | O_WRONLY | O_TRUNC));
    BOOST_TEST(ctx.fd->ino == 4242u);
    BOOST_TEST(ctx.fd->dev == ((8u << 20) | 1u));

    auto o2 = f.sys("openat2", 9);
    o2.set("dirfd", int64_t{AT_FDCWD})
        .set("name", "/tmp")
        .set("flags", uint64_t{O_TMPFILE | O_RDWR});
    ctx = f.call(o2);
    BOOST_TEST(ctx.fd->type == LN_FD_FILE);  // O_TMPFILE carries O_DIRECTORY's bit

    auto obh = f.sys("open_by_handle_at", 10);
    obh.set("mountfd", int64_t{4}).set("flags", uint64_t{O_RDONLY}).set("path", "/etc/shadow");
    ctx = f.call(obh);
    BOOST_TEST(ctx.fd->name == "/etc/shadow");
    BOOST_TEST(f.fds().size() == 8u);
}

BOOST_AUTO_TEST_CASE(close_is_seen_then_applied) {
    Fixture f;
    f.call(openat(kPid, kPid, 3, "/etc/passwd"));
    auto ctx = f.call(close_record(kPid, kPid, 3));
    BOOST_REQUIRE(ctx.fd != nullptr);
    BOOST_TEST(ctx.fd->name == "/etc/passwd");  // rules see what is closed
    BOOST_TEST(f.fd(3) != nullptr);
    f.call(openat(kPid, kPid, 4, "/etc/group"));
    BOOST_TEST(f.fd(3) == nullptr);

    // EBADF changes nothing; EINTR still closed it.
    f.call(close_record(kPid, kPid, 4, -EBADF));
    f.tracker.flush();
    BOOST_TEST(f.fd(4) != nullptr);
    f.call(close_record(kPid, kPid, 4, -EINTR));
    f.tracker.flush();
    BOOST_TEST(f.fd(4) == nullptr);
    // The next open may reuse the number at once.
    f.call(openat(kPid, kPid, 5, "/a"));
    f.call(close_record(kPid, kPid, 5));
    auto reopened = f.call(openat(kPid, kPid, 5, "/b"));
    BOOST_TEST(reopened.fd->name == "/b");
    f.tracker.flush();
    BOOST_TEST(f.fd(5)->name == "/b");
}

BOOST_AUTO_TEST_CASE(dup_family) {
    Fixture f;
    f.call(openat(kPid, kPid, 3, "/var/log/app.log", O_WRONLY | O_CLOEXEC));
    f.call(openat(kPid, kPid, 1, "/dev/pts/0", O_RDWR));
    auto dup = f.sys("dup", 4);
    dup.set("oldfd", int64_t{3});
    auto ctx = f.call(dup);
    BOOST_TEST(ctx.fd_num == 4);
    BOOST_TEST(ctx.fd->name == "/var/log/app.log");
    BOOST_TEST(!ctx.fd->cloexec());  // dup never copies close-on-exec

    // dup2 over an open fd replaces it.
    auto dup2 = f.sys("dup2", 1);
    dup2.set("oldfd", int64_t{3}).set("newfd", int64_t{1});
    f.call(dup2);
    BOOST_TEST(f.fd(1)->name == "/var/log/app.log");
    BOOST_TEST(f.fd(3)->name == "/var/log/app.log");

    auto dup3 = f.sys("dup3", 9);
    dup3.set("oldfd", int64_t{1}).set("newfd", int64_t{9}).set("flags", uint64_t{O_CLOEXEC});
    f.call(dup3);
    BOOST_TEST(f.fd(9)->cloexec());

    auto dupfd = f.sys("fcntl", 20);
    dupfd.set("fd", int64_t{3}).set("cmd", int64_t{F_DUPFD_CLOEXEC}).set("arg", uint64_t{20});
    ctx = f.call(dupfd);
    BOOST_TEST(ctx.fd_num == 20);
    BOOST_TEST(ctx.fd->name == "/var/log/app.log");
    BOOST_TEST(ctx.fd->cloexec());

    auto setfd = f.sys("fcntl", 0);
    setfd.set("fd", int64_t{20}).set("cmd", int64_t{F_SETFD}).set("arg", uint64_t{0});
    f.call(setfd);
    BOOST_TEST(!f.fd(20)->cloexec());
    auto setfl = f.sys("fcntl", 0);
    setfl.set("fd", int64_t{20}).set("cmd", int64_t{F_SETFL}).set("arg", uint64_t{O_NONBLOCK});
    f.call(setfl);
    BOOST_TEST((f.fd(20)->open_flags & O_NONBLOCK) != 0u);
    BOOST_TEST((f.fd(20)->open_flags & O_WRONLY) != 0u);

    // dup of an fd the table does not know: the target is no longer what it was.
    auto unknown = f.sys("dup2", 9);
    unknown.set("oldfd", int64_t{55}).set("newfd", int64_t{9});
    f.call(unknown);
    BOOST_TEST(f.fd(9) == nullptr);
    // A failed dup2 leaves the target.
    auto failed = f.sys("dup2", -EBADF);
    failed.set("oldfd", int64_t{56}).set("newfd", int64_t{1});
    f.call(failed);
    BOOST_TEST(f.fd(1) != nullptr);
}

BOOST_AUTO_TEST_CASE(close_range_variants) {
    Fixture f;
    for (int64_t fd = 3; fd < 10; ++fd)
        f.call(openat(kPid, kPid, fd, "/tmp/f" + std::to_string(fd)));
    f.call(openat(kPid, kPid, 1000, "/tmp/high"));
    auto cr = f.sys("close_range", 0);
    cr.set("fd", int64_t{5}).set("max_fd", int64_t{7}).set("flags", uint64_t{0});
    f.call(cr);
    BOOST_TEST(f.fd(5) != nullptr);  // deferred like close
    f.tracker.flush();
    BOOST_TEST(f.fd(4) != nullptr);
    BOOST_TEST(f.fd(5) == nullptr);
    BOOST_TEST(f.fd(7) == nullptr);
    BOOST_TEST(f.fd(8) != nullptr);

    auto cloexec = f.sys("close_range", 0);
    cloexec.set("fd", int64_t{8})
        .set("max_fd", int64_t{0xffffffffLL})
        .set("flags", uint64_t{CLOSE_RANGE_CLOEXEC});
    f.call(cloexec);
    BOOST_TEST(f.fd(8)->cloexec());
    BOOST_TEST(f.fd(1000)->cloexec());
    BOOST_TEST(!f.fd(4)->cloexec());

    auto all = f.sys("close_range", 0);
    all.set("fd", int64_t{4}).set("max_fd", int64_t{0xffffffffLL}).set("flags", uint64_t{0});
    f.call(all);
    f.tracker.flush();
    BOOST_TEST(f.fds().size() == 1u);
    BOOST_TEST(f.fd(3) != nullptr);
}

BOOST_AUTO_TEST_CASE(close_range_unshare_gives_a_private_table) {
    Fixture f;
    f.call(openat(kPid, kPid, 3, "/shared"));
    ProcSpec child;
    child.tid = child.pid = 200;
    child.ptid = kPid;
    f.call(clone_record("clone", 200, 200, 0, CLONE_FILES | SIGCHLD, child));
    BOOST_TEST(f.tracker.process(200)->fds == f.tracker.process(kPid)->fds);
    auto cr = syscall("close_range", 200, 200, 0);
    cr.set("fd", int64_t{3}).set("max_fd", int64_t{3}).set("flags", uint64_t{CLOSE_RANGE_UNSHARE});
    f.call(cr);
    f.tracker.flush();
    BOOST_TEST(f.tracker.process(200)->fds->find(3) == nullptr);
    BOOST_TEST(f.fd(3) != nullptr);
}

BOOST_AUTO_TEST_CASE(tcp_client_and_server_sockets) {
    Fixture f;
    auto sock = f.sys("socket", 3);
    sock.set("domain", int64_t{AF_INET})
        .set("type", uint64_t{SOCK_STREAM | SOCK_CLOEXEC})
        .set("proto", 0u);
    auto ctx = f.call(sock);
    BOOST_TEST(ctx.fd->type == LN_FD_IPV4_SOCK);
    BOOST_TEST(ctx.fd->l4proto == IPPROTO_TCP);
    BOOST_TEST(ctx.fd->cloexec());
    BOOST_TEST(ctx.fd->name == "");

    auto connect = f.sys("connect", -EINPROGRESS);
    connect.set("fd", int64_t{3})
        .set_bytes("tuple", inet_tuple("10.0.0.5", 40000, "93.184.216.34", 443))
        .set_bytes("addr", inet_sockaddr("93.184.216.34", 443));
    ctx = f.call(connect);
    BOOST_TEST(ctx.fd->name == "10.0.0.5:40000->93.184.216.34:443");
    BOOST_TEST(ctx.fd->role == FdRole::Client);
    BOOST_TEST(ctx.fd->sock_state == SocketState::Pending);
    auto so_error = f.sys("getsockopt", 0);
    so_error.set("fd", int64_t{3})
        .set("level", int64_t{SOL_SOCKET})
        .set("optname", int64_t{SO_ERROR})
        .set("val", int64_t{0});
    f.call(so_error);
    BOOST_TEST(f.fd(3)->sock_state == SocketState::Connected);

    // A server: bind, listen, accept.
    auto srv = f.sys("socket", 4);
    srv.set("domain", int64_t{AF_INET6}).set("type", uint64_t{SOCK_STREAM}).set("proto", 0u);
    f.call(srv);
    auto bind = f.sys("bind", 0);
    bind.set("fd", int64_t{4}).set_bytes("addr", inet_sockaddr("::", 8443));
    ctx = f.call(bind);
    BOOST_TEST(ctx.fd->name == ":::8443");
    BOOST_TEST(ctx.fd->role == FdRole::Server);
    auto listen = f.sys("listen", 0);
    listen.set("fd", int64_t{4}).set("backlog", int64_t{128});
    f.call(listen);
    auto accept = f.sys("accept4", 5);
    accept.set_bytes("tuple", inet_tuple("2001:db8::7", 51000, "2001:db8::1", 8443))
        .set("listen_fd", int64_t{4})
        .set("flags", uint64_t{SOCK_NONBLOCK});
    ctx = f.call(accept);
    BOOST_TEST(ctx.fd_num == 5);
    BOOST_TEST(ctx.fd->type == LN_FD_IPV6_SOCK);
    BOOST_TEST(ctx.fd->name == "2001:db8::7:51000->2001:db8::1:8443");
    BOOST_TEST(ctx.fd->role == FdRole::Server);
    BOOST_TEST(ctx.fd->l4proto == IPPROTO_TCP);
    BOOST_TEST((ctx.fd->open_flags & O_NONBLOCK) != 0u);

    // IPv4 clients of a dual-stack socket read as IPv4.
    auto mapped = f.sys("accept", 6);
    mapped.set_bytes("tuple", inet_tuple("::ffff:192.0.2.9", 5000, "::ffff:192.0.2.1", 8443))
        .set("listen_fd", int64_t{4});
    ctx = f.call(mapped);
    BOOST_TEST(ctx.fd->type == LN_FD_IPV4_SOCK);
    BOOST_TEST(ctx.fd->name == "192.0.2.9:5000->192.0.2.1:8443");

    // A refused connect marks the socket failed and names nothing new.
    auto s2 = f.sys("socket", 7);
    s2.set("domain", int64_t{AF_INET}).set("type", uint64_t{SOCK_STREAM}).set("proto", 0u);
    f.call(s2);
    auto refused = f.sys("connect", -ECONNREFUSED);
    refused.set("fd", int64_t{7}).set_bytes("addr", inet_sockaddr("127.0.0.1", 9));
    f.call(refused);
    BOOST_TEST(f.fd(7)->sock_state == SocketState::Failed);
    BOOST_TEST(f.fd(7)->name == "");
}

BOOST_AUTO_TEST_CASE(udp_sockets_learn_their_peers) {
    Fixture f;
    auto sock = f.sys("socket", 3);
    sock.set("domain", int64_t{AF_INET}).set("type", uint64_t{SOCK_DGRAM}).set("proto", 0u);
    f.call(sock);
    BOOST_TEST(f.fd(3)->l4proto == IPPROTO_UDP);
    auto send = f.sys("sendto", 40);
    send.set("fd", int64_t{3})
        .set("size", 40u)
        .set_bytes("tuple", inet_tuple("10.0.0.5", 5353, "10.0.0.53", 53));
    auto ctx = f.call(send);
    BOOST_TEST(ctx.fd->name == "10.0.0.5:5353->10.0.0.53:53");
    BOOST_TEST(ctx.fd->role == FdRole::Client);
    // The reply comes from the peer: a client keeps local->remote.
    auto recv = f.sys("recvfrom", 80);
    recv.set("fd", int64_t{3}).set_bytes("tuple", inet_tuple("10.0.0.53", 53, "10.0.0.5", 5353));
    f.call(recv);
    BOOST_TEST(f.fd(3)->name == "10.0.0.5:5353->10.0.0.53:53");
    auto other = f.sys("sendmsg", 40);
    other.set("fd", int64_t{3}).set_bytes("tuple", inet_tuple("10.0.0.5", 5353, "1.1.1.1", 53));
    f.call(other);
    BOOST_TEST(f.fd(3)->name == "10.0.0.5:5353->1.1.1.1:53");

    // A server's name shows the remote client first.
    auto srv = f.sys("socket", 4);
    srv.set("domain", int64_t{AF_INET}).set("type", uint64_t{SOCK_DGRAM}).set("proto", 0u);
    f.call(srv);
    auto bind = f.sys("bind", 0);
    bind.set("fd", int64_t{4}).set_bytes("addr", inet_sockaddr("0.0.0.0", 53));
    BOOST_TEST(f.call(bind).fd->name == "0.0.0.0:53");
    auto q = f.sys("recvmsg", 30);
    q.set("fd", int64_t{4}).set_bytes("tuple", inet_tuple("10.0.0.9", 40001, "10.0.0.53", 53));
    f.call(q);
    BOOST_TEST(f.fd(4)->name == "10.0.0.9:40001->10.0.0.53:53");
    auto reply = f.sys("sendmmsg", 1);
    reply.set("fd", int64_t{4}).set_bytes("tuple", inet_tuple("10.0.0.53", 53, "10.0.0.10", 40002));
    f.call(reply);
    BOOST_TEST(f.fd(4)->name == "10.0.0.10:40002->10.0.0.53:53");

    // Traffic on an fd the table missed creates it, counted.
    auto unknown = f.sys("recvfrom", 10);
    unknown.set("fd", int64_t{12}).set_bytes("tuple", inet_tuple("10.1.1.1", 1, "10.1.1.2", 2));
    f.call(unknown);
    BOOST_TEST(f.fd(12)->type == LN_FD_IPV4_SOCK);
    BOOST_TEST(f.tracker.counters().unknown_fds == 1u);
}

BOOST_AUTO_TEST_CASE(unix_sockets_and_socketpairs) {
    Fixture f;
    auto sock = f.sys("socket", 3);
    sock.set("domain", int64_t{AF_UNIX}).set("type", uint64_t{SOCK_STREAM}).set("proto", 0u);
    f.call(sock);
    SockTuple t;
    t.family = LN_AF_UNIX;
    t.unix_source = 0xffff8881aa00;
    t.unix_peer = 0xffff8881bb00;
    t.unix_path = "/run/docker.sock";
    auto connect = f.sys("connect", 0);
    connect.set("fd", int64_t{3})
        .set_bytes("tuple", encode_socktuple(t))
        .set_bytes("addr", unix_sockaddr("/run/docker.sock"));
    auto ctx = f.call(connect);
    BOOST_TEST(ctx.fd->type == LN_FD_UNIX_SOCK);
    BOOST_TEST(ctx.fd->name == "ffff8881aa00->ffff8881bb00 /run/docker.sock");
    BOOST_TEST(ctx.fd->l4proto == 0u);

    auto srv = f.sys("socket", 4);
    srv.set("domain", int64_t{AF_UNIX}).set("type", uint64_t{SOCK_STREAM}).set("proto", 0u);
    f.call(srv);
    auto bind = f.sys("bind", 0);
    bind.set("fd", int64_t{4}).set_bytes("addr", unix_sockaddr(std::string("\0abstract", 9)));
    BOOST_TEST(f.call(bind).fd->name == "@abstract");
    // The accepted side's tuple has no path: it takes the listener's.
    t.unix_path.clear();
    auto accept = f.sys("accept", 5);
    accept.set_bytes("tuple", encode_socktuple(t)).set("listen_fd", int64_t{4});
    BOOST_TEST(f.call(accept).fd->name == "ffff8881aa00->ffff8881bb00 @abstract");

    auto pair = f.sys("socketpair", 0);
    pair.set("fd1", int64_t{6})
        .set("fd2", int64_t{7})
        .set("source", uint64_t{0xa1})
        .set("peer", uint64_t{0xb2})
        .set("domain", int64_t{AF_UNIX})
        .set("type", uint64_t{SOCK_DGRAM | SOCK_CLOEXEC})
        .set("proto", 0u);
    ctx = f.call(pair);
    BOOST_TEST(ctx.fd_num == 6);
    BOOST_TEST(f.fd(6)->name == "a1->b2");
    BOOST_TEST(f.fd(7)->name == "b2->a1");
    BOOST_TEST(f.fd(7)->cloexec());
    BOOST_TEST(f.fd(7)->type == LN_FD_UNIX_SOCK);

    auto nl = f.sys("socket", 8);
    nl.set("domain", int64_t{AF_NETLINK}).set("type", uint64_t{SOCK_RAW}).set("proto", 0u);
    BOOST_TEST(f.call(nl).fd->type == LN_FD_NETLINK);
}

BOOST_AUTO_TEST_CASE(kernel_object_fds) {
    Fixture f;
    auto pipe = f.sys("pipe2", 0);
    pipe.set("fd1", int64_t{3})
        .set("fd2", int64_t{4})
        .set("ino", uint64_t{9876})
        .set("flags", uint64_t{O_CLOEXEC});
    auto ctx = f.call(pipe);
    BOOST_TEST(ctx.fd_num == 3);
    BOOST_TEST(f.fd(3)->type == LN_FD_PIPE);
    BOOST_TEST(f.fd(3)->name == "pipe:[9876]");
    BOOST_TEST(f.fd(4)->name == "pipe:[9876]");
    BOOST_TEST((f.fd(4)->open_flags & O_ACCMODE) == static_cast<uint32_t>(O_WRONLY));
    BOOST_TEST(f.fd(4)->cloexec());

    struct Case {
        std::string_view event;
        int64_t fd;
        ln_fd_type type;
        std::string_view name;
    };
    const Case cases[] = {
        {"eventfd2", 5, LN_FD_EVENT, "anon_inode:[eventfd]"},
        {"eventfd", 6, LN_FD_EVENT, "anon_inode:[eventfd]"},
        {"timerfd_create", 7, LN_FD_TIMERFD, "anon_inode:[timerfd]"},
        {"epoll_create1", 8, LN_FD_EVENTPOLL, "anon_inode:[eventpoll]"},
        {"epoll_create", 9, LN_FD_EVENTPOLL, "anon_inode:[eventpoll]"},
        {"inotify_init1", 10, LN_FD_INOTIFY, "anon_inode:inotify"},
        {"inotify_init", 11, LN_FD_INOTIFY, "anon_inode:inotify"},
        {"userfaultfd", 12, LN_FD_USERFAULTFD, "anon_inode:[userfaultfd]"},
        {"io_uring_setup", 13, LN_FD_IO_URING, "anon_inode:[io_uring]"},
        {"pidfd_open", 14, LN_FD_PIDFD, "anon_inode:[pidfd]"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.event) {
            auto r = f.sys(c.event, c.fd);
            ctx = f.call(r);
            BOOST_REQUIRE(ctx.fd != nullptr);
            BOOST_TEST(ctx.fd_num == c.fd);
            BOOST_TEST(ctx.fd->type == c.type);
            BOOST_TEST(ctx.fd->name == c.name);
        }
    }
    // signalfd creates only with fd -1; otherwise it updates an existing one.
    auto sfd = f.sys("signalfd4", 15);
    sfd.set("fd", int64_t{-1}).set("flags", uint64_t{O_CLOEXEC});
    ctx = f.call(sfd);
    BOOST_TEST(ctx.fd->type == LN_FD_SIGNALFD);
    BOOST_TEST(ctx.fd->cloexec());
    auto update = f.sys("signalfd", 5);
    update.set("fd", int64_t{5});
    f.call(update);
    BOOST_TEST(f.fd(5)->type == LN_FD_EVENT);

    auto memfd = f.sys("memfd_create", 16);
    memfd.set("name", "payload").set("flags", uint64_t{MFD_CLOEXEC});
    ctx = f.call(memfd);
    BOOST_TEST(ctx.fd->type == LN_FD_MEMFD);
    BOOST_TEST(ctx.fd->name == "memfd:payload");
    BOOST_TEST(ctx.fd->cloexec());

    auto prog = f.sys("bpf", 17);
    prog.set("cmd", int64_t{BPF_PROG_LOAD});
    ctx = f.call(prog);
    BOOST_TEST(ctx.fd->type == LN_FD_BPF);
    BOOST_TEST(ctx.fd->name == "anon_inode:bpf-prog");
    auto update_elem = f.sys("bpf", 0);
    update_elem.set("cmd", int64_t{BPF_MAP_UPDATE_ELEM});
    ctx = f.call(update_elem);
    BOOST_TEST(ctx.fd == nullptr);
    BOOST_TEST(ctx.fd_num == -1);
    BOOST_TEST(f.fd(0) == nullptr);
}

BOOST_AUTO_TEST_CASE(pidfd_getfd_copies_another_processes_fd) {
    Fixture f;
    ProcSpec victim;
    victim.tid = victim.pid = 300;
    victim.ptid = 1;
    f.feed(threadinfo(victim));
    f.feed(fdinfo(300, 7, LN_FD_FILE, "/secret/key.pem"));
    auto open = f.sys("pidfd_open", 3);
    open.set("pid", int64_t{300});
    BOOST_TEST(f.call(open).fd->pidfd_pid == 300);
    auto getfd = f.sys("pidfd_getfd", 4);
    getfd.set("pidfd", int64_t{3}).set("targetfd", int64_t{7});
    auto ctx = f.call(getfd);
    BOOST_REQUIRE(ctx.fd != nullptr);
    BOOST_TEST(ctx.fd->name == "/secret/key.pem");
    BOOST_TEST(ctx.fd->cloexec());
}

BOOST_AUTO_TEST_CASE(failed_calls_create_no_fds) {
    Fixture f;
    f.call(openat(kPid, kPid, -ENOENT, "/nope"));
    auto sock = f.sys("socket", -EMFILE);
    sock.set("domain", int64_t{AF_INET}).set("type", uint64_t{SOCK_STREAM});
    f.call(sock);
    auto pipe = f.sys("pipe", -EMFILE);
    pipe.set("fd1", int64_t{3}).set("fd2", int64_t{4});
    f.call(pipe);
    auto accept = f.sys("accept", -EAGAIN);
    accept.set("listen_fd", int64_t{3});
    f.call(accept);
    auto memfd = f.sys("memfd_create", -EINVAL);
    memfd.set("name", "x");
    f.call(memfd);
    auto bind = f.sys("bind", -EADDRINUSE);
    bind.set("fd", int64_t{3}).set_bytes("addr", inet_sockaddr("0.0.0.0", 80));
    f.call(bind);
    BOOST_TEST(f.fds().size() == 0u);
    BOOST_TEST(f.tracker.counters().unknown_fds == 0u);
}

BOOST_AUTO_TEST_CASE(exec_closes_close_on_exec_fds) {
    Fixture f;
    f.call(openat(kPid, kPid, 3, "/keep"));
    f.call(openat(kPid, kPid, 4, "/drop", O_RDONLY | O_CLOEXEC));
    auto sock = f.sys("socket", 5);
    sock.set("domain", int64_t{AF_INET}).set("type", uint64_t{SOCK_STREAM | SOCK_CLOEXEC});
    f.call(sock);
    ProcSpec img;
    img.tid = img.pid = kPid;
    img.ptid = 1;
    f.call(execve_record(kPid, kPid, 0, img));
    BOOST_TEST(f.fd(3) != nullptr);
    BOOST_TEST(f.fd(4) == nullptr);
    BOOST_TEST(f.fd(5) == nullptr);
}

BOOST_AUTO_TEST_CASE(per_process_fd_limit_evicts_the_oldest) {
    StateConfig cfg = hermetic_config();
    cfg.max_fds_per_process = 4;
    Fixture f(cfg);
    for (int64_t fd = 3; fd < 13; ++fd) {
        auto ctx = f.call(openat(kPid, kPid, fd, "/tmp/" + std::to_string(fd)));
        BOOST_TEST(ctx.fd->name == "/tmp/" + std::to_string(fd));  // the new fd is always kept
        BOOST_TEST(f.fds().size() <= 4u);
    }
    BOOST_TEST(f.fds().size() == 4u);
    BOOST_TEST(f.tracker.counters().fd_evictions == 6u);
    BOOST_TEST(f.fd(12) != nullptr);
    // dup's source survives the eviction its copy causes.
    auto dup = f.sys("dup", 20);
    dup.set("oldfd", int64_t{12});
    BOOST_TEST(f.call(dup).fd->name == "/tmp/12");
    BOOST_TEST(f.fd(12) != nullptr);
}

BOOST_AUTO_TEST_CASE(fd_of_the_event_for_calls_on_an_fd) {
    Fixture f;
    f.call(openat(kPid, kPid, 3, "/etc/sudoers"));
    auto fchmod = f.sys("fchmod", 0);
    fchmod.set("fd", int64_t{3}).set("mode", 0777u);
    auto ctx = f.call(fchmod);
    BOOST_TEST(ctx.fd_num == 3);
    BOOST_REQUIRE(ctx.fd != nullptr);
    BOOST_TEST(ctx.fd->name == "/etc/sudoers");
    auto unlinkat = f.sys("unlinkat", 0);
    unlinkat.set("dirfd", int64_t{3}).set("name", "x");
    ctx = f.call(unlinkat);
    BOOST_TEST(ctx.fd == nullptr);  // a dirfd is not the event's fd
    BOOST_TEST(ctx.fd_num == -1);
}

BOOST_AUTO_TEST_CASE(inet_socket_names_read_as_inet_ntop_and_printf_write_them) {
    // The names are formatted by hand; compare with the C library on
    // random endpoints, with and without a client end.
    std::mt19937 rng(2024);
    for (int i = 0; i < 20000; ++i) {
        FdTuple t;
        t.family = i % 5 == 0 ? LN_AF_INET6 : LN_AF_INET;
        const size_t len = t.family == LN_AF_INET ? 4 : 16;
        for (InetEndpoint* e : {&t.client, &t.server}) {
            for (size_t b = 0; b < len; ++b)
                e->addr[b] = static_cast<uint8_t>(rng() % 4 == 0 ? 0 : rng() % 256);
            e->port = static_cast<uint16_t>(rng() % 3 == 0 ? rng() % 10 : rng() % 65536);
        }
        if (i % 7 == 0) t.client = InetEndpoint{};
        auto text = [&](const InetEndpoint& e) {
            char addr[INET6_ADDRSTRLEN];
            inet_ntop(t.family == LN_AF_INET ? AF_INET : AF_INET6, e.addr.data(), addr,
                      sizeof addr);
            return std::string(addr) + ":" + std::to_string(e.port);
        };
        const bool no_client = t.client == InetEndpoint{};
        const std::string expected = (no_client ? "" : text(t.client) + "->") + text(t.server);
        std::string got;
        format_socket_name(t, {}, got);
        BOOST_TEST_REQUIRE(got == expected);
    }
}
