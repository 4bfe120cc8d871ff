// The scripted actions of issue 5: a read of /etc/shadow, a write below
// /etc, execs (one failing), a shell in a new mount + pid namespace and a
// loopback connect; their records are checked value by value.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actions.h"
#include "event/sockaddr.h"
#include "lanner/driver_abi.h"

namespace lanner::guest {

ScriptedFacts scripted_actions() {
    ScriptedFacts f;
    f.self = ::getpid();

    // 1. Read of /etc/shadow.
    f.shadow_fd = static_cast<int>(::syscall(SYS_openat, AT_FDCWD, "/etc/shadow", O_RDONLY));
    char buf[64];
    (void)!::read(f.shadow_fd, buf, sizeof buf);
    ::fstat(f.shadow_fd, &f.shadow_st);
    ::syscall(SYS_close, f.shadow_fd);

    // 2. A write below /etc, then its removal.
    const int wfd = static_cast<int>(
        ::syscall(SYS_openat, AT_FDCWD, "/etc/lanner-probe", O_WRONLY | O_CREAT | O_TRUNC, 0640));
    (void)!::write(wfd, "x", 1);
    ::syscall(SYS_close, wfd);
    f.unlink_res = ::syscall(SYS_unlinkat, AT_FDCWD, "/etc/lanner-probe", 0);

    // 3. exec of a program, and a failed exec.
    f.child = spawn("/bin/true", {"true", "a1", "second arg"});
    f.child_status = wait_status(f.child);
    f.bad = spawn("/nonexistent/prog", {"prog", "x"});
    wait_status(f.bad);
    f.three = spawn("/bin/sh", {"sh", "-c", "exit 3"});
    wait_status(f.three);

    // 4. A shell in a new mount + pid namespace.
    const pid_t ns =
        spawn("/bin/unshare", {"unshare", "-m", "-p", "-f", "/bin/sh", "-c", "exit 0"});
    wait_status(ns);

    // 5. A loopback connect.
    f.server_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in& sa = f.server;
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    ::bind(f.server_fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    ::listen(f.server_fd, 4);
    ::getsockname(f.server_fd, reinterpret_cast<sockaddr*>(&sa), &sl);
    f.client_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    f.connect_res = ::connect(f.client_fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    sl = sizeof f.local;
    ::getsockname(f.client_fd, reinterpret_cast<sockaddr*>(&f.local), &sl);
    const int acc = ::accept(f.server_fd, nullptr, nullptr);
    ::close(acc);
    ::close(f.client_fd);
    ::close(f.server_fd);
    return f;
}

void verify_scripted(const ScriptedFacts& f, const Captured& cap) {
    const int self = f.self, fd = f.shadow_fd, child = f.child, bad = f.bad, three = f.three;
    const int cli = f.client_fd, srv = f.server_fd, cres = f.connect_res;
    const long unl = f.unlink_res;
    const int child_status = f.child_status;
    const struct stat& st = f.shadow_st;
    const sockaddr_in &sa = f.server, &local = f.local;

    // Every record decodes and its header is sane.
    bool all_ok = true;
    for (const auto& r : cap.records) {
        Event ev;
        if (auto err = Event::decode(r, ev)) {
            all_ok = false;
            fmt::print("  bad record: {}\n", err->describe());
        } else if (ev.hdr().cpu >= static_cast<uint32_t>(::sysconf(_SC_NPROCESSORS_CONF)) ||
                   ev.type() == 0 || ev.type() >= LN_EVT_MAX) {
            all_ok = false;
        }
    }
    check(all_ok, "every record decodes with Event::decode");

    // openat of /etc/shadow
    bool seen = false;
    for (const auto& ev : cap.of(LN_EVT_OPENAT, self)) {
        if (ev.str(LN_P_OPENAT_NAME) != "/etc/shadow") continue;
        seen = true;
        check(ev.s64(LN_P_OPENAT_FD) == fd, "openat fd {} == {}",
              ev.s64(LN_P_OPENAT_FD).value_or(-999), fd);
        check(ev.s64(LN_P_OPENAT_DIRFD) == AT_FDCWD, "openat dirfd is AT_FDCWD");
        check((ev.u32(LN_P_OPENAT_FLAGS).value_or(99) & O_ACCMODE) == O_RDONLY,
              "openat flags O_RDONLY");
        // DEV is the kernel's encoding: major << 20 | minor.
        const uint32_t kdev = (major(st.st_dev) << 20) | minor(st.st_dev);
        check(ev.u32(LN_P_OPENAT_DEV) == kdev, "openat dev {:#x} == {:#x}",
              ev.u32(LN_P_OPENAT_DEV).value_or(0), kdev);
        check(ev.u64(LN_P_OPENAT_INO) == st.st_ino, "openat ino {} == {}",
              ev.u64(LN_P_OPENAT_INO).value_or(0), st.st_ino);
        check(ev.tid() == static_cast<uint32_t>(self), "openat header tid");
    }
    check(seen, "openat record for /etc/shadow");

    seen = false;
    for (const auto& ev : cap.of(LN_EVT_CLOSE, self))
        seen = seen || (ev.s64(LN_P_CLOSE_FD) == fd && ev.result() == 0);
    check(seen, "close record for the /etc/shadow fd");

    seen = false;
    for (const auto& ev : cap.of(LN_EVT_OPENAT, self)) {
        if (ev.str(LN_P_OPENAT_NAME) != "/etc/lanner-probe") continue;
        seen = true;
        check(ev.u32(LN_P_OPENAT_FLAGS) == static_cast<uint32_t>(O_WRONLY | O_CREAT | O_TRUNC),
              "write open flags {:#x}", ev.u32(LN_P_OPENAT_FLAGS).value_or(0));
        check(ev.u32(LN_P_OPENAT_MODE) == 0640u, "write open mode {:o}",
              ev.u32(LN_P_OPENAT_MODE).value_or(0));
    }
    check(seen, "openat record for the write below /etc");
    seen = false;
    for (const auto& ev : cap.of(LN_EVT_UNLINKAT, self))
        seen = seen || (ev.str(LN_P_UNLINKAT_NAME) == "/etc/lanner-probe" && ev.result() == unl);
    check(seen, "unlinkat record for /etc/lanner-probe");

    // fork: one record in the parent (res = child), one in the child (res = 0).
    auto is_clone = [](uint16_t t) {
        return t == LN_EVT_CLONE || t == LN_EVT_FORK || t == LN_EVT_VFORK || t == LN_EVT_CLONE3;
    };
    bool parent_rec = false, child_rec = false;
    for (const auto& r : cap.records) {
        Event ev;
        if (Event::decode(r, ev) || !is_clone(ev.type())) continue;
        if (ev.pid() == static_cast<uint32_t>(self) && ev.s64(0) == child) parent_rec = true;
        if (ev.pid() == static_cast<uint32_t>(child) && ev.s64(0) == 0) {
            child_rec = true;
            check(ev.s64(LN_P_CLONE_PTID) == self, "clone child ptid is the parent");
            check(ev.str(LN_P_CLONE_COMM) == "kmod_guest_test", "clone child comm '{}'",
                  ev.str(LN_P_CLONE_COMM));
        }
    }
    check(parent_rec, "clone record in the parent with res = child pid");
    check(child_rec, "clone record in the child with res = 0");

    seen = false;
    for (const auto& ev : cap.of(LN_EVT_EXECVE, child)) {
        seen = true;
        check(ev.result() == 0, "execve res 0");
        check(ev.str(LN_P_EXECVE_FILENAME) == "/bin/true", "execve filename '{}'",
              ev.str(LN_P_EXECVE_FILENAME));
        check(ev.str(LN_P_EXECVE_EXE) == "true", "execve exe '{}'", ev.str(LN_P_EXECVE_EXE));
        check(ev.str(LN_P_EXECVE_ARGS) == list({"a1", "second arg"}), "execve args");
        check(ev.str(LN_P_EXECVE_COMM) == "true", "execve comm '{}'", ev.str(LN_P_EXECVE_COMM));
        check(ev.str(LN_P_EXECVE_TRUSTED_EXEPATH) == "/bin/busybox", "execve trusted_exepath '{}'",
              ev.str(LN_P_EXECVE_TRUSTED_EXEPATH));
        check(ev.str(LN_P_EXECVE_CWD) == "/", "execve cwd '{}'", ev.str(LN_P_EXECVE_CWD));
        check(ev.str(LN_P_EXECVE_ENV) == list({"LANNER_TEST=1", "PATH=/bin"}), "execve env");
        check(ev.s64(LN_P_EXECVE_PTID) == self, "execve ptid");
        check(ev.u32(LN_P_EXECVE_UID) == 0u && ev.u32(LN_P_EXECVE_LOGINUID) == 4294967295u,
              "execve uid 0, loginuid unset");
        check(ev.s64(LN_P_EXECVE_VPID) == child, "execve vpid == pid outside namespaces");
        check(ev.u64(LN_P_EXECVE_CAP_EFFECTIVE).value_or(0) != 0, "execve root has capabilities");
        // No cgroup file system is mounted: every subsystem sits at its root.
        const auto cg = ev.str(LN_P_EXECVE_CGROUPS);
        check(!cg.empty() && cg.find("memory=/") != std::string_view::npos && cg.back() == '\0',
              "execve cgroups list ({} bytes)", cg.size());
        struct stat bst {};
        ::stat("/bin/busybox", &bst);
        check(ev.u64(LN_P_EXECVE_EXE_INO) == bst.st_ino, "execve exe_ino");
        check(ev.u64(LN_P_EXECVE_START_TS).value_or(0) > 0, "execve start_ts");
        check((ev.hdr().flags & LN_EF_PARTIAL) == 0, "execve record complete");
    }
    check(seen, "execve record of /bin/true");

    seen = false;
    for (const auto& ev : cap.of(LN_EVT_PROCEXIT, child)) {
        seen = true;
        check(ev.s64(LN_P_PROCEXIT_STATUS) == child_status, "procexit status {}", child_status);
    }
    check(seen, "procexit of the exec'd child");
    seen = false;
    for (const auto& ev : cap.of(LN_EVT_PROCEXIT, three))
        seen = seen ||
               (ev.s64(LN_P_PROCEXIT_RET) == 3 && ev.param(LN_P_PROCEXIT_SIG).as<uint8_t>() == 0);
    check(seen, "procexit of 'exit 3' has ret 3");

    seen = false;
    for (const auto& ev : cap.of(LN_EVT_EXECVE, bad)) {
        seen = true;
        check(ev.result() == -ENOENT, "failed execve res -ENOENT");
        check(ev.str(LN_P_EXECVE_FILENAME) == "/nonexistent/prog", "failed execve filename");
        check(ev.str(LN_P_EXECVE_EXE) == "prog" && ev.str(LN_P_EXECVE_ARGS) == list({"x"}),
              "failed execve exe/args from the caller's argv");
    }
    check(seen, "execve record of the failed exec");

    // The namespaced shell: unshare's flags, then sh as pid 1 of its namespace.
    seen = false;
    for (const auto& ev : cap.of(LN_EVT_UNSHARE))
        seen = seen || ((ev.u32(LN_P_UNSHARE_FLAGS).value_or(0) & (CLONE_NEWNS | CLONE_NEWPID)) ==
                        static_cast<uint32_t>(CLONE_NEWNS | CLONE_NEWPID));
    check(seen, "unshare record with CLONE_NEWNS|CLONE_NEWPID");
    seen = false;
    for (const auto& ev : cap.of(LN_EVT_EXECVE))
        if (ev.str(LN_P_EXECVE_COMM) == "sh" && ev.s64(LN_P_EXECVE_VPID) == 1 && ev.pid() != 1) {
            seen = true;
            check(ev.u64(LN_P_EXECVE_PIDNS_INIT_START_TS) == ev.u64(LN_P_EXECVE_START_TS),
                  "namespaced sh is its namespace's init");
        }
    check(seen, "execve of sh as pid 1 of a new pid namespace");

    // connect / accept tuples (the tour connects too: its records go to other ports)
    seen = false;
    for (const auto& ev : cap.of(LN_EVT_CONNECT, self)) {
        auto a = decode_sockaddr(ev.str(LN_P_CONNECT_ADDR));
        if (!a || a->family != LN_AF_INET || a->inet.port != ntohs(sa.sin_port)) continue;
        seen = true;
        check(ev.result() == cres, "connect res {}", cres);
        auto t = decode_socktuple(ev.str(LN_P_CONNECT_TUPLE));
        check(t && t->family == LN_AF_INET && t->client.ip.to_string() == "127.0.0.1" &&
                  t->client.port == ntohs(local.sin_port) && t->server.port == ntohs(sa.sin_port),
              "connect tuple 127.0.0.1:{} -> 127.0.0.1:{}", ntohs(local.sin_port),
              ntohs(sa.sin_port));
        check(ev.s64(LN_P_CONNECT_FD) == cli, "connect fd");
    }
    check(seen, "connect record");
    seen = false;
    for (const auto& ev : cap.of(LN_EVT_ACCEPT, self)) {
        seen = true;
        auto t = decode_socktuple(ev.str(LN_P_ACCEPT_TUPLE));
        check(t && t->client.port == ntohs(local.sin_port) && t->server.port == ntohs(sa.sin_port),
              "accept tuple: client is the peer");
        check(ev.s64(LN_P_ACCEPT_LISTEN_FD) == srv, "accept listen_fd");
    }
    check(seen, "accept record");
}

}  // namespace lanner::guest
