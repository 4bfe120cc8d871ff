// The kernel module's tests, run inside a qemu guest by scripts/kernel-test
// (as root, with the module built for the guest's kernel). Each test prints
// "ok" or "not ok" lines; the last line is "N passed, M failed" and the exit
// status is 0 only when nothing failed. Metrics lines start with "metric:".
//
//   kmod_guest_test MODULE.ko
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "event/event.h"
#include "event/sockaddr.h"
#include "lanner/driver_abi.h"
#include "schema/event_table.h"
#include "source/interest.h"
#include "source/kmod_source.h"

using namespace lanner;
using Clock = std::chrono::steady_clock;

namespace {

int g_passed = 0;
int g_failed = 0;
std::string g_module;

template <typename... Args>
bool check(bool ok, fmt::format_string<Args...> f, Args&&... args) {
    const std::string what = fmt::format(f, std::forward<Args>(args)...);
    fmt::print("{} - {}\n", ok ? "ok" : "not ok", what);
    std::fflush(stdout);
    (ok ? g_passed : g_failed)++;
    return ok;
}

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// ---- module loading ---------------------------------------------------------

int load_module(const std::string& params = "") {
    const int fd = ::open(g_module.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    const long r = ::syscall(SYS_finit_module, fd, params.c_str(), 0);
    const int err = r == 0 ? 0 : errno;
    ::close(fd);
    return err;
}

int unload_module() {
    return ::syscall(SYS_delete_module, "lanner", O_NONBLOCK) == 0 ? 0 : errno;
}

void set_ring_bytes(uint32_t bytes) {
    FILE* f = std::fopen("/sys/module/lanner/parameters/ring_bytes", "w");
    if (!f) return;
    std::fprintf(f, "%u\n", bytes);
    std::fclose(f);
}

// ---- capturing --------------------------------------------------------------

struct Captured {
    std::vector<std::vector<uint8_t>> records;

    // Every record of `type` (optionally from process `pid`), decoded.
    std::vector<Event> of(uint16_t type, int pid = -1) const {
        std::vector<Event> out;
        for (const auto& r : records) {
            Event ev;
            if (Event::decode(r, ev)) continue;
            if (ev.type() == type && (pid < 0 || ev.pid() == static_cast<uint32_t>(pid)))
                out.push_back(ev);
        }
        return out;
    }
};

// Reads until nothing arrives for `quiet`, or for at most `limit` (a busy
// system never goes quiet).
void drain(KmodSource& src, Captured& into,
           std::chrono::milliseconds quiet = std::chrono::milliseconds(300),
           std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    const auto t0 = Clock::now();
    Event ev;
    while (Clock::now() - t0 < limit && src.next(ev, quiet) == NextStatus::Event)
        into.records.emplace_back(ev.raw(), ev.raw() + ev.len());
}

pid_t spawn(const char* path, std::vector<const char*> argv) {
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        char* env[] = {const_cast<char*>("LANNER_TEST=1"), const_cast<char*>("PATH=/bin"), nullptr};
        ::execve(path, const_cast<char* const*>(argv.data()), env);
        ::_exit(127);
    }
    return pid;
}

int wait_status(pid_t pid) {
    int st = 0;
    ::waitpid(pid, &st, 0);
    return st;
}

std::string list(std::initializer_list<const char*> items) {
    std::string s;
    for (auto* i : items) {
        s += i;
        s.push_back('\0');
    }
    return s;
}

// ---- tests ------------------------------------------------------------------

void test_load() {
    const auto t0 = Clock::now();
    const int err = load_module();
    const double ms = ms_since(t0);
    check(err == 0, "module loads (finit_module: {})", std::strerror(err));
    fmt::print("metric: module_load_ms={:.1f}\n", ms);
    struct stat st {};
    check(::stat("/dev/lanner", &st) == 0 && S_ISCHR(st.st_mode), "/dev/lanner exists");
    check((st.st_mode & 07777) == 0600 && st.st_uid == 0, "/dev/lanner is 0600 root ({:o})",
          st.st_mode & 07777);
}

void test_version_and_exclusive_open() {
    KmodSource src({});
    check(src.version().api_version == LN_DRIVER_API_VERSION, "API version {}",
          src.version().api_version);
    check(src.version().schema_version == LN_SCHEMA_VERSION, "schema version {:#x}",
          src.version().schema_version);
    check(src.ring_count() == static_cast<size_t>(::sysconf(_SC_NPROCESSORS_CONF)),
          "one ring per CPU ({})", src.ring_count());
    const int fd = ::open("/dev/lanner", O_RDWR);
    check(fd < 0 && errno == EBUSY, "a second reader is refused (EBUSY)");
    if (fd >= 0) ::close(fd);
    check(unload_module() != 0, "unload is refused while a reader is attached");
}

void test_scripted_actions() {
    KmodSource src({});
    auto t0 = Clock::now();
    src.start();
    fmt::print("metric: attach_ms={:.1f}\n", ms_since(t0));
    const int self = ::getpid();
    Captured cap;

    // 1. Read of /etc/shadow.
    const int fd = static_cast<int>(::syscall(SYS_openat, AT_FDCWD, "/etc/shadow", O_RDONLY));
    char buf[64];
    (void)!::read(fd, buf, sizeof buf);
    struct stat st {};
    ::fstat(fd, &st);
    ::syscall(SYS_close, fd);

    // 2. A write below /etc, then its removal.
    const int wfd = static_cast<int>(
        ::syscall(SYS_openat, AT_FDCWD, "/etc/lanner-probe", O_WRONLY | O_CREAT | O_TRUNC, 0640));
    (void)!::write(wfd, "x", 1);
    ::syscall(SYS_close, wfd);
    const long unl = ::syscall(SYS_unlinkat, AT_FDCWD, "/etc/lanner-probe", 0);

    // 3. exec of a program, and a failed exec.
    const pid_t child = spawn("/bin/true", {"true", "a1", "second arg"});
    const int child_status = wait_status(child);
    const pid_t bad = spawn("/nonexistent/prog", {"prog", "x"});
    wait_status(bad);
    const pid_t three = spawn("/bin/sh", {"sh", "-c", "exit 3"});
    wait_status(three);

    // 4. A shell in a new mount + pid namespace.
    const pid_t ns =
        spawn("/bin/unshare", {"unshare", "-m", "-p", "-f", "/bin/sh", "-c", "exit 0"});
    wait_status(ns);

    // 5. A loopback connect.
    const int srv = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    ::bind(srv, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    ::listen(srv, 4);
    ::getsockname(srv, reinterpret_cast<sockaddr*>(&sa), &sl);
    const int cli = ::socket(AF_INET, SOCK_STREAM, 0);
    const int cres = ::connect(cli, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    sockaddr_in local{};
    sl = sizeof local;
    ::getsockname(cli, reinterpret_cast<sockaddr*>(&local), &sl);
    const int acc = ::accept(srv, nullptr, nullptr);
    ::close(acc);
    ::close(cli);
    ::close(srv);

    drain(src, cap);
    src.stop();
    check(!cap.records.empty(), "records arrived ({})", cap.records.size());

    // Every record decodes and its header is sane.
    bool all_ok = true;
    for (const auto& r : cap.records) {
        Event ev;
        if (auto err = Event::decode(r, ev)) {
            all_ok = false;
            fmt::print("  bad record: {}\n", err->describe());
        } else if (ev.hdr().cpu >= src.ring_count() || ev.type() == 0 || ev.type() >= LN_EVT_MAX) {
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

    // connect / accept tuples
    seen = false;
    for (const auto& ev : cap.of(LN_EVT_CONNECT, self)) {
        seen = true;
        check(ev.result() == cres, "connect res {}", cres);
        auto t = decode_socktuple(ev.str(LN_P_CONNECT_TUPLE));
        check(t && t->family == LN_AF_INET && t->client.ip.to_string() == "127.0.0.1" &&
                  t->client.port == ntohs(local.sin_port) && t->server.port == ntohs(sa.sin_port),
              "connect tuple 127.0.0.1:{} -> 127.0.0.1:{}", ntohs(local.sin_port),
              ntohs(sa.sin_port));
        auto a = decode_sockaddr(ev.str(LN_P_CONNECT_ADDR));
        check(a && a->family == LN_AF_INET && a->inet.port == ntohs(sa.sin_port), "connect addr");
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

// Every event the module produces, once: each syscall is made directly and
// its record must arrive, decode, and carry the result the call returned.
// This runs every filler in the module at least once.
class SyscallTour {
  public:
    using Check = std::function<bool(const Event&)>;
    // A record of `type` with result `ret` must arrive; `values`, when
    // given, must hold for it.
    void expect(uint16_t type, long ret, Check values = {}) {
        expected_.push_back({type, ret, std::move(values)});
    }

    void run(KmodSource& src, int self) {
        Captured cap;
        drain(src, cap);
        for (const auto& e : expected_) {
            bool seen = false, values_ok = false;
            for (const auto& ev : cap.of(e.type, self)) {
                if (ev.s64(0) != e.ret) continue;
                seen = true;
                values_ok = values_ok || !e.values || e.values(ev);
            }
            check(seen && values_ok, "{}: record with res {}{}", schema::event_info(e.type).name,
                  e.ret, e.values ? " and the expected values" : "");
        }
    }

  private:
    struct Expected {
        uint16_t type;
        long ret;
        Check values;
    };
    std::vector<Expected> expected_;
};

long sc(long nr, long a = 0, long b = 0, long c = 0, long d = 0, long e = 0, long f = 0) {
    const long r = ::syscall(nr, a, b, c, d, e, f);
    return r < 0 ? -errno : r;
}

// vfork() whose child exits at once; its own frame keeps the caller's
// locals safe from the child (-Wclobbered).
__attribute__((noinline)) long vfork_and_exit() {
    const pid_t pid = ::vfork();
    if (pid == 0) ::_exit(0);
    return pid < 0 ? -errno : pid;
}

template <typename T>
long p(T* ptr) {
    return reinterpret_cast<long>(ptr);
}

void test_syscall_tour() {
    KmodSource src({});
    src.start();
    SyscallTour t;
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
    auto is_msg = [&msg](std::string_view v) { return v == std::string_view(msg, sizeof msg); };
    t.expect(LN_EVT_SENDTO, sc(SYS_sendto, u2, p(msg), sizeof msg, 0, p(&a), sizeof a),
             [&](const Event& ev) {
                 auto tu = decode_socktuple(ev.str(LN_P_SENDTO_TUPLE));
                 return is_msg(ev.str(LN_P_SENDTO_DATA)) &&
                        ev.u32(LN_P_SENDTO_SIZE) == sizeof msg && tu && tu->server.port == port;
             });
    char in[64];
    sockaddr_in from{};
    socklen_t fl = sizeof from;
    t.expect(LN_EVT_RECVFROM, sc(SYS_recvfrom, u1, p(in), sizeof in, 0, p(&from), p(&fl)),
             [&](const Event& ev) {
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
    t.expect(LN_EVT_SENDMSG, sc(SYS_sendmsg, u2, p(&mh), 0), [&](const Event& ev) {
        auto tu = decode_socktuple(ev.str(LN_P_SENDMSG_TUPLE));
        return is_msg(ev.str(LN_P_SENDMSG_DATA)) && ev.u32(LN_P_SENDMSG_SIZE) == sizeof msg && tu &&
               tu->server.port == port;
    });
    iovec riov{in, sizeof in};
    msghdr rh{};
    rh.msg_iov = &riov;
    rh.msg_iovlen = 1;
    t.expect(LN_EVT_RECVMSG, sc(SYS_recvmsg, u1, p(&rh), 0), [&](const Event& ev) {
        return is_msg(ev.str(LN_P_RECVMSG_DATA)) && ev.u32(LN_P_RECVMSG_SIZE) == sizeof in;
    });
    mmsghdr mm{};
    mm.msg_hdr = mh;
    t.expect(LN_EVT_SENDMMSG, sc(SYS_sendmmsg, u2, p(&mm), 1, 0));
    mmsghdr rm{};
    rm.msg_hdr = rh;
    t.expect(LN_EVT_RECVMMSG, sc(SYS_recvmmsg, u1, p(&rm), 1, 0, 0), [&](const Event& ev) {
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
    t.expect(LN_EVT_INIT_MODULE, sc(SYS_init_module, p(msg), sizeof msg, p("")),
             [&](const Event& ev) {
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

    t.run(src, self);
    src.stop();
    ::chdir("/");
}

// poll() wakes a reader only when it set `waiting` and a ring holds at
// least the watermark: a trickle below it times out, a burst wakes at once.
void test_poll_watermark() {
    set_ring_bytes(64 << 10);
    const int fd = ::open("/dev/lanner", O_RDWR);
    set_ring_bytes(8 << 20);
    if (!check(fd >= 0, "open for the poll test")) return;
    ln_version_info info{};
    ::ioctl(fd, LN_IOCTL_GET_VERSION, &info);
    std::vector<ln_ring_consumer*> consumers;
    std::vector<const ln_ring_producer*> producers;
    for (uint32_t cpu = 0; cpu < info.nr_cpu_ids; ++cpu) {
        void* c = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                         static_cast<off_t>(LN_MMAP_OFFSET(cpu, LN_REGION_CONSUMER)));
        void* pr = ::mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd,
                          static_cast<off_t>(LN_MMAP_OFFSET(cpu, LN_REGION_PRODUCER)));
        if (c == MAP_FAILED || pr == MAP_FAILED) continue;
        consumers.push_back(static_cast<ln_ring_consumer*>(c));
        producers.push_back(static_cast<const ln_ring_producer*>(pr));
    }
    check(!consumers.empty() && consumers.size() == producers.size(), "consumer pages map");
    const ln_interest in = interest_for_list({LN_EVT_CLOSE});
    ::ioctl(fd, LN_IOCTL_SET_INTEREST, &in);
    ::ioctl(fd, LN_IOCTL_START, 0);
    auto set_waiting = [&](uint32_t v) {
        for (auto* c : consumers) std::atomic_ref<uint32_t>(c->waiting).store(v);
    };

    // A trickle: 10 records, far below the watermark (a quarter of 64 KiB).
    for (int i = 0; i < 10; ++i) ::syscall(SYS_close, -1);
    set_waiting(1);
    pollfd pf{fd, POLLIN, 0};
    auto t0 = Clock::now();
    const int quiet = ::poll(&pf, 1, 300);
    const double quiet_ms = ms_since(t0);
    check(quiet == 0 && quiet_ms >= 250,
          "below the watermark poll sleeps to its timeout ({:.0f} ms)", quiet_ms);

    // A burst from another process crosses the watermark and wakes the reader.
    const pid_t burst = ::fork();
    if (burst == 0) {
        ::usleep(200 * 1000);
        for (int i = 0; i < 2000; ++i) ::syscall(SYS_close, -1);
        ::_exit(0);
    }
    t0 = Clock::now();
    const int woke = ::poll(&pf, 1, 10000);
    const double woke_ms = ms_since(t0);
    wait_status(burst);
    check(woke == 1 && (pf.revents & POLLIN) && woke_ms < 9000,
          "crossing the watermark wakes poll ({:.0f} ms)", woke_ms);
    bool cleared = false;
    for (auto* c : consumers)
        cleared = cleared || std::atomic_ref<uint32_t>(c->waiting).load() == 0;
    check(cleared, "the producer cleared 'waiting' when it woke the reader");

    ::ioctl(fd, LN_IOCTL_STOP, 0);
    for (auto* c : consumers) ::munmap(c, 4096);
    for (auto* pr : producers) ::munmap(const_cast<ln_ring_producer*>(pr), 4096);
    ::close(fd);
}

// A syscall storm into a deliberately small ring: every record is either
// delivered or counted as dropped, and the 'lost' fields add up to the drops.
void test_storm_accounting() {
    set_ring_bytes(64 << 10);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    ::sched_setaffinity(0, sizeof one, &one);
    {
        KmodSource src({.device = "/dev/lanner",
                        .interest = interest_for_list({LN_EVT_CLOSE}),
                        .snaplen = 80});
        src.start();
        constexpr int kCalls = 60000;
        Captured cap;
        for (int phase = 0; phase < 2; ++phase) {
            for (int i = 0; i < kCalls / 2; ++i) ::syscall(SYS_close, -1);
            drain(src, cap, std::chrono::milliseconds(100));
        }
        // One more record reports the drops of the second phase.
        ::syscall(SYS_close, -1);
        drain(src, cap, std::chrono::milliseconds(100));
        src.stop();
        drain(src, cap, std::chrono::milliseconds(50));

        const auto st = src.device_stats(0);
        uint64_t drops = 0, lost = 0;
        for (auto d : st.drops) drops += d;
        for (const auto& r : cap.records) {
            Event ev;
            if (!Event::decode(r, ev) && ev.hdr().cpu == 0) lost += ev.hdr().lost;
        }
        uint64_t read_cpu0 = 0;
        for (const auto& r : cap.records) {
            Event ev;
            if (!Event::decode(r, ev) && ev.hdr().cpu == 0) ++read_cpu0;
        }
        fmt::print("metric: storm produced={} delivered={} dropped={} ring_full={}\n", st.produced,
                   st.delivered, drops, st.drops[LN_DROP_RING_FULL]);
        check(st.produced >= static_cast<uint64_t>(kCalls + 1), "storm: produced {} >= {}",
              st.produced, kCalls + 1);
        check(st.delivered + drops == st.produced,
              "storm: delivered {} + dropped {} == produced {}", st.delivered, drops, st.produced);
        check(read_cpu0 == st.delivered, "storm: records read {} == delivered {}", read_cpu0,
              st.delivered);
        check(drops > 0 && st.drops[LN_DROP_RING_FULL] == drops,
              "storm: drops are ring-full drops");
        check(lost == drops, "storm: sum of 'lost' {} == dropped {}", lost, drops);
        const auto s = src.stats();
        check(s.per_cpu[0].produced == st.produced && s.per_cpu[0].delivered == st.delivered,
              "storm: producer page agrees with GET_STATS");
    }
    set_ring_bytes(8 << 20);
    cpu_set_t all;
    CPU_ZERO(&all);
    for (int c = 0; c < CPU_SETSIZE; ++c) CPU_SET(c, &all);
    ::sched_setaffinity(0, sizeof all, &all);
}

// ioctls and mmaps with random numbers, sizes and arguments: errors, never an oops.
void test_ioctl_fuzz() {
    const int fd = ::open("/dev/lanner", O_RDWR);
    if (!check(fd >= 0, "open for fuzzing")) return;
    std::mt19937_64 rng(12345);
    std::vector<uint8_t> buf(8192);
    void* bad_ptrs[] = {nullptr, reinterpret_cast<void*>(1),
                        reinterpret_cast<void*>(0xffffffff81000000ULL),
                        reinterpret_cast<void*>(0x7fffffffffffULL)};
    int weird = 0, valid_ok = 0;
    for (int i = 0; i < 4000; ++i) {
        const unsigned dir = rng() % 4, nr = rng() % 12, size = (rng() % 3 == 0) ? rng() % 512 : 0;
        unsigned cmd;
        if (rng() % 2) {
            const unsigned real[] = {LN_IOCTL_GET_VERSION, LN_IOCTL_SET_INTEREST,
                                     LN_IOCTL_START,       LN_IOCTL_STOP,
                                     LN_IOCTL_GET_STATS,   LN_IOCTL_SET_SNAPLEN};
            cmd = real[rng() % 6];
            if (rng() % 3 == 0)
                cmd = _IOC(_IOC_DIR(cmd), 'L', _IOC_NR(cmd),
                           (_IOC_SIZE(cmd) + 1 + rng() % 64) & 0x3fff);
        } else {
            cmd = _IOC(dir, 'L', nr, size);
        }
        for (auto& b : buf) b = static_cast<uint8_t>(rng());
        void* arg = (rng() % 4 == 0) ? bad_ptrs[rng() % 4] : buf.data() + rng() % 64;
        if (cmd == LN_IOCTL_START || cmd == LN_IOCTL_STOP) arg = (rng() % 2) ? nullptr : arg;
        const int r = ::ioctl(fd, cmd, arg);
        if (r == 0) {
            ++valid_ok;
        } else if (errno != EINVAL && errno != EFAULT && errno != ENOTTY) {
            ++weird;
            fmt::print("  ioctl {:#x}: unexpected errno {}\n", cmd, std::strerror(errno));
        }
    }
    ::ioctl(fd, LN_IOCTL_STOP, 0);
    int mapped = 0;
    for (int i = 0; i < 300; ++i) {
        const uint64_t off =
            LN_MMAP_OFFSET(rng() % 4, rng() % 5) + ((rng() % 8 == 0) ? 4096 * (rng() % 3) : 0);
        const size_t len = 4096 * (1 + rng() % 8);
        const int prot = (rng() % 2) ? PROT_READ : PROT_READ | PROT_WRITE;
        void* p = ::mmap(nullptr, len, prot, (rng() % 2) ? MAP_SHARED : MAP_PRIVATE, fd,
                         static_cast<off_t>(off));
        if (p != MAP_FAILED) {
            ++mapped;
            ::munmap(p, len);
        }
    }
    ::close(fd);
    check(weird == 0, "random ioctls fail with EINVAL/EFAULT/ENOTTY ({} succeeded)", valid_ok);
    fmt::print("  random mmaps: {} of 300 accepted\n", mapped);
    // The producer page and data must refuse write mappings.
    KmodSource src({});
    const int fd2 = ::open("/dev/lanner", O_RDWR);
    check(fd2 < 0, "device stays exclusive while a source holds it");
    if (fd2 >= 0) ::close(fd2);
}

// 20 load/attach/detach/unload cycles while a child generates syscalls.
void test_cycles_under_load() {
    const pid_t load = ::fork();
    if (load == 0) {
        for (unsigned i = 0;; ++i) {
            const int f = ::open("/etc/passwd", O_RDONLY);
            if (f >= 0) ::close(f);
            if (i % 200 == 0) {
                const pid_t c = ::fork();
                if (c == 0) ::_exit(0);
                ::waitpid(c, nullptr, 0);
            }
        }
    }
    std::vector<double> load_ms, attach_ms;
    int ok_cycles = 0;
    for (int cycle = 0; cycle < 20; ++cycle) {
        if (unload_module() != 0) break;
        auto t0 = Clock::now();
        if (load_module() != 0) break;
        load_ms.push_back(ms_since(t0));
        bool got = false, refused = false;
        {
            t0 = Clock::now();
            KmodSource src({});
            src.start();
            attach_ms.push_back(ms_since(t0));
            Captured cap;
            drain(src, cap, std::chrono::milliseconds(50), std::chrono::milliseconds(300));
            got = !cap.of(LN_EVT_OPEN, load).empty() || !cap.of(LN_EVT_OPENAT, load).empty();
            refused = unload_module() != 0;
            src.stop();
        }
        if (got && refused) ++ok_cycles;
    }
    ::kill(load, SIGKILL);
    ::waitpid(load, nullptr, 0);
    check(ok_cycles == 20, "20 load/attach/detach/unload cycles under load ({} clean)", ok_cycles);
    if (!load_ms.empty()) {
        std::sort(load_ms.begin(), load_ms.end());
        std::sort(attach_ms.begin(), attach_ms.end());
        fmt::print("metric: cycle_load_ms median={:.1f} max={:.1f}\n", load_ms[load_ms.size() / 2],
                   load_ms.back());
        fmt::print("metric: cycle_attach_ms median={:.1f} max={:.1f}\n",
                   attach_ms[attach_ms.size() / 2], attach_ms.back());
    }
}

void run(const char* name, const std::function<void()>& fn) {
    fmt::print("# {}\n", name);
    std::fflush(stdout);
    try {
        fn();
    } catch (const std::exception& e) {
        check(false, "{}: exception: {}", name, e.what());
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        fmt::print(stderr, "usage: {} MODULE.ko\n", argv[0]);
        return 2;
    }
    g_module = argv[1];
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    run("load", test_load);
    run("version and exclusive open", test_version_and_exclusive_open);
    run("scripted actions", test_scripted_actions);
    run("syscall tour", test_syscall_tour);
    run("poll watermark", test_poll_watermark);
    run("storm accounting", test_storm_accounting);
    run("ioctl fuzz", test_ioctl_fuzz);
    run("cycles under load", test_cycles_under_load);
    run("final unload", [] { check(unload_module() == 0, "module unloads"); });
    fmt::print("{} passed, {} failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
