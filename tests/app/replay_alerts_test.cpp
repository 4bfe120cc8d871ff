// Replay tests: synthetic captures that reproduce classic behaviours (a
// shell in a container, a read of /etc/shadow, a write below /etc, an
// outbound connection), replayed by `lanner -e` against small rule files,
// give exactly the expected alerts, in text and in JSON.
#define BOOST_TEST_MODULE replay_alerts
#include <boost/test/unit_test.hpp>

#include <fcntl.h>

#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "capture/synthetic_capture.h"
#include "cli_harness.h"

using namespace lanner::test;
using lanner::capture::SyntheticCapture;
using lanner::capture::SyntheticThread;

namespace {

constexpr uint32_t kPts0 = 34816;
const std::string kNginx = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

// Text alerts print local time: pin it.
struct Utc {
    Utc() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};
BOOST_GLOBAL_FIXTURE(Utc);

const std::string kRules = R"(
- list: shell_binaries
  items: [bash, sh, dash]
- macro: container
  condition: container.id != host
- macro: spawned_process
  condition: evt.type in (execve, execveat) and evt.res = SUCCESS
- macro: open_write
  condition: evt.type in (open, openat, openat2, creat) and evt.is_open_write = true and fd.num >= 0

- rule: Terminal shell in container
  desc: A shell with a terminal in a container.
  condition: spawned_process and container and proc.name in (shell_binaries) and proc.tty != 0
  output: Shell in container (user=%user.name shell=%proc.name parent=%proc.pname cmdline=%proc.cmdline container=%container.id tty=%proc.tty)
  priority: NOTICE
  tags: [container, shell]

- rule: Read shadow
  desc: /etc/shadow opened for reading.
  condition: evt.type in (open, openat) and evt.is_open_read = true and fd.name = /etc/shadow
  output: Shadow read (file=%fd.name process=%proc.name parent=%proc.pname ancestors=%proc.aname[2] user=%user.name fd=%fd.num)
  priority: WARNING
  tags: [filesystem]

- rule: Write below etc
  desc: A file below /etc opened for writing.
  condition: open_write and fd.directory pmatch (/etc)
  output: Write below etc (file=%fd.name flags=%evt.arg.flags process=%proc.name)
  priority: ERROR
  tags: [filesystem]

- rule: Outbound connection
  desc: A connection to a non-local address.
  condition: evt.type = connect and evt.res = SUCCESS and not fd.snet in ("127.0.0.0/8", "10.0.0.0/8")
  output: Outbound (connection=%fd.name sip=%fd.sip sport=%fd.sport process=%proc.name container=%container.id)
  priority: NOTICE
  tags: [network]
)";

SyntheticCapture scenario() {
    SyntheticCapture cap;
    cap.add_standard_accounts();
    cap.add_thread(SyntheticThread(1, "/usr/lib/systemd/systemd").ptid(0).comm("systemd"));
    cap.add_thread(SyntheticThread(812, "/usr/sbin/sshd").args({"-D"}));
    cap.add_thread(SyntheticThread(1500, "/usr/bin/bash").ptid(812).cwd("/root").tty(kPts0));
    cap.add_thread(SyntheticThread(2200, "/usr/sbin/nginx")
                       .ptid(1)
                       .args({"-g", "daemon off;"})
                       .container(kNginx)
                       .namespace_ids(1, 1));
    // cat /etc/shadow from a root shell; then a write below /etc.
    cap.advance(250'000'000);
    cap.spawn(1500, 1600, "/usr/bin/cat", {"/etc/shadow"});
    cap.open(1600, "/etc/shadow", 3);
    cap.exit(1600);
    cap.spawn(1500, 1601, "/usr/bin/tee", {"/etc/motd"});
    cap.open(1601, "/etc/motd", 4, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cap.exit(1601);
    // A shell with a terminal in the nginx container connects out.
    cap.advance(1'000'000'000);
    cap.spawn(2200, 2300, "/bin/sh", {"-i"}).set("tty", kPts0);
    cap.connect(2300, 5, "93.184.216.34", 443);
    cap.connect(2300, 6, "10.1.2.3", 5432);  // private: no alert
    cap.exit(2300);
    return cap;
}

}  // namespace

BOOST_AUTO_TEST_CASE(text_alerts_are_exactly_falcos_shape) {
    TempFile rules("rules.yaml", kRules);
    TempFile capture("c.lncap", "");
    scenario().write(capture.path());
    const auto r = run_lanner({"-e", capture.path(), "-r", rules.path()});
    BOOST_TEST(r.code == 0, r.err);
    const std::vector<std::string> expected = {
        "01:00:00.250004000: Warning Shadow read (file=/etc/shadow process=cat parent=bash "
        "ancestors=sshd user=root fd=3)",
        "01:00:00.250009000: Error Write below etc (file=/etc/motd "
        "flags=O_WRONLY|O_CREAT|O_TRUNC process=tee)",
        "01:00:01.250013000: Notice Shell in container (user=root shell=sh parent=nginx "
        "cmdline=sh -i container=3ad7b26ded6d tty=34816)",
        "01:00:01.250014000: Notice Outbound (connection=10.0.0.1:40000->93.184.216.34:443 "
        "sip=93.184.216.34 sport=443 process=sh container=3ad7b26ded6d)",
    };
    const auto lines = r.lines();
    BOOST_TEST(lines == expected, r.out);
    BOOST_TEST(contains(r.err, "Events detected: 4"), r.err);
}

BOOST_AUTO_TEST_CASE(json_alerts_have_falcos_keys_and_typed_fields) {
    TempFile rules("rules.yaml", kRules);
    TempFile capture("c.lncap", "");
    scenario().write(capture.path());
    const auto r = run_lanner({"-e", capture.path(), "-r", rules.path(), "--json"});
    BOOST_TEST(r.code == 0, r.err);
    const auto lines = r.lines();
    BOOST_REQUIRE(lines.size() == 4u);
    const auto shadow = nlohmann::json::parse(lines[0]);
    BOOST_TEST(shadow["rule"] == "Read shadow");
    BOOST_TEST(shadow["priority"] == "Warning");
    BOOST_TEST(shadow["source"] == "syscall");
    BOOST_TEST(shadow["hostname"] == "synthetic-host");  // the capture's host, not this one
    BOOST_TEST(shadow["time"] == "2024-05-01T01:00:00.250004000Z");
    BOOST_TEST(shadow["tags"] == nlohmann::json::array({"filesystem"}));
    BOOST_TEST(shadow["output"] ==
               "01:00:00.250004000: Warning Shadow read (file=/etc/shadow process=cat "
               "parent=bash ancestors=sshd user=root fd=3)");
    const auto& f = shadow["output_fields"];
    BOOST_TEST(f["fd.name"] == "/etc/shadow");
    BOOST_TEST(f["proc.aname[2]"] == "sshd");
    BOOST_TEST(f["fd.num"].is_number_integer());
    BOOST_TEST(f["fd.num"] == 3);
    BOOST_TEST(f["evt.time"] == 1714525200250004000ULL);
    const auto shell = nlohmann::json::parse(lines[2]);
    BOOST_TEST(shell["output_fields"]["proc.tty"] == 34816);
    BOOST_TEST(shell["output_fields"]["container.id"] == "3ad7b26ded6d");
    const auto out = nlohmann::json::parse(lines[3]);
    BOOST_TEST(out["output_fields"]["fd.sport"] == 443);
    BOOST_TEST(out["output_fields"]["fd.sip"] == "93.184.216.34");
}

BOOST_AUTO_TEST_CASE(replays_are_identical_byte_for_byte) {
    TempFile rules("rules.yaml", kRules);
    TempFile capture("c.lncap", "");
    scenario().write(capture.path());
    const auto a = run_lanner({"-e", capture.path(), "-r", rules.path(), "--json"});
    const auto b = run_lanner({"-e", capture.path(), "-r", rules.path(), "--json"});
    BOOST_TEST(a.out == b.out);
    BOOST_TEST(!a.out.empty());
}

BOOST_AUTO_TEST_CASE(hostile_names_cannot_forge_alert_lines) {
    TempFile rules("rules.yaml", R"(
- rule: Any open
  desc: x
  condition: evt.type = openat
  output: opened %fd.name
  priority: INFO
)");
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(100, "/bin/sh"));
    cap.open(100, "/tmp/x\n01:00:00.000000000: Critical Fake alert\x1b[2J", 3);
    TempFile capture("c.lncap", "");
    cap.write(capture.path());
    auto r = run_lanner({"-e", capture.path(), "-r", rules.path()});
    BOOST_REQUIRE(r.lines().size() == 1u);
    BOOST_TEST(!contains(r.out, "\x1b"));
    BOOST_TEST(contains(r.out, "/tmp/x\\n01:00:00.000000000: Critical Fake alert\\x1b[2J"), r.out);
    r = run_lanner({"-e", capture.path(), "-r", rules.path(), "--json"});
    BOOST_REQUIRE(r.lines().size() == 1u);
    const auto j = nlohmann::json::parse(r.lines()[0]);
    BOOST_TEST(j["output_fields"]["fd.name"] ==
               "/tmp/x\n01:00:00.000000000: Critical Fake alert\x1b[2J");
}

BOOST_AUTO_TEST_CASE(priority_threshold_and_selectors_from_the_config) {
    TempFile rules("rules.yaml", kRules);
    TempFile capture("c.lncap", "");
    scenario().write(capture.path());
    auto r = run_lanner({"-e", capture.path(), "-r", rules.path(), "-o", "priority=warning"});
    BOOST_TEST(r.lines().size() == 2u, r.out);  // Warning and Error; the Notices are below
    r = run_lanner(
        {"-e", capture.path(), "-r", rules.path(), "-o", "rules=[{disable: {tag: filesystem}}]"});
    BOOST_TEST(r.lines().size() == 2u, r.out);
    BOOST_TEST(!contains(r.out, "Shadow read"));
    r = run_lanner({"-e", capture.path(), "-r", rules.path(), "-pc"});
    BOOST_TEST(contains(r.lines()[0], "container_id=host"), r.out);
}
