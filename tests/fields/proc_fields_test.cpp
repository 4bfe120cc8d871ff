// proc.* and thread.* on replayed synthetic captures: a fork/exec chain
// (names, command lines, ancestors with and without an index, session and
// group leaders), environments, times, executable facts, standard streams
// and capabilities.
#define BOOST_TEST_MODULE proc_fields
#include <boost/test/unit_test.hpp>

#include <linux/capability.h>
#include <sched.h>
#include <sys/socket.h>

#include "event/sockaddr.h"
#include "field_replay.h"
#include "lanner/events.h"

using namespace lanner;
using namespace lanner::capture;
using lanner::test::FieldReplay;

namespace {

constexpr uint64_t kBoot = 1714521600ULL * 1000000000ULL;  // SyntheticCapture's boot time

// sshd (100) -> bash (200) -> python3 (300) -> curl (400), bash leading the
// session and python3 the process group of curl.
struct ExecChain {
    SyntheticCapture cap;
    size_t curl_exec = 0, curl_open = 0, curl_close = 0;
    uint64_t curl_start = 0;

    ExecChain() {
        cap.add_standard_accounts();
        cap.add_thread(SyntheticThread(100, "/usr/sbin/sshd")
                           .args({"-D"})
                           .cwd("/root")
                           .env({"HOME=/root", "LANG=C.UTF-8"}));
        cap.spawn(100, 200, "/bin/bash", {"-i"}).set("sid", uint64_t{200});
        cap.spawn(200, 300, "/usr/bin/python3", {"job.py", "--fast"})
            .set("sid", uint64_t{200})
            .set("vpgid", uint64_t{300})
            .set("pgid", uint64_t{300});
        cap.clone(300, 400);
        curl_start = cap.thread(400)->start_ts();
        cap.exec(400, "/usr/bin/curl", {"-s", "http://example.com/x"})
            .set("exe", "curl")  // argv[0] as typed, not the path
            .set("sid", uint64_t{200})
            .set("vpgid", uint64_t{300})
            .set("pgid", uint64_t{300});
        curl_exec = cap.event_records();
        cap.advance(5'000'000'000);
        cap.open(400, "/etc/hosts", 3);
        curl_open = cap.event_records();
        cap.event("close", 400).set("res", int64_t{0}).set("fd", int64_t{3});
        curl_close = cap.event_records();
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(names_and_command_lines_of_an_exec) {
    ExecChain s;
    FieldReplay r(s.cap);
    r.to_event(s.curl_exec);
    BOOST_TEST(r.text("evt.type") == "execve");
    BOOST_TEST(r.text("proc.name") == "curl");
    BOOST_TEST(r.text("proc.exe") == "curl");
    BOOST_TEST(r.text("proc.exepath") == "/usr/bin/curl");
    BOOST_TEST(r.text("proc.args") == "-s http://example.com/x");
    BOOST_TEST(r.text("proc.cmdline") == "curl -s http://example.com/x");
    BOOST_TEST(r.text("proc.exeline") == "curl -s http://example.com/x");
    BOOST_TEST(r.text("proc.cmdnargs") == "2");
    BOOST_TEST(r.text("proc.cmdlenargs") == "22");
    BOOST_TEST(r.text("proc.pid") == "400");
    BOOST_TEST(r.text("proc.ppid") == "300");
    BOOST_TEST(r.text("proc.vpid") == "400");
    BOOST_TEST(r.text("proc.pvpid") == "300");
    BOOST_TEST(r.text("thread.tid") == "400");
    BOOST_TEST(r.text("thread.vtid") == "400");
    BOOST_TEST(r.text("thread.ismain") == "true");
    BOOST_TEST(r.text("proc.cwd") == "/root/");
    BOOST_TEST(r.text("proc.tty") == "0");
    BOOST_TEST(r.text("proc.loginuid") == "-1");
    BOOST_TEST(r.text("proc.nthreads") == "1");
    BOOST_TEST(r.text("proc.nchilds") == "0");
    BOOST_TEST(r.text("proc.fdlimit") == "1024");
}

BOOST_AUTO_TEST_CASE(parent_and_ancestors) {
    ExecChain s;
    FieldReplay r(s.cap);
    r.to_event(s.curl_open);
    BOOST_TEST(r.text("proc.pname") == "python3");
    BOOST_TEST(r.text("proc.pexe") == "/usr/bin/python3");
    BOOST_TEST(r.text("proc.pexepath") == "/usr/bin/python3");
    BOOST_TEST(r.text("proc.pcmdline") == "python3 job.py --fast");
    BOOST_TEST(r.text("proc.aname[0]") == "curl");
    BOOST_TEST(r.text("proc.aname[1]") == "python3");
    BOOST_TEST(r.text("proc.aname[2]") == "bash");
    BOOST_TEST(r.text("proc.aname[3]") == "sshd");
    BOOST_TEST(r.absent("proc.aname[4]"));  // sshd's parent (pid 1) was never seen
    BOOST_TEST(r.absent("proc.aname[200]"));
    BOOST_TEST(r.text("proc.apid[2]") == "200");
    BOOST_TEST(r.text("proc.aexe[3]") == "/usr/sbin/sshd");
    BOOST_TEST(r.text("proc.aexepath[2]") == "/bin/bash");
    BOOST_TEST(r.text("proc.acmdline[3]") == "sshd -D");
    // Without an index: every ancestor, the parent first, never the process.
    BOOST_TEST(r.text("proc.aname") == "python3, bash, sshd");
    BOOST_TEST(r.text("proc.apid") == "300, 200, 100");
    BOOST_TEST(r.holds("proc.aname = sshd"));
    BOOST_TEST(r.holds("proc.aname in (nginx, bash)"));
    BOOST_TEST(!r.holds("proc.aname = curl"));
    BOOST_TEST(r.holds("proc.aname[2] = bash and proc.pname = python3"));
    BOOST_TEST(r.holds("proc.acmdline contains job.py"));
    BOOST_TEST(r.holds("proc.aexepath endswith /sshd"));
    BOOST_TEST(r.holds("proc.apid = 100"));
}

BOOST_AUTO_TEST_CASE(session_group_and_login_shell) {
    ExecChain s;
    FieldReplay r(s.cap);
    r.to_event(s.curl_open);
    BOOST_TEST(r.text("proc.sid") == "200");
    BOOST_TEST(r.text("proc.sname") == "bash");
    BOOST_TEST(r.text("proc.sid.exepath") == "/bin/bash");
    BOOST_TEST(r.text("proc.vpgid") == "300");
    BOOST_TEST(r.text("proc.vpgid.name") == "python3");
    BOOST_TEST(r.text("proc.vpgid.exe") == "/usr/bin/python3");
    BOOST_TEST(r.text("proc.is_vpgid_leader") == "false");
    BOOST_TEST(r.text("proc.is_sid_leader") == "false");
    BOOST_TEST(r.text("proc.loginshellid") == "200");
}

BOOST_AUTO_TEST_CASE(environment) {
    ExecChain s;
    FieldReplay r(s.cap);
    r.to_event(s.curl_open);
    BOOST_TEST(r.text("proc.env") == "HOME=/root LANG=C.UTF-8");
    BOOST_TEST(r.text("proc.env[HOME]") == "/root");
    BOOST_TEST(r.text("proc.env[LANG]") == "C.UTF-8");
    // A variable the process does not have is empty, as in Falco.
    BOOST_TEST((!r.absent("proc.env[HOM]") && r.text("proc.env[HOM]").empty()));
    BOOST_TEST(r.holds("proc.env icontains \"lang=c\""));
    BOOST_TEST(r.holds("proc.env[HOME] = /root"));
}

BOOST_AUTO_TEST_CASE(times) {
    ExecChain s;
    FieldReplay r(s.cap);
    r.to_event(s.curl_open);
    const uint64_t now = r.event().ts();
    BOOST_TEST(r.text("proc.duration") == std::to_string(now - s.curl_start));
    BOOST_TEST(r.text("proc.pid.ts") == std::to_string(s.curl_start + kBoot));
    BOOST_TEST(r.text("proc.pidns_init_start_ts") == std::to_string(1 + kBoot));
    BOOST_TEST(r.holds("proc.duration > 5000000000"));
    // sshd started a minute before the capture: its child python3 runs for longer.
    BOOST_TEST(r.values("proc.ppid.duration").has_value());
    BOOST_TEST(r.text("proc.exe_ino.ctime") == std::to_string(kBoot));
    BOOST_TEST(r.text("proc.exe_ino.ctime_duration_proc_start") == std::to_string(s.curl_start));
    BOOST_TEST(r.absent("proc.exe_ino.ctime_duration_pidns_start"));  // changed before the pidns
}

BOOST_AUTO_TEST_CASE(fd_arguments_are_rendered_with_their_names) {
    ExecChain s;
    FieldReplay r(s.cap);
    r.to_event(s.curl_close);
    BOOST_TEST(r.text("evt.arg.fd") == "<f>/etc/hosts");
    BOOST_TEST(r.text("evt.args") == "res=0 fd=3(<f>/etc/hosts)");
    BOOST_TEST(r.text("fd.name") == "/etc/hosts");  // a close still shows what it closed
}

BOOST_AUTO_TEST_CASE(capabilities_as_text) {
    SyntheticCapture cap;
    const uint64_t caps =
        (uint64_t{1} << CAP_CHOWN) | (uint64_t{1} << CAP_NET_RAW) | (uint64_t{1} << CAP_SYS_ADMIN);
    cap.add_thread(SyntheticThread(10, "/usr/bin/python3").capabilities(caps));
    cap.add_thread(SyntheticThread(20, "/usr/bin/id").uid(1000));  // no capabilities
    cap.open(10, "/tmp/a", 3);
    cap.open(20, "/tmp/b", 3);
    cap.event("capset", 10)
        .set("res", int64_t{0})
        .set("cap_inheritable", uint64_t{0})
        .set("cap_permitted", uint64_t{1} << CAP_SYS_MODULE)
        .set("cap_effective", uint64_t{1} << CAP_SYS_MODULE);
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("thread.cap_permitted") == "CAP_CHOWN CAP_NET_RAW CAP_SYS_ADMIN");
    BOOST_TEST(r.text("thread.cap_effective") == "CAP_CHOWN CAP_NET_RAW CAP_SYS_ADMIN");
    BOOST_TEST((!r.absent("thread.cap_inheritable") && r.text("thread.cap_inheritable").empty()));
    BOOST_TEST(r.holds("thread.cap_permitted contains CAP_SYS_ADMIN"));
    BOOST_TEST(r.holds("thread.cap_effective icontains sys_admin"));
    BOOST_TEST(!r.holds("thread.cap_permitted contains CAP_SYS_MODULE"));
    r.to_event(2);
    BOOST_TEST((!r.absent("thread.cap_permitted") && r.text("thread.cap_permitted").empty()));
    BOOST_TEST(!r.holds("thread.cap_permitted contains CAP_SYS_ADMIN"));
    r.to_event(3);
    BOOST_TEST(r.text("thread.cap_permitted") == "CAP_SYS_MODULE");
    BOOST_TEST(r.text("evt.arg.cap_permitted") == "CAP_SYS_MODULE");
}

BOOST_AUTO_TEST_CASE(memfd_execution) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(30, "/usr/bin/python3"));
    cap.event("memfd_create", 30)
        .set("fd", int64_t{3})
        .set("name", "payload")
        .set("flags", uint64_t{0});
    cap.exec(30, "/memfd:payload (deleted)", {"-x"}).set("flags", uint64_t{LN_EXE_FROM_MEMFD});
    cap.exec(30, "/usr/bin/true", {}).set("flags", uint64_t{LN_EXE_WRITABLE | LN_EXE_UPPER_LAYER});
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("fd.type") == "memfd");
    BOOST_TEST(r.text("fd.typechar") == "m");
    BOOST_TEST(r.text("fd.name") == "memfd:payload");
    r.to_event(2);
    BOOST_TEST(r.text("proc.exepath") == "/memfd:payload (deleted)");
    BOOST_TEST(r.text("proc.is_exe_from_memfd") == "true");
    BOOST_TEST(r.text("proc.is_exe_writable") == "false");
    BOOST_TEST(r.holds("evt.type = execve and proc.is_exe_from_memfd = true"));
    r.to_event(3);
    BOOST_TEST(r.text("proc.is_exe_from_memfd") == "false");
    BOOST_TEST(r.text("proc.is_exe_writable") == "true");
    BOOST_TEST(r.text("proc.is_exe_upper_layer") == "true");
    BOOST_TEST(r.text("proc.is_exe_lower_layer") == "false");
}

BOOST_AUTO_TEST_CASE(a_shell_whose_stdin_is_a_socket) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(40, "/usr/bin/nc"));
    cap.add_std_fds(40, "/dev/pts/3");
    cap.event("socket", 40)
        .set("fd", int64_t{3})
        .set("domain", int64_t{AF_INET})
        .set("type", uint64_t{SOCK_STREAM})
        .set("proto", uint64_t{0});
    cap.connect(40, 3, "203.0.113.9", 4444);
    for (int64_t target : {0, 1}) {
        cap.event("dup2", 40).set("res", target).set("oldfd", int64_t{3}).set("newfd", target);
    }
    cap.exec(40, "/bin/sh", {"-i"});
    const size_t exec = cap.event_records();
    FieldReplay r(cap);
    r.to_event(exec);
    BOOST_TEST(r.text("proc.name") == "sh");
    BOOST_TEST(r.text("proc.stdin.type") == "ipv4");
    BOOST_TEST(r.text("proc.stdout.type") == "ipv4");
    BOOST_TEST(r.text("proc.stderr.type") == "file");
    BOOST_TEST(r.text("proc.stdin.name") == "10.0.0.1:40000->203.0.113.9:4444");
    BOOST_TEST(r.text("proc.stderr.name") == "/dev/pts/3");
    BOOST_TEST(r.holds("proc.stdin.type in (ipv4, ipv6) and proc.name = sh"));
}

BOOST_AUTO_TEST_CASE(thread_of_a_process) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(50, "/usr/sbin/nginx").comm("nginx"));
    cap.clone(50, 51, CLONE_THREAD | CLONE_VM | CLONE_FS | CLONE_FILES).set("comm", "worker");
    cap.open(51, "/var/log/x", 3);
    FieldReplay r(cap);
    r.to_event(cap.event_records());
    BOOST_TEST(r.text("thread.tid") == "51");
    BOOST_TEST(r.text("proc.pid") == "50");
    BOOST_TEST(r.text("thread.ismain") == "false");
    BOOST_TEST(r.text("proc.name") == "worker");     // the thread's comm, as Falco
    BOOST_TEST(r.text("proc.aname[0]") == "nginx");  // the process (its main thread)
    BOOST_TEST(r.text("proc.nthreads") == "2");
    BOOST_TEST(r.text("proc.nchilds") == "1");
}

BOOST_AUTO_TEST_CASE(unknown_things_are_absent) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(60, "/bin/true"));
    // A thread never described: only what the record header tells is known.
    cap.open(999, "/etc/passwd", 3);
    cap.exec(60, "/bin/ls", {});
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("proc.pid") == "999");
    BOOST_TEST(r.text("thread.tid") == "999");
    for (const char* f :
         {"proc.name", "proc.exe", "proc.exepath", "proc.args", "proc.cmdline", "proc.pname",
          "proc.aname[1]", "proc.ppid", "proc.sname", "proc.tty", "proc.env", "proc.cwd",
          "proc.duration", "proc.is_exe_writable", "thread.cap_permitted", "user.name", "user.uid",
          "group.name", "proc.stdin.type"})
        BOOST_TEST(r.absent(f), f << " is absent");
    BOOST_TEST(r.text("fd.name") == "/etc/passwd");  // the open itself is known
    r.to_event(2);
    // A process whose parent (pid 1) is not tracked.
    BOOST_TEST(r.absent("proc.pname"));
    BOOST_TEST(r.absent("proc.pcmdline"));
    BOOST_TEST(r.absent("proc.aname[1]"));
    BOOST_TEST(!r.values("proc.aname").has_value());
    BOOST_TEST(!r.holds("proc.pname = init"));
    BOOST_TEST(r.holds("not proc.pname = init"));
    // An exec is not an event on an fd.
    BOOST_TEST(r.absent("fd.name"));
    BOOST_TEST(r.absent("fd.num"));
    BOOST_TEST(!r.holds("fd.num >= 0"));
}

BOOST_AUTO_TEST_CASE(without_a_tracker_every_state_field_is_absent) {
    auto registry = fields::make_default_registry({nullptr, "h"});
    auto bound = registry->bind("proc.name", std::nullopt);
    RecordBuilder b("openat");
    b.thread(1, 1).set("fd", int64_t{3}).set("dirfd", int64_t{-100}).set("name", "/x");
    const auto bytes = b.build();
    Event ev;
    BOOST_REQUIRE(!Event::decode(bytes, ev).has_value());
    fields::EvalContext ctx;
    ctx.begin(ev);
    for (const auto* cls : registry->classes()) {
        if (cls->name() == "evt") continue;
        for (const auto* def : registry->fields_of(*cls)) {
            std::optional<std::string> arg;
            if (def->arg_required) arg = def->arg == fields::ArgForm::Index ? "0" : "x";
            auto f = registry->bind(def->name, arg);
            fields::FieldValues out;
            BOOST_TEST(!f->extract(ctx, out), def->name << " is absent");
        }
    }
}
