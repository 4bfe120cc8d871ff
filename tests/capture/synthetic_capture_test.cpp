// The synthetic-capture API: the records its helpers build carry what a
// driver would put there, its thread model follows clone/exec/exit, and what
// it writes replays.
#define BOOST_TEST_MODULE synthetic_capture
#include <boost/test/unit_test.hpp>

#include <sched.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "capture/capture_reader.h"
#include "capture/sample_capture.h"
#include "capture/synthetic_capture.h"
#include "common/error.h"
#include "event/sockaddr.h"
#include "schema/event_table.h"

using namespace lanner;
using namespace lanner::capture;
using namespace std::literals;

namespace {

const std::string kId = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

struct Records {
    std::vector<std::vector<uint8_t>> storage;
    std::vector<Event> all;
    const Event& operator[](size_t i) const { return all.at(i); }
    size_t size() const { return all.size(); }
};

// Reads a capture back into owned records.
Records read_back(const SyntheticCapture& cap) {
    const auto bytes = cap.bytes();
    auto r = CaptureReader::from_memory(bytes);
    Records out;
    Event ev;
    while (r.next(ev)) out.storage.emplace_back(ev.raw(), ev.raw() + ev.len());
    for (const auto& s : out.storage) {
        Event e;
        BOOST_REQUIRE(!Event::decode(s, e));
        out.all.push_back(e);
    }
    return out;
}

// Parameter of a record by name.
ParamView param(const Event& ev, std::string_view name) {
    const int i = schema::find_param(ev.type(), name);
    BOOST_REQUIRE_MESSAGE(i >= 0, "no parameter " << name);
    return ev.param(static_cast<unsigned>(i));
}
std::string str(const Event& ev, std::string_view name) {
    return std::string(param(ev, name).str());
}
int64_t num(const Event& ev, std::string_view name) {
    const auto p = param(ev, name);
    int64_t v = 0;
    std::memcpy(&v, p.data, p.len);
    if (p.len == 4) v = static_cast<int32_t>(v);  // sign of 32-bit values
    return v;
}

}  // namespace

BOOST_AUTO_TEST_CASE(threadinfo_defaults_are_a_plausible_process) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(1234, "/usr/lib/systemd/systemd-journald"));
    const auto recs = read_back(cap);
    BOOST_REQUIRE(recs.size() == 1u);
    const auto& t = recs[0];
    BOOST_TEST(t.type() == LN_EVT_THREADINFO);
    BOOST_TEST(t.ts() == cap.info().start_ts);
    BOOST_TEST(t.tid() == 1234u);
    BOOST_TEST(num(t, "pid") == 1234);
    BOOST_TEST(num(t, "ptid") == 1);
    BOOST_TEST(str(t, "comm") == "systemd-journal");  // 15 bytes, as the kernel cuts it
    BOOST_TEST(str(t, "exe") == "/usr/lib/systemd/systemd-journald");
    BOOST_TEST(str(t, "trusted_exepath") == "/usr/lib/systemd/systemd-journald");
    BOOST_TEST(str(t, "cwd") == "/");
    BOOST_TEST(num(t, "loginuid") == -1);  // 4294967295 read as a signed 32-bit value
    BOOST_TEST(str(t, "container_id") == "");
    BOOST_TEST(str(t, "cgroups").find("cpu=/\0"sv) != std::string::npos);
    BOOST_TEST(num(t, "cap_effective") == int64_t{(1LL << 41) - 1});  // root: every capability
    BOOST_TEST(num(t, "start_ts") == int64_t(cap.info().start_ts - 60'000'000'000ULL));
}

BOOST_AUTO_TEST_CASE(a_container_thread_has_the_containers_cgroups) {
    SyntheticCapture cap;
    cap.add_thread(
        SyntheticThread(7, "/usr/sbin/nginx").uid(33).container(kId).namespace_ids(1, 1));
    const auto recs = read_back(cap);
    const auto& t = recs[0];
    BOOST_TEST(str(t, "container_id") == "3ad7b26ded6d");
    const std::string scope = "/system.slice/docker-" + kId + ".scope";
    BOOST_TEST(str(t, "cgroups").find("memory=" + scope + '\0') != std::string::npos);
    BOOST_TEST(num(t, "vtid") == 1);
    BOOST_TEST(num(t, "uid") == 33);
    BOOST_TEST(num(t, "cap_effective") == 0);  // not root: no capabilities
}

BOOST_AUTO_TEST_CASE(events_get_increasing_timestamps_and_the_threads_pid) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(11).pid(10));
    const uint64_t t0 = cap.next_ts();
    cap.event("setsid", 11);
    cap.advance(5'000'000'000ULL);
    cap.step(10).event("setsid", 11);
    cap.event("setsid", 99);  // unknown thread: pid = tid
    const auto recs = read_back(cap);
    BOOST_REQUIRE(recs.size() == 4u);
    BOOST_TEST(recs[1].ts() == t0);
    BOOST_TEST(recs[1].pid() == 10u);
    BOOST_TEST(recs[2].ts() == t0 + 1000 + 5'000'000'000ULL);
    BOOST_TEST(recs[3].ts() == recs[2].ts() + 10);
    BOOST_TEST(recs[3].pid() == 99u);
}

BOOST_AUTO_TEST_CASE(open_builds_an_openat_record) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(5));
    cap.open(5, "/etc/shadow", 3);
    cap.open(5, "/root/x", -13, O_WRONLY | O_CREAT, 0644);
    const auto recs = read_back(cap);
    const auto& ok = recs[1];
    BOOST_TEST(ok.type() == LN_EVT_OPENAT);
    BOOST_TEST(num(ok, "fd") == 3);
    BOOST_TEST(num(ok, "dirfd") == AT_FDCWD);
    BOOST_TEST(str(ok, "name") == "/etc/shadow");
    BOOST_TEST(num(ok, "flags") == O_RDONLY);
    const auto& failed = recs[2];
    BOOST_TEST(failed.result().value() == -13);
    BOOST_TEST(num(failed, "flags") == (O_WRONLY | O_CREAT));
    BOOST_TEST(num(failed, "mode") == 0644);
}

BOOST_AUTO_TEST_CASE(spawn_follows_clone_then_exec) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(100, "/usr/bin/bash").cwd("/root").tty(34816).container(kId));
    auto& exec = cap.spawn(100, 101, "/usr/bin/curl", {"-s", "http://x"});
    exec.set("tty", 0u);  // a helper's record can still be changed
    const auto recs = read_back(cap);
    BOOST_REQUIRE(recs.size() == 4u);
    const auto& parent = recs[1];
    BOOST_TEST(parent.type() == LN_EVT_CLONE);
    BOOST_TEST(parent.tid() == 100u);
    BOOST_TEST(parent.result().value() == 101);
    BOOST_TEST(str(parent, "comm") == "bash");
    const auto& child = recs[2];
    BOOST_TEST(child.tid() == 101u);
    BOOST_TEST(child.pid() == 101u);
    BOOST_TEST(child.result().value() == 0);
    BOOST_TEST(num(child, "ptid") == 100);
    BOOST_TEST(str(child, "cwd") == "/root");
    BOOST_TEST(num(child, "start_ts") == int64_t(child.ts() - 1000));  // when the parent cloned
    const auto& e = recs[3];
    BOOST_TEST(e.type() == LN_EVT_EXECVE);
    BOOST_TEST(e.result().value() == 0);
    BOOST_TEST(str(e, "comm") == "curl");
    BOOST_TEST(str(e, "exe") == "/usr/bin/curl");
    BOOST_TEST(str(e, "filename") == "/usr/bin/curl");
    BOOST_TEST(str(e, "args") == std::string("-s\0http://x\0", 12));
    BOOST_TEST(num(e, "tty") == 0);
    BOOST_TEST(str(e, "cgroups").find(kId) != std::string::npos);  // inherited
    const auto* model = cap.thread(101);
    BOOST_REQUIRE(model);
    BOOST_TEST(model->comm() == "curl");
    BOOST_TEST(model->ptid() == 100u);
}

BOOST_AUTO_TEST_CASE(a_failed_exec_keeps_the_old_image) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(8, "/bin/sh"));
    cap.exec(8, "/nope", {}, -2);
    const auto recs = read_back(cap);
    BOOST_TEST(recs[1].result().value() == -2);
    BOOST_TEST(str(recs[1], "comm") == "sh");
    BOOST_TEST(str(recs[1], "filename") == "/nope");
    BOOST_TEST(cap.thread(8)->exepath() == "/bin/sh");
}

BOOST_AUTO_TEST_CASE(a_thread_clone_stays_in_its_process) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(20, "/usr/bin/java").ptid(5));
    cap.clone(20, 21, CLONE_THREAD | CLONE_VM);
    const auto recs = read_back(cap);
    BOOST_TEST(recs[2].tid() == 21u);
    BOOST_TEST(recs[2].pid() == 20u);
    BOOST_TEST(num(recs[2], "ptid") == 5);
    BOOST_TEST(num(recs[2], "flags") == (CLONE_THREAD | CLONE_VM));
    BOOST_CHECK_THROW(cap.clone(20, 21), Error);  // tid taken
    BOOST_CHECK_THROW(cap.clone(77, 78), Error);  // unknown parent
}

BOOST_AUTO_TEST_CASE(connect_and_exit) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(30, "/usr/bin/curl"));
    cap.connect(30, 5, "93.184.216.34", 443);
    cap.exit(30, 3);
    const auto recs = read_back(cap);
    const auto& c = recs[1];
    const auto tuple = decode_socktuple(param(c, "tuple").str());
    BOOST_REQUIRE(tuple.has_value());
    BOOST_TEST(tuple->server.ip.to_string() == "93.184.216.34");
    BOOST_TEST(tuple->server.port == 443);
    BOOST_TEST(num(c, "fd") == 5);
    const auto& x = recs[2];
    BOOST_TEST(x.type() == LN_EVT_PROCEXIT);
    BOOST_TEST(num(x, "ret") == 3);
    BOOST_TEST(num(x, "status") == 3 << 8);
    BOOST_TEST(cap.thread(30) == nullptr);
    BOOST_CHECK_THROW(cap.exec(30, "/bin/true", {}), Error);
}

BOOST_AUTO_TEST_CASE(accounts_and_fds) {
    SyntheticCapture cap;
    cap.add_standard_accounts();
    cap.add_std_fds(9);
    cap.add_socket_fd(9, 7, inet_tuple("10.0.0.5", 5555, "10.0.0.9", 80));
    const auto recs = read_back(cap);
    BOOST_REQUIRE(recs.size() == 7u + 3u + 1u);
    BOOST_TEST(str(recs[0], "name") == "root");
    BOOST_TEST(str(recs[0], "homedir") == "/root");
    BOOST_TEST(recs[3].type() == LN_EVT_GROUPINFO);
    BOOST_TEST(str(recs[7], "name") == "/dev/pts/0");
    BOOST_TEST(num(recs[9], "fd") == 2);
    BOOST_TEST(num(recs[10], "type") == LN_FD_IPV4_SOCK);
    BOOST_CHECK_THROW(cap.add_socket_fd(9, 8, "x"), Error);
}

BOOST_AUTO_TEST_CASE(file_and_memory_output_are_the_same_bytes) {
    const auto cap = sample_capture();
    const auto path =
        (std::filesystem::temp_directory_path() / ("lanner-synth-" + std::to_string(getpid())))
            .string();
    cap.write(path);
    std::ifstream in(path, std::ios::binary);
    const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), {});
    BOOST_TEST((file == cap.bytes()));
    BOOST_TEST(cap.state_records() == 18u);
    BOOST_TEST(cap.event_records() == 12u);
    std::filesystem::remove(path);
}
