// The /proc scanner against a fake /proc tree (every value and fd kind,
// socket orientation, cgroup encoding, pid namespaces) and against the real
// /proc of this machine, where the test process must find itself.
#define BOOST_TEST_MODULE state_proc_scanner
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "state/proc_cgroups.h"
#include "state/proc_net.h"
#include "state/proc_scanner.h"
#include "state_feed.h"

using namespace lanner;
using namespace lanner::state;
using namespace lanner::test;
namespace fs = std::filesystem;

namespace {

const std::string kId = "3f2b8a1c9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a";
const std::string kPod = "6f8e3b2a-1c4d-4e5f-9a0b-1c2d3e4f5a6b";

// A directory tree written by the test, removed afterwards.
class Tree {
  public:
    Tree() {
        char tmpl[] = "/tmp/lanner-proc-XXXXXX";
        root_ = mkdtemp(tmpl);
    }
    ~Tree() { fs::remove_all(root_); }
    const fs::path& root() const { return root_; }
    fs::path file(const std::string& rel, const std::string& text, mode_t mode = 0644) {
        const fs::path p = root_ / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        chmod(p.c_str(), mode);
        return p;
    }
    void link(const std::string& rel, const std::string& target) {
        const fs::path p = root_ / rel;
        fs::create_directories(p.parent_path());
        fs::create_symlink(target, p);
    }
    void dir(const std::string& rel) { fs::create_directories(root_ / rel); }

  private:
    fs::path root_;
};

std::string stat_line(int64_t pid, const std::string& comm, int64_t ppid, int64_t pgrp, int64_t sid,
                      int64_t tty_nr, uint64_t start) {
    // Fields 3..22; the rest is not read.
    return std::to_string(pid) + " (" + comm + ") S " + std::to_string(ppid) + " " +
           std::to_string(pgrp) + " " + std::to_string(sid) + " " + std::to_string(tty_nr) +
           " -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 " + std::to_string(start) +
           " 1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0\n";
}

std::string status_text(uint32_t uid, uint32_t gid, const std::string& nspid,
                        uint64_t cap_eff = 0x1ffffffffffULL) {
    char caps[200];
    snprintf(caps, sizeof caps, "CapInh:\t0000000000000000\nCapPrm:\t%016llx\nCapEff:\t%016llx\n",
             static_cast<unsigned long long>(cap_eff), static_cast<unsigned long long>(cap_eff));
    const std::string u = std::to_string(uid), g = std::to_string(gid);
    return "Name:\tx\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t1\nUid:\t" + u + "\t" + u + "\t" +
           u + "\t" + u + "\nGid:\t" + g + "\t" + g + "\t" + g + "\t" + g + "\nGroups:\t" + g +
           " \nNStgid:\t" + nspid + "\nNSpid:\t" + nspid + "\nNSpgid:\t" + nspid + "\n" + caps;
}

// Writes a process directory with the files the scanner reads.
struct FakeProcess {
    int64_t pid;
    std::string comm, cmdline, environ, cwd, exe, cgroup, nspid, pidns;
    uint32_t uid = 0, gid = 0;
    int64_t ppid = 1, tty_nr = 0;
    uint64_t start = 100;
    uint64_t cap_eff = 0x1ffffffffffULL;

    void write(Tree& t) const {
        const std::string d = std::to_string(pid) + "/";
        t.file(d + "stat", stat_line(pid, comm, ppid, pid, pid, tty_nr, start));
        t.file(d + "status", status_text(uid, gid, nspid, cap_eff));
        t.file(d + "cmdline", cmdline);
        t.file(d + "environ", environ);
        t.file(d + "loginuid", "1000");
        t.file(d + "cgroup", cgroup);
        t.file(d + "limits",
               "Limit                     Soft Limit           Hard Limit           Units     \n"
               "Max cpu time              unlimited            unlimited            seconds   \n"
               "Max open files            1024                 524288               files     \n");
        t.link(d + "cwd", cwd);
        t.link(d + "exe", exe);
        t.link(d + "ns/pid", pidns);
        t.link(d + "ns/net", "net:[4026531840]");
        t.file(d + "task/" + std::to_string(pid) + "/comm", comm + "\n");
        t.file(d + "task/" + std::to_string(pid) + "/status",
               status_text(uid, gid, nspid, cap_eff));
    }
};

std::string fdinfo_flags(unsigned flags) {
    char buf[64];
    snprintf(buf, sizeof buf, "pos:\t0\nflags:\t0%o\nmnt_id:\t10\n", flags);
    return buf;
}

// The fake machine: init (1) on the host with sockets and kernel objects,
// and a containerised shell (200, pid 1 in its namespace) with two threads.
struct FakeMachine {
    Tree tree;
    ProcScanOptions opt;
    fs::path init_exe, sh_exe;

    FakeMachine() {
        init_exe = tree.file("bin/init", "#!init\n", 0755);
        sh_exe = tree.file("bin/sh", "#!sh\n", 0555);
        const std::string proc = "proc/";
        tree.file(proc + "cgroups",
                  "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t2\t1\t1\ncpu\t3\t1\t1\n"
                  "memory\t4\t9\t1\npids\t0\t5\t1\nnet_cls\t0\t1\t1\nperf_event\t0\t1\t1\n"
                  "rdma\t0\t1\t0\n");
        // cgroup v2 mount: pids is enabled for /kubepods' children, not below.
        tree.file("cgroup2/cgroup.controllers", "pids memory\n");
        tree.file("cgroup2/cgroup.subtree_control", "pids\n");
        tree.file("cgroup2/kubepods/cgroup.subtree_control", "pids\n");
        tree.file("cgroup2/kubepods/besteffort/cgroup.subtree_control", "\n");

        FakeProcess init{
            1,
            "systemd",
            std::string("/sbin/init\0splash\0", 18),
            std::string("HOME=/\0TERM=linux\0", 18),
            "/",
            init_exe.string(),
            "3:cpu:/\n2:cpuset:/\n4:memory:/process_api/d96d1201a7585395de796d6edd7bbb04\n"
            "1:name=systemd:/init.scope\n0::/init.scope\n",
            "1",
            "pid:[4026531836]"};
        init.ppid = 0;
        init.start = 7;
        init.write(tree);
        const std::string d1 = proc + "1/";
        std::rename((tree.root() / "1").c_str(), (tree.root() / "proc/1").c_str());

        const auto fd = [&](int n, const std::string& target, unsigned flags) {
            tree.link(d1 + "fd/" + std::to_string(n), target);
            tree.file(d1 + "fdinfo/" + std::to_string(n), fdinfo_flags(flags));
        };
        fd(0, "/dev/null", O_RDWR);
        fd(1, (tree.root() / "bin/init").string(), O_WRONLY | O_APPEND);
        fd(3, "socket:[1001]", O_RDWR);
        fd(4, "socket:[1002]", O_RDWR | O_CLOEXEC);
        fd(5, "socket:[1003]", O_RDWR);
        fd(6, "socket:[1004]", O_RDWR);
        fd(7, "pipe:[555]", O_RDONLY);
        fd(8, "anon_inode:[eventfd]", O_RDWR | O_NONBLOCK);
        fd(9, "/memfd:blob (deleted)", O_RDWR);
        fd(10, tree.root().string(), O_RDONLY | O_DIRECTORY);
        fd(11, "socket:[1005]", O_RDWR);
        fd(12, "socket:[9999]", O_RDWR);
        fd(13, "socket:[1006]", O_RDWR);
        fd(14, "anon_inode:[pidfd]", O_RDWR);
        fd(15, "socket:[1007]", O_RDWR);
        const std::string hdr =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
            "timeout inode\n";
        tree.file(d1 + "net/tcp",
                  hdr +
                      // 0.0.0.0:22 listening
                      "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 "
                      "00000000     0        0 1001 1 0000000000000000 100 0 0 10 0\n"
                      // 10.0.0.1:22 <- 10.0.0.9:51000 (accepted: local port listens)
                      "   1: 0100000A:0016 0900000A:C738 01 00000000:00000000 00:00000000 "
                      "00000000     0        0 1002 1 0000000000000000 100 0 0 10 0\n"
                      // 10.0.0.1:40000 -> 93.184.216.34:443 (connected out)
                      "   2: 0100000A:9C40 22D8B85D:01BB 01 00000000:00000000 00:00000000 "
                      "00000000     0        0 1003 1 0000000000000000 100 0 0 10 0\n"
                      "   3: garbage line\n");
        tree.file(d1 + "net/tcp6",
                  hdr +
                      // [::]:8080 listening, IPv6
                      "   0: 00000000000000000000000000000000:1F90 "
                      "00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 "
                      "00000000     0        0 1007 1 0000000000000000 100 0 0 10 0\n");
        tree.file(d1 + "net/udp6",
                  hdr +
                      // [::1]:53 bound
                      "   0: 00000000000000000000000001000000:0035 "
                      "00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 "
                      "00000000     0        0 1005 2 0000000000000000 0\n");
        tree.file(d1 + "net/unix",
                  "Num       RefCount Protocol Flags    Type St Inode Path\n"
                  "ffff8881aa000000: 00000002 00000000 00010000 0001 01 1004 /run/my app.sock\n"
                  "ffff8881bb000000: 00000002 00000000 00000000 0001 03 4444\n");
        tree.file(d1 + "net/netlink",
                  "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    "
                  "Drops    Inode\n"
                  "ffff888100000000 0   1          00000001 0        0        0     2        0  "
                  "      1006\n");

        FakeProcess sh{200,
                       "sh",
                       std::string("/bin/sh\0-c\0sleep 1000\0", 22),
                       std::string("PATH=/bin\0", 10),
                       "/work",
                       sh_exe.string(),
                       "3:cpu:/kubepods/besteffort/pod" + kPod + "/" + kId +
                           "\n2:cpuset:/kubepods/besteffort/pod" + kPod + "/" + kId +
                           "\n4:memory:/kubepods/besteffort/pod" + kPod + "/" + kId +
                           "\n0::/kubepods/besteffort/pod" + kPod + "/" + kId + "\n",
                       "200\t1",
                       "pid:[4026532000]"};
        sh.uid = 1000;
        sh.gid = 1000;
        sh.tty_nr = (136 << 8) | 1;  // /dev/pts/1
        sh.start = 500;
        sh.cap_eff = 0;
        sh.write(tree);
        tree.file("200/task/201/comm", "sh-worker\n");
        tree.file("200/task/201/status", status_text(1001, 1000, "201\t2", 0));
        std::rename((tree.root() / "200").c_str(), (tree.root() / "proc/200").c_str());
        // A process that exited while /proc was being listed.
        tree.dir("proc/300");
        // Not processes.
        tree.file("proc/uptime", "1.0 1.0\n");
        tree.dir("proc/sys");

        opt.proc_root = (tree.root() / "proc").string();
        opt.passwd_path = tree.file("passwd",
                                    "root:x:0:0:root:/root:/bin/bash\n"
                                    "alice:x:1000:1000::/home/alice:/bin/sh\n")
                              .string();
        opt.group_path = tree.file("group", "root:x:0:\nalice:x:1000:\n").string();
        opt.cgroup2_root = (tree.root() / "cgroup2").string();
    }
};

std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    Process::for_each_entry(s, [&](std::string_view e) { out.emplace_back(e); });
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(fake_proc_processes_and_threads) {
    FakeMachine m;
    std::vector<uint8_t> records;
    const ProcScanStats stats = ProcScanner(m.opt).scan(records);
    BOOST_TEST(stats.processes == 2u);
    BOOST_TEST(stats.threads == 3u);
    BOOST_TEST(stats.vanished == 1u);
    BOOST_TEST(stats.users == 2u);
    BOOST_TEST(stats.groups == 2u);
    BOOST_TEST(stats.bad_lines == 1u);

    StateTracker tracker(hermetic_config());
    BOOST_TEST(seed_state(tracker, records) == 2u + 2u + 3u + stats.fds);
    BOOST_TEST(tracker.counters().malformed_records == 0u);
    BOOST_TEST(tracker.user(1000)->name == "alice");
    BOOST_TEST(tracker.group(0)->name == "root");

    const Process* init = tracker.process(1);
    BOOST_REQUIRE(init != nullptr);
    BOOST_TEST(init->exe == "/sbin/init");
    BOOST_TEST(split_list(init->args) == std::vector<std::string>{"splash"});
    BOOST_TEST(split_list(init->env) == (std::vector<std::string>{"HOME=/", "TERM=linux"}));
    BOOST_TEST(init->comm == "systemd");
    BOOST_TEST(init->exepath == m.init_exe.string());
    BOOST_TEST(init->ppid == 0);
    BOOST_TEST(init->loginuid == 1000u);
    BOOST_TEST(init->fdlimit == 1024u);
    BOOST_TEST(init->start_ts == uint64_t{7} * 10'000'000u);  // 7 ticks at 100 Hz
    BOOST_TEST(init->pidns_init_start_ts == init->start_ts);
    BOOST_TEST(init->container->id == "host");  // the 32-hex memory cgroup is not a container
    struct stat st {};
    ::stat(m.init_exe.c_str(), &st);
    BOOST_TEST(init->exe_ino == st.st_ino);
    BOOST_TEST((init->exe_flags & LN_EXE_WRITABLE) != 0u);  // root owns it, mode 0755
    // Encoded as drivers do: every enabled subsystem, kernel order.
    BOOST_TEST(split_list(init->cgroups) ==
               (std::vector<std::string>{
                   "cpuset=/", "cpu=/", "memory=/process_api/d96d1201a7585395de796d6edd7bbb04",
                   "pids=/init.scope", "net_cls=/", "perf_event=/init.scope"}));
    BOOST_TEST(tracker.thread(1)->cwd() == "/");
    BOOST_TEST(tracker.thread(1)->uid == 0u);

    const Process* sh = tracker.process(200);
    BOOST_REQUIRE(sh != nullptr);
    BOOST_TEST(sh->nthreads == 2u);
    BOOST_TEST(sh->exe == "/bin/sh");
    BOOST_TEST(split_list(sh->args) == (std::vector<std::string>{"-c", "sleep 1000"}));
    BOOST_TEST(sh->vpid == 1);
    BOOST_TEST(sh->tty == ((136u << 20) | 1u));
    BOOST_TEST(sh->pidns_init_start_ts == uint64_t{500} * 10'000'000u);
    BOOST_TEST(sh->container->id == kId.substr(0, 12));
    BOOST_TEST(sh->container->pod_uid == kPod);
    BOOST_TEST((sh->exe_flags & LN_EXE_WRITABLE) == 0u);  // mode 0555, uid 1000, no capabilities
    const std::string leaf = "/kubepods/besteffort/pod" + kPod + "/" + kId;
    BOOST_TEST(
        split_list(sh->cgroups) ==
        (std::vector<std::string>{"cpuset=" + leaf, "cpu=" + leaf, "memory=" + leaf,
                                  "pids=/kubepods/besteffort", "net_cls=/", "perf_event=" + leaf}));
    const Thread* worker = tracker.thread(201);
    BOOST_REQUIRE(worker != nullptr);
    BOOST_TEST(worker->process == sh);
    BOOST_TEST(worker->comm == "sh-worker");
    BOOST_TEST(worker->uid == 1001u);
    BOOST_TEST(worker->vtid == 2);
    BOOST_TEST(worker->cwd() == "/work");
    BOOST_TEST(tracker.parent(*sh) == init);
}

BOOST_AUTO_TEST_CASE(fake_proc_fds) {
    FakeMachine m;
    std::vector<uint8_t> records;
    const ProcScanStats stats = ProcScanner(m.opt).scan(records);
    BOOST_TEST(stats.fds == 15u);
    StateTracker tracker(hermetic_config());
    seed_state(tracker, records);
    const FdTable& fds = *tracker.process(1)->fds;
    const auto at = [&](int64_t n) {
        const FdInfo* f = fds.find(n);
        BOOST_REQUIRE_MESSAGE(f != nullptr, "fd " << n);
        return f;
    };
    BOOST_TEST(at(0)->name == "/dev/null");
    BOOST_TEST(at(0)->type == LN_FD_FILE);
    BOOST_TEST(at(1)->open_flags == static_cast<uint32_t>(O_WRONLY | O_APPEND));
    BOOST_TEST(at(1)->ino != 0u);

    BOOST_TEST(at(3)->name == "0.0.0.0:22");
    BOOST_TEST(at(3)->role == FdRole::Server);
    BOOST_TEST(at(3)->l4proto == IPPROTO_TCP);
    BOOST_TEST(at(4)->name == "10.0.0.9:51000->10.0.0.1:22");  // accepted here
    BOOST_TEST(at(4)->role == FdRole::Server);
    BOOST_TEST(at(4)->cloexec());
    BOOST_TEST(at(5)->name == "10.0.0.1:40000->93.184.216.34:443");  // connected out
    BOOST_TEST(at(5)->role == FdRole::Client);
    BOOST_TEST(at(5)->type == LN_FD_IPV4_SOCK);
    BOOST_TEST(at(6)->type == LN_FD_UNIX_SOCK);
    BOOST_TEST(at(6)->name == "ffff8881aa000000->0 /run/my app.sock");
    BOOST_TEST(at(6)->role == FdRole::Server);
    BOOST_TEST(at(7)->type == LN_FD_PIPE);
    BOOST_TEST(at(7)->name == "pipe:[555]");
    BOOST_TEST(at(7)->ino == 555u);
    BOOST_TEST(at(8)->type == LN_FD_EVENT);
    BOOST_TEST(at(8)->name == "anon_inode:[eventfd]");
    BOOST_TEST(at(9)->type == LN_FD_MEMFD);
    BOOST_TEST(at(9)->name == "memfd:blob");
    BOOST_TEST(at(10)->type == LN_FD_DIRECTORY);
    BOOST_TEST(at(11)->type == LN_FD_IPV6_SOCK);
    BOOST_TEST(at(11)->name == "::1:53");
    BOOST_TEST(at(11)->l4proto == IPPROTO_UDP);
    BOOST_TEST(at(12)->type == LN_FD_OTHER_SOCK);
    BOOST_TEST(at(12)->name == "socket:[9999]");
    BOOST_TEST(at(13)->type == LN_FD_NETLINK);
    BOOST_TEST(at(14)->type == LN_FD_PIDFD);
    BOOST_TEST(at(15)->type == LN_FD_IPV6_SOCK);
    BOOST_TEST(at(15)->name == ":::8080");
    BOOST_TEST(tracker.process(200)->fds->size() == 0u);
}

BOOST_AUTO_TEST_CASE(cgroup2_mount_from_mountinfo) {
    const std::string mountinfo =
        "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
        "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
        "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw\n";
    BOOST_TEST(CgroupEncoder::find_cgroup2_mount(mountinfo) == "/sys/fs/cgroup/unified");
    BOOST_TEST(CgroupEncoder::find_cgroup2_mount("1 0 0:1 / / rw - ext4 /dev/sda rw\n") == "");
}

BOOST_AUTO_TEST_CASE(missing_proc_root_is_an_error) {
    ProcScanOptions opt;
    opt.proc_root = "/nonexistent/proc";
    std::vector<uint8_t> out;
    BOOST_CHECK_THROW(ProcScanner(opt).scan(out), Error);
}

BOOST_AUTO_TEST_CASE(seed_rejects_corrupt_records) {
    StateTracker tracker(hermetic_config());
    std::vector<uint8_t> bytes = RecordBuilder("groupinfo").set("gid", 1u).set("name", "x").build();
    const size_t good = bytes.size();
    bytes.resize(good + 8, 0xff);  // a truncated, garbage record after a good one
    try {
        seed_state(tracker, bytes);
        BOOST_FAIL("corrupt records were accepted");
    } catch (const Error& e) {
        const std::string where = "at byte " + std::to_string(good);
        BOOST_TEST(std::string(e.what()).find(where) != std::string::npos, e.what());
    }
}

// The real /proc: this test process must find itself with its image, cwd,
// credentials and the fds it opened.
BOOST_AUTO_TEST_CASE(real_proc_finds_this_process) {
    const fs::path dir = fs::temp_directory_path() / ("lanner-scan-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path old_cwd = fs::current_path();
    fs::current_path(dir);

    const int file = ::open((dir / "data.txt").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    int pipefd[2];
    BOOST_REQUIRE(::pipe(pipefd) == 0);
    const int evfd = eventfd(0, 0);
    const int mfd = memfd_create("lanner-test", 0);

    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    BOOST_REQUIRE(::listen(listener, 4) == 0);
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    const uint16_t port = ntohs(addr.sin_port);
    const int client = ::socket(AF_INET, SOCK_STREAM, 0);
    BOOST_REQUIRE(::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    const int accepted = ::accept(listener, nullptr, nullptr);
    sockaddr_in caddr{};
    len = sizeof caddr;
    getsockname(client, reinterpret_cast<sockaddr*>(&caddr), &len);
    const uint16_t cport = ntohs(caddr.sin_port);

    const int udp = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in uaddr{};
    uaddr.sin_family = AF_INET;
    uaddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(udp, reinterpret_cast<sockaddr*>(&uaddr), sizeof uaddr);
    len = sizeof uaddr;
    getsockname(udp, reinterpret_cast<sockaddr*>(&uaddr), &len);

    const int unix_srv = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    const std::string unix_path = (dir / "ctl.sock").string();
    snprintf(un.sun_path, sizeof un.sun_path, "%s", unix_path.c_str());
    BOOST_REQUIRE(::bind(unix_srv, reinterpret_cast<sockaddr*>(&un), sizeof un) == 0);
    ::listen(unix_srv, 1);

    ProcScanOptions opt;  // the real /proc, /etc/passwd, cgroup v2 mount
    std::vector<uint8_t> records;
    const ProcScanStats stats = ProcScanner(opt).scan(records);
    StateTracker tracker(hermetic_config());
    seed_state(tracker, records);

    fs::current_path(old_cwd);
    BOOST_TEST(stats.processes > 1u);
    BOOST_TEST(stats.bad_lines == 0u);
    BOOST_TEST(tracker.counters().malformed_records == 0u);
    BOOST_TEST(tracker.user(0)->name == "root");

    const Process* self = tracker.process(getpid());
    BOOST_REQUIRE(self != nullptr);
    const auto& argv = boost::unit_test::framework::master_test_suite().argv;
    const int argc = boost::unit_test::framework::master_test_suite().argc;
    BOOST_TEST(self->exe == argv[0]);
    std::vector<std::string> want_args(argv + 1, argv + argc);
    BOOST_TEST(split_list(self->args) == want_args, "args of this test");
    BOOST_TEST(self->exepath == fs::read_symlink("/proc/self/exe").string());
    BOOST_TEST(self->ppid == getppid());
    BOOST_TEST(self->container->id == "host");
    BOOST_TEST(self->pidns_init_start_ts == tracker.process(1)->start_ts);
    BOOST_TEST(self->start_ts > tracker.process(1)->start_ts);
    BOOST_TEST(!self->partial);
    const Thread* main = tracker.thread(getpid());
    BOOST_REQUIRE(main != nullptr);
    BOOST_TEST(main->cwd() == dir.string());
    BOOST_TEST(main->uid == geteuid());
    BOOST_TEST(tracker.parent(*self) != nullptr);

    const FdTable& fds = *self->fds;
    const auto at = [&](int n) {
        const FdInfo* f = fds.find(n);
        BOOST_REQUIRE_MESSAGE(f != nullptr, "fd " << n << " is missing");
        return f;
    };
    BOOST_TEST(at(file)->name == (dir / "data.txt").string());
    BOOST_TEST(at(file)->type == LN_FD_FILE);
    BOOST_TEST(at(file)->cloexec());
    BOOST_TEST(at(pipefd[0])->type == LN_FD_PIPE);
    BOOST_TEST(at(pipefd[0])->name == at(pipefd[1])->name);
    BOOST_TEST(at(evfd)->type == LN_FD_EVENT);
    BOOST_TEST(at(mfd)->name == "memfd:lanner-test");
    const std::string server_name = "127.0.0.1:" + std::to_string(port);
    const std::string conn = "127.0.0.1:" + std::to_string(cport) + "->" + server_name;
    BOOST_TEST(at(listener)->name == server_name);
    BOOST_TEST(at(listener)->role == FdRole::Server);
    BOOST_TEST(at(client)->name == conn);
    BOOST_TEST(at(client)->role == FdRole::Client);
    BOOST_TEST(at(accepted)->name == conn);
    BOOST_TEST(at(accepted)->role == FdRole::Server);
    BOOST_TEST(at(udp)->name == "127.0.0.1:" + std::to_string(ntohs(uaddr.sin_port)));
    BOOST_TEST(at(udp)->l4proto == IPPROTO_UDP);
    BOOST_TEST(at(unix_srv)->type == LN_FD_UNIX_SOCK);
    BOOST_TEST(at(unix_srv)->name.ends_with(" " + unix_path));

    for (int fd :
         {file, pipefd[0], pipefd[1], evfd, mfd, listener, client, accepted, udp, unix_srv})
        ::close(fd);
    fs::remove_all(dir);
}
