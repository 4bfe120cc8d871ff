// The syscall tour: every syscall event of the schema from a direct syscall,
// so every filler of a driver runs at least once; for about twenty of them
// the values are checked too.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "actions.h"
#include "event/sockaddr.h"
#include "lanner/driver_abi.h"
#include "schema/event_table.h"

namespace lanner::guest {
namespace {

// vfork() whose child exits at once; its own frame keeps the caller's
// locals safe from the child (-Wclobbered).
__attribute__((noinline)) long vfork_and_exit() {
    const pid_t pid = ::vfork();
    if (pid == 0) ::_exit(0);
    return pid < 0 ? -errno : pid;
}

}  // namespace

void SyscallTour::verify(const Captured& cap, int self) const {
    for (const auto& e : expected_) {
        bool seen = false, values_ok = false;
        for (const auto& ev : cap.of(e.type, self)) {
            if (ev.s64(0) != e.ret) continue;
            seen = true;
            values_ok = values_ok || !e.values || e.values(ev);
        }
        check(seen && values_ok, "{}: record with res {}{}", schema::event_info(e.type).name, e.ret,
              e.values ? " and the expected values" : "");
    }
}

void SyscallTour::act() {
    SyscallTour& t = *this;
    const int self = ::getpid();
    ::mkdir("/tmp/tour", 0755);
    ::chdir("/tmp/tour");

    // files and fds
    long fd = sc(SYS_open, p("f1"), O_CREAT | O_RDWR, 0600);
    t.expect(LN_EVT_OPEN, fd);
    t.expect(LN_EVT_CREAT, sc(SYS_creat, p("f2"), 0600));
    struct {
        uint64_t flags, mode, resolve;
    } how{O_RDONLY, 0, 0};
    t.expect(LN_EVT_OPENAT2, sc(SYS_openat2, AT_FDCWD, p("f1"), p(&how), sizeof how),
             [](const Event& ev) {
                 return ev.str(LN_P_OPENAT2_NAME) == "f1" && ev.u32(LN_P_OPENAT2_FLAGS) == 0u &&
                        ev.u64(LN_P_OPENAT2_INO).value_or(0) != 0;
             });
    t.expect(LN_EVT_OPEN_BY_HANDLE_AT, sc(SYS_open_by_handle_at, AT_FDCWD, 0, O_RDONLY));
    const long d1 = sc(SYS_dup, fd);
    t.expect(LN_EVT_DUP, d1);
    t.expect(LN_EVT_DUP2, sc(SYS_dup2, fd, 40));
    t.expect(LN_EVT_DUP3, sc(SYS_dup3, fd, 41, O_CLOEXEC));
    t.expect(LN_EVT_FCNTL, sc(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 50), [](const Event& ev) {
        return ev.u32(LN_P_FCNTL_CMD) == static_cast<uint32_t>(F_DUPFD_CLOEXEC) &&
               ev.u64(LN_P_FCNTL_ARG) == 50u;
    });
    t.expect(LN_EVT_CLOSE_RANGE, sc(SYS_close_range, 40, 60, 0), [](const Event& ev) {
        return ev.s64(LN_P_CLOSE_RANGE_FD) == 40 && ev.s64(LN_P_CLOSE_RANGE_MAX_FD) == 60;
    });
    int fds[2];
    const long pr = sc(SYS_pipe, p(fds));
    t.expect(LN_EVT_PIPE, pr, [f0 = fds[0], f1 = fds[1]](const Event& ev) {
        return ev.s64(LN_P_PIPE_FD1) == f0 && ev.s64(LN_P_PIPE_FD2) == f1 &&
               ev.u64(LN_P_PIPE_INO).value_or(0) != 0;
    });
    t.expect(LN_EVT_PIPE2, sc(SYS_pipe2, p(fds), O_CLOEXEC));
    t.expect(LN_EVT_EVENTFD, sc(SYS_eventfd, 1));
    t.expect(LN_EVT_EVENTFD2, sc(SYS_eventfd2, 1, 0));
    uint64_t mask = 1;
    t.expect(LN_EVT_SIGNALFD, sc(SYS_signalfd, -1, p(&mask), 8),
             [](const Event& ev) { return ev.u64(LN_P_SIGNALFD_MASK) == 1u; });
    t.expect(LN_EVT_SIGNALFD4, sc(SYS_signalfd4, -1, p(&mask), 8, 0));
    t.expect(LN_EVT_TIMERFD_CREATE, sc(SYS_timerfd_create, CLOCK_MONOTONIC, 0));
    t.expect(LN_EVT_EPOLL_CREATE, sc(SYS_epoll_create, 4));
    t.expect(LN_EVT_EPOLL_CREATE1, sc(SYS_epoll_create1, 0));
    t.expect(LN_EVT_INOTIFY_INIT, sc(SYS_inotify_init));
    t.expect(LN_EVT_INOTIFY_INIT1, sc(SYS_inotify_init1, 0));
    t.expect(LN_EVT_MEMFD_CREATE, sc(SYS_memfd_create, p("tour"), 0));
    t.expect(LN_EVT_MKDIR, sc(SYS_mkdir, p("d1"), 0700));
    t.expect(LN_EVT_MKDIRAT, sc(SYS_mkdirat, AT_FDCWD, p("d2"), 0700));
    t.expect(LN_EVT_RMDIR, sc(SYS_rmdir, p("d2")));
    t.expect(LN_EVT_RENAME, sc(SYS_rename, p("f2"), p("f3")));
    t.expect(LN_EVT_RENAMEAT, sc(SYS_renameat, AT_FDCWD, p("f3"), AT_FDCWD, p("f4")));
    t.expect(LN_EVT_RENAMEAT2, sc(SYS_renameat2, AT_FDCWD, p("f4"), AT_FDCWD, p("f5"), 0),
             [](const Event& ev) {
                 return ev.str(LN_P_RENAMEAT2_OLDPATH) == "f4" &&
                        ev.str(LN_P_RENAMEAT2_NEWPATH) == "f5" &&
                        ev.s64(LN_P_RENAMEAT2_NEWDIRFD) == AT_FDCWD;
             });
    t.expect(LN_EVT_LINK, sc(SYS_link, p("f1"), p("l1")));
    t.expect(LN_EVT_LINKAT, sc(SYS_linkat, AT_FDCWD, p("f1"), AT_FDCWD, p("l2"), 0));
    t.expect(LN_EVT_SYMLINK, sc(SYS_symlink, p("f1"), p("s1")));
    t.expect(LN_EVT_SYMLINKAT, sc(SYS_symlinkat, p("f1"), AT_FDCWD, p("s2")));
    t.expect(LN_EVT_UNLINK, sc(SYS_unlink, p("l1")));
    t.expect(LN_EVT_CHMOD, sc(SYS_chmod, p("f1"), 0640));
    t.expect(LN_EVT_FCHMOD, sc(SYS_fchmod, fd, 0600));
    t.expect(LN_EVT_FCHMODAT, sc(SYS_fchmodat, AT_FDCWD, p("f1"), 0644));
    t.expect(LN_EVT_FCHMODAT2, sc(452, AT_FDCWD, p("f1"), 0644, 0));
    t.expect(LN_EVT_CHOWN, sc(SYS_chown, p("f1"), 0, 0));
    t.expect(LN_EVT_LCHOWN, sc(SYS_lchown, p("s1"), 0, 0));
    t.expect(LN_EVT_FCHOWN, sc(SYS_fchown, fd, 0, 0));
    t.expect(LN_EVT_FCHOWNAT, sc(SYS_fchownat, AT_FDCWD, p("f1"), 0, 0, 0));
    t.expect(LN_EVT_CHDIR, sc(SYS_chdir, p("d1")));
    const long dirfd = sc(SYS_open, p("/tmp/tour"), O_RDONLY | O_DIRECTORY);
    t.expect(LN_EVT_FCHDIR, sc(SYS_fchdir, dirfd));
    t.expect(LN_EVT_CHROOT, sc(SYS_chroot, p("/nonexistent")));
    t.expect(LN_EVT_MOUNT, sc(SYS_mount, p("none"), p("d1"), p("tmpfs"), MS_NOSUID, 0),
             [](const Event& ev) {
                 return ev.str(LN_P_MOUNT_DEV) == "none" && ev.str(LN_P_MOUNT_DIR) == "d1" &&
                        ev.str(LN_P_MOUNT_TYPE) == "tmpfs" &&
                        ev.u32(LN_P_MOUNT_FLAGS) == static_cast<uint32_t>(MS_NOSUID);
             });
    t.expect(LN_EVT_UMOUNT2, sc(SYS_umount2, p("d1"), 0));

    // network
    const long u1 = sc(SYS_socket, AF_INET, SOCK_DGRAM, 0);
    t.expect(LN_EVT_SOCKET, u1);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    t.expect(LN_EVT_BIND, sc(SYS_bind, u1, p(&a), sizeof a));
    socklen_t al = sizeof a;
    ::getsockname(static_cast<int>(u1), reinterpret_cast<sockaddr*>(&a), &al);
    const long u2 = sc(SYS_socket, AF_INET, SOCK_DGRAM, 0);
    char msg[] = "hello tour";
    const uint16_t port = ntohs(a.sin_port);
    auto is_msg = [msg](std::string_view v) { return v == std::string_view(msg, sizeof msg); };
    t.expect(LN_EVT_SENDTO, sc(SYS_sendto, u2, p(msg), sizeof msg, 0, p(&a), sizeof a),
             [=](const Event& ev) {
                 auto tu = decode_socktuple(ev.str(LN_P_SENDTO_TUPLE));
                 return is_msg(ev.str(LN_P_SENDTO_DATA)) &&
                        ev.u32(LN_P_SENDTO_SIZE) == sizeof msg && tu && tu->server.port == port;
             });
    char in[64];
    sockaddr_in from{};
    socklen_t fl = sizeof from;
    t.expect(LN_EVT_RECVFROM, sc(SYS_recvfrom, u1, p(in), sizeof in, 0, p(&from), p(&fl)),
             [=](const Event& ev) {
                 auto tu = decode_socktuple(ev.str(LN_P_RECVFROM_TUPLE));
                 return is_msg(ev.str(LN_P_RECVFROM_DATA)) && tu && tu->server.port == port &&
                        tu->client.port != 0;
             });
    iovec iov{msg, sizeof msg};
    msghdr mh{};
    mh.msg_name = &a;
    mh.msg_namelen = sizeof a;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    t.expect(LN_EVT_SENDMSG, sc(SYS_sendmsg, u2, p(&mh), 0), [=](const Event& ev) {
        auto tu = decode_socktuple(ev.str(LN_P_SENDMSG_TUPLE));
        return is_msg(ev.str(LN_P_SENDMSG_DATA)) && ev.u32(LN_P_SENDMSG_SIZE) == sizeof msg && tu &&
               tu->server.port == port;
    });
    iovec riov{in, sizeof in};
    msghdr rh{};
    rh.msg_iov = &riov;
    rh.msg_iovlen = 1;
    t.expect(LN_EVT_RECVMSG, sc(SYS_recvmsg, u1, p(&rh), 0), [=](const Event& ev) {
        return is_msg(ev.str(LN_P_RECVMSG_DATA)) && ev.u32(LN_P_RECVMSG_SIZE) == sizeof in;
    });
    mmsghdr mm{};
    mm.msg_hdr = mh;
    t.expect(LN_EVT_SENDMMSG, sc(SYS_sendmmsg, u2, p(&mm), 1, 0));
    mmsghdr rm{};
    rm.msg_hdr = rh;
    t.expect(LN_EVT_RECVMMSG, sc(SYS_recvmmsg, u1, p(&rm), 1, 0, 0), [=](const Event& ev) {
        return is_msg(ev.str(LN_P_RECVMMSG_DATA)) && ev.u32(LN_P_RECVMMSG_VLEN) == 1u;
    });
    int err = 0;
    socklen_t el = sizeof err;
    t.expect(LN_EVT_GETSOCKOPT, sc(SYS_getsockopt, u1, SOL_SOCKET, SO_ERROR, p(&err), p(&el)),
             [](const Event& ev) {
                 return ev.s64(LN_P_GETSOCKOPT_VAL) == 0 && ev.u32(LN_P_GETSOCKOPT_OPTLEN) == 4u;
             });
    int sv[2];
    const long spr = sc(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, p(sv));
    t.expect(LN_EVT_SOCKETPAIR, spr, [s0 = sv[0], s1 = sv[1]](const Event& ev) {
        const auto source = ev.u64(LN_P_SOCKETPAIR_SOURCE).value_or(0);
        const auto peer = ev.u64(LN_P_SOCKETPAIR_PEER).value_or(0);
        return ev.s64(LN_P_SOCKETPAIR_FD1) == s0 && ev.s64(LN_P_SOCKETPAIR_FD2) == s1 &&
               source != 0 && peer != 0 && source != peer &&
               ev.u32(LN_P_SOCKETPAIR_DOMAIN) == AF_UNIX;
    });
    t.expect(LN_EVT_SHUTDOWN, sc(SYS_shutdown, sv[0], SHUT_WR));
    const long ls = sc(SYS_socket, AF_INET, SOCK_STREAM, 0);
    a.sin_port = 0;
    sc(SYS_bind, ls, p(&a), sizeof a);
    t.expect(LN_EVT_LISTEN, sc(SYS_listen, ls, 2));
    al = sizeof a;
    ::getsockname(static_cast<int>(ls), reinterpret_cast<sockaddr*>(&a), &al);
    const long c1 = sc(SYS_socket, AF_INET, SOCK_STREAM, 0);
    t.expect(LN_EVT_CONNECT, sc(SYS_connect, c1, p(&a), sizeof a));
    t.expect(LN_EVT_ACCEPT4, sc(SYS_accept4, ls, 0, 0, SOCK_CLOEXEC));
    const long un = sc(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un ua{};
    ua.sun_family = AF_UNIX;
    std::strcpy(ua.sun_path, "/tmp/tour/sock");
    t.expect(LN_EVT_CONNECT, sc(SYS_connect, un, p(&ua), sizeof ua));

    // credentials and processes
    t.expect(LN_EVT_SETUID, sc(SYS_setuid, 0));
    t.expect(LN_EVT_SETGID, sc(SYS_setgid, 0));
    t.expect(LN_EVT_SETREUID, sc(SYS_setreuid, -1, -1));
    t.expect(LN_EVT_SETREGID, sc(SYS_setregid, -1, -1));
    t.expect(LN_EVT_SETRESUID, sc(SYS_setresuid, -1, -1, -1));
    t.expect(LN_EVT_SETRESGID, sc(SYS_setresgid, -1, -1, -1));
    t.expect(LN_EVT_SETSID, sc(SYS_setsid));
    t.expect(LN_EVT_SETPGID, sc(SYS_setpgid, 0, 0));
    struct {
        uint32_t version;
        int pid;
    } caph{0x20080522, 0};
    uint32_t capd[6] = {};
    sc(SYS_capget, p(&caph), p(capd));
    const uint64_t eff = capd[0] | (uint64_t{capd[3]} << 32);
    t.expect(LN_EVT_CAPSET, sc(SYS_capset, p(&caph), p(capd)),
             [eff](const Event& ev) { return ev.u64(LN_P_CAPSET_CAP_EFFECTIVE) == eff; });
    t.expect(LN_EVT_PRCTL, sc(SYS_prctl, PR_SET_NAME, p("kmod_guest_test")), [](const Event& ev) {
        return ev.str(LN_P_PRCTL_ARG2_STR) == "kmod_guest_test" &&
               ev.param(LN_P_PRCTL_ARG2_INT).empty();
    });
    t.expect(LN_EVT_PTRACE, sc(SYS_ptrace, PTRACE_PEEKDATA, 1, 0, 0));
    t.expect(LN_EVT_KILL, sc(SYS_kill, self, 0), [self](const Event& ev) {
        return ev.s64(LN_P_KILL_PID) == self && ev.param(LN_P_KILL_SIG).as<uint8_t>() == 0;
    });
    t.expect(LN_EVT_TKILL, sc(SYS_tkill, self, 0));
    t.expect(LN_EVT_TGKILL, sc(SYS_tgkill, self, self, 0));
    t.expect(LN_EVT_UNSHARE, sc(SYS_unshare, 0));
    t.expect(LN_EVT_SETNS, sc(SYS_setns, -1, 0));
    t.expect(LN_EVT_BPF, sc(SYS_bpf, 999, 0, 0));
    t.expect(LN_EVT_USERFAULTFD, sc(SYS_userfaultfd, O_CLOEXEC));
    uint32_t params[30] = {};
    const long ur = sc(SYS_io_uring_setup, 4, p(params));
    t.expect(LN_EVT_IO_URING_SETUP, ur, [sq = params[0], ur](const Event& ev) {
        return ev.u32(LN_P_IO_URING_SETUP_ENTRIES) == 4u &&
               (ur < 0 || ev.u32(LN_P_IO_URING_SETUP_SQ_ENTRIES) == sq);
    });
    // Module parameters from the stack: a string literal's page may not be
    // mapped in a fresh child yet, and drivers never fault pages in.
    char no_params[1] = {0};
    t.expect(LN_EVT_INIT_MODULE, sc(SYS_init_module, p(msg), sizeof msg, p(no_params)),
             [=](const Event& ev) {
                 return is_msg(ev.str(LN_P_INIT_MODULE_IMG)) &&
                        ev.u64(LN_P_INIT_MODULE_LENGTH) == sizeof msg;
             });
    t.expect(LN_EVT_FINIT_MODULE, sc(SYS_finit_module, -1, p(""), 0));
    t.expect(LN_EVT_DELETE_MODULE, sc(SYS_delete_module, p("no_such_module"), O_NONBLOCK));
    const long pfd = sc(SYS_pidfd_open, self, 0);
    t.expect(LN_EVT_PIDFD_OPEN, pfd);
    t.expect(LN_EVT_PIDFD_GETFD, sc(SYS_pidfd_getfd, pfd, fd, 0));
    const char* argv[] = {"nope", nullptr};
    t.expect(LN_EVT_EXECVEAT, sc(SYS_execveat, AT_FDCWD, p("/nonexistent"), p(argv), 0, 0));
    clone_args ca{};
    ca.exit_signal = SIGCHLD;
    const long c3 = sc(SYS_clone3, p(&ca), sizeof ca);
    if (c3 == 0) ::_exit(0);
    t.expect(LN_EVT_CLONE3, c3);
    wait_status(static_cast<pid_t>(c3));
    const long fk = sc(SYS_fork);
    if (fk == 0) ::_exit(0);
    t.expect(LN_EVT_FORK, fk);
    wait_status(static_cast<pid_t>(fk));
    const long vf = vfork_and_exit();
    t.expect(LN_EVT_VFORK, vf);
    wait_status(static_cast<pid_t>(vf));
    t.expect(LN_EVT_CLOSE, sc(SYS_close, d1));

    ::chdir("/");
}

}  // namespace lanner::guest
