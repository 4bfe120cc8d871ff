// Threads and processes across seed/fork/clone/exec/exit sequences, in both
// orders of the two clone records, with credentials, cwd, sessions,
// unknown threads, eviction and reconciliation with a /proc scan.
#define BOOST_TEST_MODULE state_processes
#include <boost/test/unit_test.hpp>

#include <sys/prctl.h>

#include "state_feed.h"

using namespace lanner;
using namespace lanner::state;
using namespace lanner::test;

namespace {

constexpr uint64_t kThreadFlags =
    CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;

ProcSpec bash() {
    ProcSpec p;
    p.tid = p.pid = 100;
    p.ptid = 1;
    p.args = {"-i"};
    p.cwd = "/home/alice";
    p.uid = 1000;
    p.gid = 1000;
    return p;
}

ProcSpec init() {
    ProcSpec p;
    p.tid = p.pid = 1;
    p.ptid = 0;
    p.comm = "systemd";
    p.exe = "/sbin/init";
    p.exepath = "/usr/lib/systemd/systemd";
    p.cwd = "/";
    return p;
}

// A tracker seeded with init (1) and an interactive bash (100) holding fd 3
// (a regular file) and fd 4 (close-on-exec).
struct Seeded {
    StateTracker tracker{hermetic_config()};
    Feed feed{tracker};
    Seeded() {
        feed(threadinfo(init()));
        feed(threadinfo(bash()));
        feed(fdinfo(100, 3, LN_FD_FILE, "/home/alice/notes.txt", O_RDWR));
        feed(fdinfo(100, 4, LN_FD_FILE, "/etc/hosts", O_RDONLY | O_CLOEXEC));
    }
    ProcSpec child_of_bash(int64_t tid) {
        ProcSpec c = bash();
        c.tid = c.pid = tid;
        c.ptid = 100;
        return c;
    }
};

std::vector<std::string> args_of(const Process& p) {
    std::vector<std::string> out;
    p.for_each_arg([&](std::string_view a) { out.emplace_back(a); });
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(threadinfo_seeds_threads_and_processes) {
    Seeded s;
    ProcSpec worker = bash();
    worker.tid = 101;
    worker.comm = "bash-worker";
    s.feed(threadinfo(worker));

    const Thread* t = s.tracker.thread(101);
    BOOST_REQUIRE(t != nullptr);
    BOOST_TEST(t->process == s.tracker.process(100));
    BOOST_TEST(t->comm == "bash-worker");
    BOOST_TEST(t->process->comm == "bash");  // the main thread's
    BOOST_TEST(t->process->nthreads == 2u);
    BOOST_TEST(t->cwd() == "/home/alice");
    BOOST_TEST(t->fs == s.tracker.thread(100)->fs);  // one working directory
    const Process& p = *t->process;
    BOOST_TEST(p.exe == "/bin/bash");
    BOOST_TEST(p.exepath == "/usr/bin/bash");
    BOOST_TEST(args_of(p) == std::vector<std::string>{"-i"});
    BOOST_TEST(p.ppid == 1);
    BOOST_TEST(!p.partial);
    BOOST_TEST(p.fds->size() == 2u);
    BOOST_TEST(s.tracker.parent(p)->comm == "systemd");
    BOOST_TEST(s.tracker.counters().unknown_threads == 0u);
    BOOST_TEST(s.tracker.counters().threads == 3u);
    BOOST_TEST(s.tracker.counters().processes == 2u);
}

BOOST_AUTO_TEST_CASE(fork_exec_exit_with_parent_record_first) {
    Seeded s;
    // bash forks 200: the parent's record arrives first.
    auto ctx = s.feed(clone_record("clone", 100, 100, 200, SIGCHLD, bash()));
    BOOST_TEST(ctx.thread->tid == 100);
    const Thread* child = s.tracker.thread(200);
    BOOST_REQUIRE(child != nullptr);
    BOOST_TEST(child->process->pid == 200);
    BOOST_TEST(child->process->ppid == 100);
    BOOST_TEST(child->process->exe == "/bin/bash");
    BOOST_TEST(child->uid == 1000u);
    BOOST_TEST(child->cwd() == "/home/alice");
    BOOST_TEST(child->process->fds != s.tracker.process(100)->fds);  // a copy
    BOOST_TEST(child->process->fds->size() == 2u);
    BOOST_TEST(child->awaiting_child_record);

    // Then the child's own record refreshes it.
    ProcSpec snap = s.child_of_bash(200);
    snap.cwd = "/tmp";
    ctx = s.feed(clone_record("clone", 200, 200, 0, SIGCHLD, snap));
    BOOST_TEST(ctx.thread == child);
    BOOST_TEST(child->cwd() == "/tmp");
    BOOST_TEST(!child->awaiting_child_record);
    BOOST_TEST(child->process->fds->size() == 2u);  // not inherited twice

    // exec replaces the image and closes the close-on-exec fd.
    ProcSpec ls = s.child_of_bash(200);
    ls.comm = "ls";
    ls.exe = "ls";
    ls.exepath = "/usr/bin/ls";
    ls.args = {"-l", "/etc"};
    ctx = s.feed(execve_record(200, 200, 0, ls));
    BOOST_TEST(ctx.process->exe == "ls");
    BOOST_TEST(ctx.process->exepath == "/usr/bin/ls");
    BOOST_TEST(ctx.process->comm == "ls");
    BOOST_TEST(ctx.thread->comm == "ls");
    BOOST_TEST((args_of(*ctx.process) == std::vector<std::string>{"-l", "/etc"}));
    BOOST_TEST(ctx.process->env == std::string("PATH=/bin\0", 10));
    BOOST_TEST(ctx.process->fds->find(3) != nullptr);
    BOOST_TEST(ctx.process->fds->find(4) == nullptr);
    BOOST_TEST(s.tracker.parent(*ctx.process)->exe == "/bin/bash");
    BOOST_TEST(s.tracker.ancestor(*ctx.process, 2)->comm == "systemd");

    // The exiting process is visible to its procexit event, gone after.
    ctx = s.feed(procexit(200, 200));
    BOOST_REQUIRE(ctx.process != nullptr);
    BOOST_TEST(ctx.process->exe == "ls");
    BOOST_TEST(s.tracker.thread(200) != nullptr);
    s.feed(openat(100, 100, 5, "/etc/passwd"));
    BOOST_TEST(s.tracker.thread(200) == nullptr);
    BOOST_TEST(s.tracker.process(200) == nullptr);
    const auto c = s.tracker.counters();
    BOOST_TEST(c.threads_removed == 1u);
    BOOST_TEST(c.processes_removed == 1u);
    BOOST_TEST(c.unknown_threads == 0u);
}

BOOST_AUTO_TEST_CASE(child_record_first_then_parent_record_changes_nothing) {
    Seeded s;
    ProcSpec snap = s.child_of_bash(300);
    snap.cwd = "/srv";
    auto ctx = s.feed(clone_record("fork", 300, 300, 0, SIGCHLD, snap));
    BOOST_REQUIRE(ctx.process != nullptr);
    BOOST_TEST(ctx.process->pid == 300);
    BOOST_TEST(ctx.process->ppid == 100);
    BOOST_TEST(ctx.thread->cwd() == "/srv");
    // fds come from the parent process named by ptid
    BOOST_TEST(ctx.process->fds->size() == 2u);
    BOOST_TEST(ctx.process->fds->find(3)->name == "/home/alice/notes.txt");
    BOOST_TEST(ctx.process->env == std::string("HOME=/root\0", 11));  // inherited

    // The child changes its fds before the parent's record arrives.
    s.feed(close_record(300, 300, 3));
    s.feed(openat(300, 300, 7, "/srv/data"));
    s.feed(clone_record("fork", 100, 100, 300, SIGCHLD, bash()));
    const Process* p = s.tracker.process(300);
    BOOST_TEST(p->fds->find(3) == nullptr);
    BOOST_TEST(p->fds->find(7)->name == "/srv/data");
    BOOST_TEST(s.tracker.thread(300)->cwd() == "/srv");
    BOOST_TEST(s.tracker.counters().unknown_threads == 0u);
}

BOOST_AUTO_TEST_CASE(a_known_callers_clone_record_keeps_its_command_line) {
    Seeded s;
    // The caller rewrote its argument memory since its exec (busybox awk
    // NUL-terminates tokens in place): its clone snapshot reads the result.
    ProcSpec rewritten = bash();
    rewritten.exe = "rewritten";
    rewritten.args = {"-i", "changed"};
    rewritten.cwd = "/var/tmp";
    s.feed(clone_record("clone", 100, 100, 200, SIGCHLD, rewritten));
    const Process* caller = s.tracker.process(100);
    BOOST_TEST(caller->exe == "/bin/bash");
    BOOST_TEST((args_of(*caller) == std::vector<std::string>{"-i"}));
    BOOST_TEST(s.tracker.thread(100)->cwd() == "/var/tmp");  // the rest is refreshed
}

BOOST_AUTO_TEST_CASE(late_parent_record_does_not_resurrect_an_exited_child) {
    Seeded s;
    s.feed(clone_record("clone", 400, 400, 0, SIGCHLD, s.child_of_bash(400)));
    s.feed(procexit(400, 400));
    s.feed(clone_record("clone", 100, 100, 400, SIGCHLD, bash()));
    s.tracker.flush();
    BOOST_TEST(s.tracker.thread(400) == nullptr);
    BOOST_TEST(s.tracker.counters().threads == 2u);
}

BOOST_AUTO_TEST_CASE(threads_share_process_fds_and_cwd) {
    Seeded s;
    ProcSpec snap = bash();
    snap.tid = 101;
    s.feed(clone_record("clone", 100, 100, 101, kThreadFlags, bash()));
    auto ctx = s.feed(clone_record("clone", 101, 100, 0, kThreadFlags, snap));
    BOOST_TEST(ctx.process == s.tracker.process(100));
    BOOST_TEST(ctx.process->nthreads == 2u);

    // An fd opened by one thread is the other's; so is a chdir.
    s.feed(openat(101, 100, 9, "data.db", O_RDWR | O_CREAT));
    const FdInfo* f = s.tracker.process(100)->fds->find(9);
    BOOST_REQUIRE(f != nullptr);
    BOOST_TEST(f->name == "/home/alice/data.db");
    auto chdir = syscall("chdir", 101, 100, 0);
    chdir.set("path", "../bob");
    s.feed(chdir);
    BOOST_TEST(s.tracker.thread(100)->cwd() == "/home/bob");

    // The leader exits first; the process lives on with its other thread.
    s.feed(procexit(100, 100));
    s.feed(openat(101, 100, 10, "/etc/motd"));
    BOOST_TEST(s.tracker.thread(100) == nullptr);
    BOOST_REQUIRE(s.tracker.process(100) != nullptr);
    BOOST_TEST(s.tracker.process(100)->nthreads == 1u);
    BOOST_TEST(s.tracker.process(100)->fds->find(10) != nullptr);
    s.feed(procexit(101, 100));
    s.tracker.flush();
    BOOST_TEST(s.tracker.process(100) == nullptr);
}

BOOST_AUTO_TEST_CASE(clone_files_shares_the_table_until_exec) {
    Seeded s;
    const uint64_t flags = CLONE_FILES | SIGCHLD;
    s.feed(clone_record("clone", 500, 500, 0, flags, s.child_of_bash(500)));
    const Process* child = s.tracker.process(500);
    BOOST_TEST(child->fds == s.tracker.process(100)->fds);
    s.feed(openat(500, 500, 11, "/var/log/app.log", O_WRONLY));
    BOOST_TEST(s.tracker.process(100)->fds->find(11) != nullptr);

    s.feed(execve_record(500, 500, 0, s.child_of_bash(500)));
    BOOST_TEST(child->fds != s.tracker.process(100)->fds);
    s.feed(openat(500, 500, 12, "/tmp/own"));
    BOOST_TEST(s.tracker.process(100)->fds->find(12) == nullptr);
    BOOST_TEST(s.tracker.process(500)->fds->find(11) != nullptr);
    BOOST_TEST(s.tracker.process(500)->fds->find(4) == nullptr);  // close-on-exec
    BOOST_TEST(s.tracker.process(100)->fds->find(4) != nullptr);
}

BOOST_AUTO_TEST_CASE(fork_copies_the_table) {
    Seeded s;
    s.feed(
        clone_record("vfork", 600, 600, 0, CLONE_VFORK | CLONE_VM | SIGCHLD, s.child_of_bash(600)));
    s.feed(openat(600, 600, 13, "/tmp/child-only"));
    s.feed(close_record(600, 600, 3));
    s.feed(openat(100, 100, 14, "/tmp/parent-only"));
    const FdTable& parent = *s.tracker.process(100)->fds;
    const FdTable& child = *s.tracker.process(600)->fds;
    BOOST_TEST(parent.find(13) == nullptr);
    BOOST_TEST(parent.find(3) != nullptr);
    BOOST_TEST(child.find(14) == nullptr);
    BOOST_TEST(child.find(3) == nullptr);
}

BOOST_AUTO_TEST_CASE(fork_shares_the_entries_until_either_side_changes_them) {
    Seeded s;
    // Parent record first, then the child's, exec and exit: the benchmark's
    // lifecycle. The child's table shares the parent's entries.
    s.feed(clone_record("clone", 100, 100, 800, SIGCHLD, bash()));
    s.feed(clone_record("clone", 800, 800, 0, SIGCHLD, s.child_of_bash(800)));
    const FdTable* parent = s.tracker.process(100)->fds;
    const FdTable* child = s.tracker.process(800)->fds;
    BOOST_TEST(parent != child);
    BOOST_TEST(child->shares_entries());
    BOOST_TEST(child->size() == 2u);
    BOOST_TEST(child->find(3)->name == "/home/alice/notes.txt");
    // Reading (the event's fd, a path's dirfd) copies nothing.
    auto fchmod = syscall("fchmod", 800, 800, 0);
    fchmod.set("fd", int64_t{3}).set("mode", 0600u);
    BOOST_TEST(s.feed(fchmod).fd->name == "/home/alice/notes.txt");
    BOOST_TEST(child->shares_entries());

    // The exec keeps only what survives it, in a table of its own.
    s.feed(execve_record(800, 800, 0, s.child_of_bash(800)));
    child = s.tracker.process(800)->fds;
    BOOST_TEST(!child->shares_entries());
    BOOST_TEST(!parent->shares_entries());
    BOOST_TEST(child->find(3) != nullptr);
    BOOST_TEST(child->find(4) == nullptr);  // close-on-exec
    BOOST_TEST(parent->find(4) != nullptr);
    s.feed(procexit(800, 800));
    s.feed(openat(100, 100, 5, "/tmp/after"));
    BOOST_TEST(parent->size() == 3u);

    // Again, and the parent changes first: each side sees only its changes.
    s.feed(clone_record("clone", 100, 100, 801, SIGCHLD, bash()));
    child = s.tracker.process(801)->fds;
    BOOST_TEST(child->shares_entries());
    auto setfd = syscall("fcntl", 100, 100, 0);
    setfd.set("fd", int64_t{3}).set("cmd", int64_t{F_SETFD}).set("arg", uint64_t{FD_CLOEXEC});
    s.feed(setfd);
    s.feed(close_record(100, 100, 5));
    s.feed(openat(100, 100, 6, "/tmp/parent-only"));
    BOOST_TEST(!child->shares_entries());
    BOOST_TEST(parent->find(3)->cloexec());
    BOOST_TEST(!child->find(3)->cloexec());
    BOOST_TEST(parent->find(5) == nullptr);
    BOOST_TEST(child->find(5)->name == "/tmp/after");
    BOOST_TEST(child->find(6) == nullptr);
    s.feed(close_record(801, 801, 4));
    s.feed(openat(801, 801, 7, "/tmp/child-only"));
    BOOST_TEST(parent->find(4) != nullptr);
    BOOST_TEST(parent->find(7) == nullptr);
    BOOST_TEST(child->find(4) == nullptr);
    BOOST_TEST(child->size() == 3u);  // 3, 5, 7
}

BOOST_AUTO_TEST_CASE(clone_parent_fds_come_with_the_callers_record) {
    Seeded s;
    // CLONE_PARENT: the child's parent is bash's parent (init), so its own
    // record cannot say whose fds it has.
    ProcSpec snap = s.child_of_bash(700);
    snap.ptid = 1;
    s.feed(clone_record("clone", 700, 700, 0, CLONE_PARENT | SIGCHLD, snap));
    const Process* p = s.tracker.process(700);
    BOOST_TEST(p->ppid == 1);
    BOOST_TEST(p->fds_pending);
    BOOST_TEST(p->fds->size() == 0u);
    s.feed(clone_record("clone", 100, 100, 700, CLONE_PARENT | SIGCHLD, bash()));
    BOOST_TEST(!p->fds_pending);
    BOOST_TEST(p->fds->size() == 2u);
}

BOOST_AUTO_TEST_CASE(failed_calls_change_nothing) {
    Seeded s;
    ProcSpec other = bash();
    other.exe = "/bin/other";
    s.feed(execve_record(100, 100, -ENOENT, other));
    s.feed(clone_record("clone", 100, 100, -EAGAIN, SIGCHLD, bash()));
    auto setuid = syscall("setuid", 100, 100, -EPERM);
    setuid.set("uid", 0u);
    s.feed(setuid);
    auto chdir = syscall("chdir", 100, 100, -ENOENT);
    chdir.set("path", "/nowhere");
    s.feed(chdir);
    const Thread* t = s.tracker.thread(100);
    BOOST_TEST(t->process->exe == "/bin/bash");
    BOOST_TEST(t->process->fds->find(4) != nullptr);  // no exec: no close-on-exec
    BOOST_TEST(t->uid == 1000u);
    BOOST_TEST(t->cwd() == "/home/alice");
    BOOST_TEST(s.tracker.counters().threads == 2u);
}

BOOST_AUTO_TEST_CASE(exec_by_a_non_leader_thread_leaves_one_thread) {
    Seeded s;
    ProcSpec th = bash();
    th.tid = 101;
    s.feed(threadinfo(th));
    BOOST_TEST(s.tracker.process(100)->nthreads == 2u);
    // Thread 101 execs; the kernel gives it the leader's tid, so the record
    // comes from tid 100.
    ProcSpec py = bash();
    py.comm = "python3";
    py.exe = "python3";
    s.feed(execve_record(100, 100, 0, py));
    const Process* p = s.tracker.process(100);
    BOOST_TEST(p->nthreads == 1u);
    BOOST_TEST(s.tracker.thread(101) == nullptr);
    BOOST_TEST(p->comm == "python3");
    BOOST_TEST(s.tracker.counters().unknown_threads == 0u);
}

BOOST_AUTO_TEST_CASE(orphans_go_to_the_reaper) {
    Seeded s;
    for (int64_t pid : {800, 801})
        s.feed(clone_record("fork", pid, pid, 0, SIGCHLD, s.child_of_bash(pid)));
    ProcSpec reaper = init();
    reaper.tid = reaper.pid = 50;
    reaper.comm = "containerd-shim";
    s.feed(threadinfo(reaper));

    s.feed(procexit(100, 100, 50));
    s.tracker.flush();
    BOOST_TEST(s.tracker.process(800)->ppid == 50);
    BOOST_TEST(s.tracker.process(801)->ppid == 50);
    BOOST_TEST(s.tracker.parent(*s.tracker.process(800))->comm == "containerd-shim");

    // Without a reaper, init adopts.
    s.feed(clone_record("fork", 900, 900, 0, SIGCHLD, [&] {
        ProcSpec c = s.child_of_bash(900);
        c.ptid = 800;
        return c;
    }()));
    s.feed(procexit(800, 800, 0));
    s.tracker.flush();
    BOOST_TEST(s.tracker.process(900)->ppid == 1);
}

BOOST_AUTO_TEST_CASE(ancestors_are_walked_in_order) {
    Seeded s;
    int64_t parent = 100;
    for (int64_t pid = 1000; pid < 1005; ++pid) {
        ProcSpec c = s.child_of_bash(pid);
        c.ptid = parent;
        c.comm = "p" + std::to_string(pid);
        s.feed(clone_record("fork", pid, pid, 0, SIGCHLD, c));
        parent = pid;
    }
    const Process& leaf = *s.tracker.process(1004);
    std::vector<int64_t> seen;
    s.tracker.for_each_ancestor(leaf, [&](const Process& a, unsigned depth) {
        seen.push_back(a.pid);
        BOOST_TEST(depth == seen.size());
        return true;
    });
    BOOST_TEST((seen == std::vector<int64_t>{1003, 1002, 1001, 1000, 100, 1}));
    BOOST_TEST(s.tracker.ancestor(leaf, 3)->pid == 1001);
    BOOST_TEST(s.tracker.ancestor(leaf, 7) == nullptr);
    BOOST_TEST(s.tracker.ancestor(leaf, 0) == &leaf);
    // Stopping early.
    unsigned calls = 0;
    s.tracker.for_each_ancestor(leaf, [&](const Process&, unsigned) { return ++calls < 2; });
    BOOST_TEST(calls == 2u);
}

BOOST_AUTO_TEST_CASE(credentials_follow_successful_calls) {
    Seeded s;
    ProcSpec root = bash();
    root.tid = root.pid = 1100;
    root.uid = 0;
    s.feed(threadinfo(root));
    auto caps = syscall("capset", 1100, 1100, 0);
    caps.set("cap_inheritable", uint64_t{0})
        .set("cap_permitted", uint64_t{0x3f})
        .set("cap_effective", uint64_t{0x3f});
    s.feed(caps);
    const Thread* t = s.tracker.thread(1100);
    BOOST_TEST(t->cap_effective == 0x3fu);

    // Leaving euid 0 drops the effective set; returning restores it.
    auto seteuid = syscall("setresuid", 1100, 1100, 0);
    seteuid.set("ruid", 0xffffffffu).set("euid", 33u).set("suid", 0xffffffffu);
    s.feed(seteuid);
    BOOST_TEST(t->uid == 33u);
    BOOST_TEST(t->cap_effective == 0u);
    BOOST_TEST(t->cap_permitted == 0x3fu);
    auto back = syscall("setreuid", 1100, 1100, 0);
    back.set("ruid", 0xffffffffu).set("euid", 0u);
    s.feed(back);
    BOOST_TEST(t->uid == 0u);
    BOOST_TEST(t->cap_effective == 0x3fu);

    // A privileged setuid leaves root for good.
    auto setuid = syscall("setuid", 1100, 1100, 0);
    setuid.set("uid", 65534u);
    s.feed(setuid);
    BOOST_TEST(t->uid == 65534u);
    BOOST_TEST(t->cap_permitted == 0u);

    auto setgid = syscall("setresgid", 1100, 1100, 0);
    setgid.set("rgid", 5u).set("egid", 6u).set("sgid", 7u);
    s.feed(setgid);
    BOOST_TEST(t->gid == 6u);
    auto setregid = syscall("setregid", 1100, 1100, 0);
    setregid.set("rgid", 8u).set("egid", 0xffffffffu);
    s.feed(setregid);
    BOOST_TEST(t->gid == 6u);  // -1 leaves it
    auto g = syscall("setgid", 1100, 1100, 0);
    g.set("gid", 9u);
    s.feed(g);
    BOOST_TEST(t->gid == 9u);
}

BOOST_AUTO_TEST_CASE(working_directory_and_root) {
    Seeded s;
    const auto chdir = [&](std::string_view path) {
        auto r = syscall("chdir", 100, 100, 0);
        r.set("path", path);
        s.feed(r);
        return s.tracker.thread(100)->cwd();
    };
    BOOST_TEST(chdir("projects//lanner/./src") == "/home/alice/projects/lanner/src");
    BOOST_TEST(chdir("../../..") == "/home/alice");
    BOOST_TEST(chdir("/") == "/");
    BOOST_TEST(chdir("../..") == "/");
    BOOST_TEST(chdir("/var/lib/") == "/var/lib");

    s.feed(openat(100, 100, 20, "/etc", O_RDONLY | O_DIRECTORY));
    auto fchdir = syscall("fchdir", 100, 100, 0);
    fchdir.set("fd", int64_t{20});
    s.feed(fchdir);
    BOOST_TEST(s.tracker.thread(100)->cwd() == "/etc");

    auto chroot = syscall("chroot", 100, 100, 0);
    chroot.set("path", "jail");
    s.feed(chroot);
    BOOST_TEST(s.tracker.thread(100)->fs->root == "/etc/jail");
}

BOOST_AUTO_TEST_CASE(sessions_groups_and_names) {
    Seeded s;
    s.feed(clone_record("fork", 1200, 1200, 0, SIGCHLD, s.child_of_bash(1200)));
    const Process* p = s.tracker.process(1200);
    BOOST_TEST(p->sid == 1200);  // from the snapshot
    auto setpgid = syscall("setpgid", 1200, 1200, 0);
    setpgid.set("pid", int64_t{0}).set("pgid", int64_t{100});
    s.feed(setpgid);
    BOOST_TEST(p->pgid == 100);
    auto setsid = syscall("setsid", 1200, 1200, 1200);
    s.feed(setsid);
    BOOST_TEST(p->sid == 1200);
    BOOST_TEST(p->pgid == 1200);
    BOOST_TEST(p->tty == 0u);

    auto prctl = syscall("prctl", 1200, 1200, 0);
    prctl.set("option", int64_t{PR_SET_NAME}).set("arg2_str", "worker-with-a-very-long-name");
    s.feed(prctl);
    BOOST_TEST(s.tracker.thread(1200)->comm == "worker-with-a-v");
    BOOST_TEST(p->comm == "worker-with-a-v");
}

BOOST_AUTO_TEST_CASE(unknown_threads_are_created_from_the_header) {
    StateTracker tracker(hermetic_config());
    Feed feed(tracker);
    auto ctx = feed(openat(4242, 4240, 3, "/etc/shadow"));
    BOOST_REQUIRE(ctx.thread != nullptr);
    BOOST_TEST(ctx.thread->tid == 4242);
    BOOST_TEST(ctx.process->pid == 4240);
    BOOST_TEST(ctx.process->partial);
    BOOST_TEST(ctx.fd->name == "/etc/shadow");
    // A second thread of the same process joins it.
    ctx = feed(openat(4243, 4240, 4, "relative"));
    BOOST_TEST(ctx.process->nthreads == 2u);
    BOOST_TEST(ctx.fd->name == "relative");  // no cwd known: kept relative
    BOOST_TEST(tracker.counters().unknown_threads == 2u);
    // An exec fills the process in.
    ProcSpec spec = bash();
    spec.tid = 4242;
    spec.pid = 4240;
    ctx = feed(execve_record(4242, 4240, 0, spec));
    BOOST_TEST(!ctx.process->partial);
    BOOST_TEST(ctx.process->exe == "/bin/bash");
    BOOST_TEST(ctx.process->nthreads == 1u);
    // A procexit of a never-seen thread is counted, creates nothing.
    ctx = feed(procexit(5555, 5555));
    BOOST_TEST(ctx.thread == nullptr);
    BOOST_TEST(tracker.counters().unknown_threads == 3u);
    BOOST_TEST(tracker.thread(5555) == nullptr);
}

BOOST_AUTO_TEST_CASE(thread_table_limit_evicts_idle_threads) {
    StateConfig cfg = hermetic_config();
    cfg.max_threads = 16;
    StateTracker tracker(cfg);
    Feed feed(tracker);
    for (int64_t pid = 2; pid < 18; ++pid) {
        ProcSpec p = init();
        p.tid = p.pid = pid;
        feed(threadinfo(p));
    }
    BOOST_TEST(tracker.counters().threads == 16u);
    // Half of them stay busy.
    for (int64_t pid = 2; pid < 10; ++pid) feed(openat(pid, pid, 3, "/tmp/busy"));
    // New processes arrive: idle threads make room.
    for (int64_t pid = 100; pid < 108; ++pid) {
        auto ctx = feed(openat(pid, pid, 3, "/tmp/new"));
        BOOST_REQUIRE(ctx.thread != nullptr);
        BOOST_TEST(ctx.thread->tid == pid);  // the event's own thread is kept
        BOOST_TEST(tracker.counters().threads <= 16u);
    }
    const auto c = tracker.counters();
    BOOST_TEST(c.threads == 16u);
    BOOST_TEST(c.threads_evicted == 8u);
    for (int64_t pid = 2; pid < 10; ++pid)
        BOOST_TEST(tracker.thread(pid) != nullptr, "busy thread " << pid << " was evicted");
    for (int64_t pid = 100; pid < 108; ++pid) BOOST_TEST(tracker.thread(pid) != nullptr);
}

BOOST_AUTO_TEST_CASE(fork_storm_stays_bounded) {
    StateConfig cfg = hermetic_config();
    cfg.max_threads = 1000;
    StateTracker tracker(cfg);
    Feed feed(tracker);
    feed(threadinfo(init()));
    // Children whose exits are all lost.
    ProcSpec c = init();
    for (int64_t pid = 10; pid < 20010; ++pid) {
        c.tid = c.pid = pid;
        c.ptid = 1;
        feed(clone_record("clone", pid, pid, 0, SIGCHLD, c));
    }
    const auto counters = tracker.counters();
    BOOST_TEST(counters.threads <= 1000u);
    BOOST_TEST(counters.threads_evicted == 20000u + 1u - counters.threads);
    BOOST_TEST(tracker.thread(20009) != nullptr);
}

BOOST_AUTO_TEST_CASE(records_older_than_the_scan_are_stale) {
    StateTracker tracker(hermetic_config());
    Feed feed(tracker);
    ProcSpec p = bash();
    feed(threadinfo(p), 5000);
    feed(fdinfo(100, 3, LN_FD_FILE, "/var/log/scan-saw-this"), 5000);
    // In flight during the scan: an open older than what the scan read.
    feed(openat(100, 100, 3, "/tmp/before-scan"), 4000);
    BOOST_TEST(tracker.process(100)->fds->find(3)->name == "/var/log/scan-saw-this");
    auto setuid = syscall("setuid", 100, 100, 0);
    setuid.set("uid", 0u);
    feed(setuid, 4500);
    BOOST_TEST(tracker.thread(100)->uid == 1000u);
    BOOST_TEST(tracker.counters().stale_records == 2u);
    // Newer records apply.
    feed(openat(100, 100, 3, "/tmp/after-scan"), 6000);
    BOOST_TEST(tracker.process(100)->fds->find(3)->name == "/tmp/after-scan");
    // An exit older than the process's start belongs to a previous holder.
    ProcSpec young = bash();
    young.tid = young.pid = 300;
    young.start_ts = 7000;
    feed(threadinfo(young), 8000);
    feed(procexit(300, 300), 6500);
    tracker.flush();
    BOOST_TEST(tracker.thread(300) != nullptr);
    BOOST_TEST(tracker.counters().stale_records == 3u);
}
