// The default rules (rules/lanner_rules.yaml) live: `lanner` runs as a
// subprocess with the default rules and this run's test rules while the
// scenario's actions happen for real (live_scenario.h), writing a capture;
// each test case checks one action's alert and its fields, and the capture
// replays to the very same alerts.
#define BOOST_TEST_MODULE live_rules
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "alert_set.h"
#include "lanner_process.h"
#include "live_scenario.h"
#include "live_support.h"

using namespace lanner::live;
namespace fs = std::filesystem;

namespace {

// One live run of the scenario, shared by the test cases of the suite.
struct DefaultRulesRun {
    TempDir dir{"lanner-live-rules"};
    std::unique_ptr<LiveScenario> scenario;
    std::vector<std::string> rules_args;  // -r ... for the live run and the replay
    std::string capture;
    std::vector<std::string> live_lines;
    std::unique_ptr<AlertSet> alerts;
    std::string log;

    static DefaultRulesRun* instance;

    DefaultRulesRun() {
        scenario = std::make_unique<LiveScenario>(dir);
        rules_args = {"-r", (source_root() / "rules/lanner_rules.yaml").string(), "-r",
                      scenario->write_test_rules()};
        capture = dir.file("live.lncap");
        std::vector<std::string> args = common_lanner_args();
        args.insert(args.end(), rules_args.begin(), rules_args.end());
        args.insert(args.end(), {"--capture", capture});
        ScenarioRun done = run_scenario(*scenario, args, dir.path().string());
        log = std::move(done.log);
        live_lines = std::move(done.alert_lines);
        alerts = std::make_unique<AlertSet>(std::move(done.alerts));
        instance = this;
    }
};
DefaultRulesRun* DefaultRulesRun::instance = nullptr;

const DefaultRulesRun& run() {
    BOOST_REQUIRE_MESSAGE(DefaultRulesRun::instance, "the live run failed (see above)");
    return *DefaultRulesRun::instance;
}

const LiveScenario& scenario() {
    return *run().scenario;
}

const nlohmann::json& alert_of_pid(const std::string& rule, pid_t pid) {
    return run().alerts->raised_by(rule, pid);
}

// The alerts of `rule` raised inside a container (by its short id).
std::vector<const nlohmann::json*> alerts_in(const std::string& rule, const BusyboxContainer& c) {
    return run().alerts->of(rule, "container.id", c.short_id());
}

const nlohmann::json& alert_in(const std::string& rule, const BusyboxContainer& c,
                               const std::string& proc_name) {
    return run().alerts->raised_in(rule, c.short_id(), proc_name);
}

bool has_tag(const nlohmann::json& alert, const std::string& tag) {
    for (const auto& t : alert.value("tags", nlohmann::json::array()))
        if (t == tag) return true;
    return false;
}

std::string canonical(const char* path) {
    return fs::canonical(path).string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(default_rules, *boost::unit_test::fixture<DefaultRulesRun>())

BOOST_AUTO_TEST_CASE(cat_etc_shadow) {
    const auto& a =
        alert_of_pid("Read sensitive file by untrusted program", scenario().shadow_reader);
    BOOST_TEST(a.value("priority", "") == "Warning");
    BOOST_TEST(has_tag(a, "mitre_credential_access"));
    BOOST_TEST(field(a, "fd.name") == "/etc/shadow");
    BOOST_TEST(field(a, "proc.name") == "cat");
    BOOST_TEST(field(a, "proc.exepath") == canonical("/bin/cat"));
    BOOST_TEST(field(a, "proc.cmdline") == "cat /etc/shadow");
    BOOST_TEST(field(a, "proc.pname") == scenario().test_comm);
    BOOST_TEST(field(a, "proc.ppid") == std::to_string(scenario().test_pid));
    BOOST_TEST(field(a, "user.name") == "root");
    BOOST_TEST(field(a, "user.uid") == "0");
    BOOST_TEST(field(a, "container.id") == "host");
    BOOST_TEST(a.value("output", "").find("file=/etc/shadow user=root") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(write_below_etc) {
    const auto& a = alert_of_pid("Write below protected directory", scenario().etc_writer);
    BOOST_TEST(a.value("priority", "") == "Error");
    BOOST_TEST(field(a, "fd.name") == scenario().etc_file);
    BOOST_TEST(field(a, "evt.arg.flags") == "O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC");
    BOOST_TEST(field(a, "proc.name") == scenario().test_comm);
    BOOST_TEST(field(a, "user.name") == "root");
    BOOST_TEST(!fs::exists(scenario().etc_file));
}

BOOST_AUTO_TEST_CASE(loopback_connect_both_ends) {
    const auto& s = scenario();
    const std::string sport = std::to_string(s.server_port), cport = std::to_string(s.client_port);
    const auto& c = alert_of_pid("Live test loopback connect", s.connector);
    BOOST_TEST(field(c, "fd.sip") == "127.0.0.1");
    BOOST_TEST(field(c, "fd.sport") == sport);
    BOOST_TEST(field(c, "fd.cip") == "127.0.0.1");
    BOOST_TEST(field(c, "fd.cport") == cport);
    BOOST_TEST(field(c, "fd.lip") == "127.0.0.1");
    BOOST_TEST(field(c, "fd.lport") == cport);
    BOOST_TEST(field(c, "fd.rip") == "127.0.0.1");
    BOOST_TEST(field(c, "fd.rport") == sport);
    BOOST_TEST(field(c, "fd.l4proto") == "tcp");
    BOOST_TEST(field(c, "fd.type") == "ipv4");
    BOOST_TEST(field(c, "fd.name") == "127.0.0.1:" + cport + "->127.0.0.1:" + sport);
    BOOST_TEST(field(c, "fd.connected") == "true");
    BOOST_TEST(field(c, "fd.is_server") == "false");
    BOOST_TEST(field(c, "evt.res") == "SUCCESS");

    const auto& a = alert_of_pid("Live test loopback accept", s.test_pid);
    BOOST_TEST(field(a, "fd.sport") == sport);
    BOOST_TEST(field(a, "fd.cport") == cport);
    BOOST_TEST(field(a, "fd.cip") == "127.0.0.1");
    BOOST_TEST(field(a, "fd.lport") == sport);
    BOOST_TEST(field(a, "fd.rport") == cport);
    BOOST_TEST(field(a, "fd.is_server") == "true");
}

BOOST_AUTO_TEST_CASE(exec_chain_ancestors) {
    const auto& s = scenario();
    const nlohmann::json* leaf =
        run().alerts->first("Live test exec chain", "proc.args", s.marker + "-chain");
    BOOST_REQUIRE_MESSAGE(leaf, "no alert for the chain's leaf"
                                    << run().alerts->about("proc.args", s.marker + "-chain"));
    const auto& a = *leaf;
    BOOST_TEST(field(a, "proc.aname[1]") == "chain_c");
    BOOST_TEST(field(a, "proc.aname[2]") == "chain_b");
    BOOST_TEST(field(a, "proc.aname[3]") == "chain_a");
    BOOST_TEST(field(a, "proc.aname[4]") == s.test_comm);
    BOOST_TEST(field(a, "proc.pname") == "chain_c");
    BOOST_TEST(field(a, "proc.apid[1]") == field(a, "proc.ppid"));
    BOOST_TEST(field(a, "proc.apid[3]") == std::to_string(s.chain_head));
    BOOST_TEST(field(a, "proc.apid[4]") == std::to_string(s.test_pid));
    // Each link is a process of its own.
    BOOST_TEST(field(a, "proc.apid[1]") != field(a, "proc.apid[2]"));
    BOOST_TEST(field(a, "proc.apid[2]") != field(a, "proc.apid[3]"));
}

BOOST_AUTO_TEST_CASE(memfd_exec) {
    const auto& a = alert_of_pid("Fileless execution from memfd", scenario().memfd_runner);
    BOOST_TEST(a.value("priority", "") == "Critical");
    BOOST_TEST(field(a, "proc.exepath").find("memfd:lanner-fileless") != std::string::npos);
    BOOST_TEST(field(a, "proc.cmdline").ends_with(" " + scenario().marker + "-memfd"));
    BOOST_TEST(field(a, "proc.pname") == scenario().test_comm);
    BOOST_TEST(field(a, "user.name") == "root");
}

BOOST_AUTO_TEST_CASE(ptrace_attach) {
    const auto& a = alert_of_pid("Ptrace attach to another process", scenario().tracer);
    BOOST_TEST(field(a, "evt.arg.request") == "PTRACE_ATTACH");
    BOOST_TEST(field(a, "proc.name") == "ptrace_attach");
    BOOST_TEST(field(a, "proc.pname") == scenario().test_comm);
    // The target is the helper's own child: a pid, named by its process.
    BOOST_TEST(field(a, "evt.arg.pid") == "ptrace_attach");
    const std::string target = field(a, "evt.rawarg.pid");
    BOOST_TEST(target.find_first_not_of("0123456789") == std::string::npos, target);
    BOOST_TEST(target != std::to_string(scenario().tracer));
}

BOOST_AUTO_TEST_CASE(execution_from_tmp) {
    const auto& a = alert_of_pid("Execution from temporary directory", scenario().tmp_runner);
    BOOST_TEST(field(a, "proc.exepath") == scenario().tmp_program);
    BOOST_TEST(field(a, "proc.name") == "tmp-program");
}

BOOST_AUTO_TEST_CASE(shell_history_removed) {
    const auto& a = alert_of_pid("Shell history deleted", scenario().history_remover);
    BOOST_TEST(field(a, "fs.path.name") == scenario().history_file);
    const std::string type = field(a, "evt.type");
    BOOST_TEST((type == "unlink" || type == "unlinkat"), type);
}

BOOST_AUTO_TEST_CASE(log_file_truncated) {
    const auto& a = alert_of_pid("Log file cleared", scenario().log_truncator);
    BOOST_TEST(field(a, "fd.name") == scenario().log_file);
    // Only the truncation: creating the file was not a clearing.
    BOOST_TEST(
        run()
            .alerts->of("Log file cleared", "proc.pid", std::to_string(scenario().log_truncator))
            .size() == 1u);
    BOOST_TEST(!fs::exists(scenario().log_file));
}

BOOST_AUTO_TEST_CASE(refused_setuid_to_root) {
    const auto& a =
        alert_of_pid("Privilege raised to root by non-root process", scenario().root_seeker);
    BOOST_TEST(field(a, "proc.name") == "setpriv");
    BOOST_TEST(field(a, "user.uid") == "65534");
    BOOST_TEST(field(a, "evt.res") == "EPERM");
}

BOOST_AUTO_TEST_CASE(terminal_shell_in_runc_container) {
    const BusyboxContainer& c = scenario().interactive();
    const auto shells = alerts_in("Terminal shell in container", c);
    BOOST_REQUIRE_MESSAGE(shells.size() == 1u,
                          "one terminal shell expected"
                              << run().alerts->about("container.id", c.short_id())
                              << "\ncontainer output:\n"
                              << scenario().interactive_output);
    const auto& a = *shells.front();
    BOOST_TEST(field(a, "container.id") == c.id().substr(0, 12));
    BOOST_TEST(field(a, "container.id").size() == 12u);
    BOOST_TEST(field(a, "proc.name") == "sh");
    BOOST_TEST(field(a, "proc.exepath") == "/bin/busybox");
    BOOST_TEST(field(a, "proc.pname") == "runc");
    BOOST_TEST(field(a, "user.name") == "root");
    // The container's pty: a Unix98 pty slave (major 136) in Lanner's
    // (major << 20 | minor) encoding.
    const std::string tty = field(a, "proc.tty");
    BOOST_TEST(tty != "0");
    BOOST_TEST((std::stoull(tty) >> 20) == 136u, "proc.tty " << tty);
}

BOOST_AUTO_TEST_CASE(package_manager_user_management_and_network_tool_in_container) {
    const BusyboxContainer& c = scenario().interactive();
    const auto& pkg = alert_in("Package manager in container", c, "apk");
    BOOST_TEST(field(pkg, "proc.cmdline") == "apk add lanner-live-package");
    BOOST_TEST(field(pkg, "proc.pname") == "sh");
    BOOST_TEST(pkg.value("priority", "") == "Error");
    const auto& user = alert_in("User management in container", c, "useradd");
    BOOST_TEST(field(user, "proc.cmdline") == "useradd lannerlive");
    const auto& nc = alert_in("Network tool in container", c, "nc");
    BOOST_TEST(field(nc, "proc.cmdline") ==
               "nc 127.0.0.1 " + std::to_string(scenario().redirect_port) + " -e /bin/sh");
}

BOOST_AUTO_TEST_CASE(reverse_shell_std_streams_are_the_socket) {
    const BusyboxContainer& c = scenario().interactive();
    const std::string peer = "->127.0.0.1:" + std::to_string(scenario().redirect_port);
    // nc moved the connection onto stdin, then stdout...
    bool both = false;
    for (const auto* d : alerts_in("Live test std stream onto a socket", c)) {
        BOOST_TEST(field(*d, "proc.name") == "nc");
        BOOST_TEST(field(*d, "fd.types[0]") == "ipv4");
        if (field(*d, "evt.rawres") == "1") both = field(*d, "fd.types[1]") == "ipv4";
    }
    BOOST_TEST(both, run().alerts->about("container.id", c.short_id()));
    // ...and the shell it started reads from and writes to it.
    BOOST_TEST(scenario().reverse_shell_output.find("redirected") != std::string::npos,
               "the reverse shell sent: " << scenario().reverse_shell_output);
    const auto& a = alert_in("Live test reverse shell streams", c, "sh");
    BOOST_TEST(field(a, "proc.stdin.type") == "ipv4");
    BOOST_TEST(field(a, "proc.stdout.type") == "ipv4");
    BOOST_TEST(field(a, "proc.stdin.name").ends_with(peer), field(a, "proc.stdin.name"));
}

BOOST_AUTO_TEST_CASE(capable_container_mounts_spawns_and_loads_a_module) {
    const BusyboxContainer& c = scenario().capable();
    const auto mounts = alerts_in("Mount in container", c);
    bool mounted = false, unmounted = false;
    for (const auto* m : mounts) {
        // The runtime's own mounts while it builds the container are not alerts.
        BOOST_TEST(!field(*m, "proc.name").starts_with("runc"), field(*m, "proc.name"));
        if (field(*m, "evt.type") == "mount" && field(*m, "evt.arg.dir") == "/mnt") mounted = true;
        if (field(*m, "evt.type") == "umount2" && field(*m, "evt.arg.name") == "/mnt")
            unmounted = true;
    }
    BOOST_TEST(mounted, run().alerts->about("container.id", c.short_id()));
    BOOST_TEST(unmounted);

    const auto& shell = alert_in("Shell spawned by non-shell program in container", c, "sh");
    BOOST_TEST(field(shell, "proc.pname") == "awk");
    BOOST_TEST(field(shell, "proc.cmdline") == "sh -c true");
    // The command line awk was started with, although awk has rewritten its
    // argument memory by the time it forks.
    BOOST_TEST(field(shell, "proc.pcmdline") == "awk BEGIN { system(\"true\") }");

    const auto& module = alert_in("Kernel module load attempt", c, "insmod");
    const std::string type = field(module, "evt.type");
    BOOST_TEST((type == "finit_module" || type == "init_module"), type);
    // This kernel has no module support; the attempt is what counts.
    BOOST_TEST(field(module, "evt.res") != "SUCCESS");
    BOOST_TEST(field(module, "container.id") == c.short_id());
}

BOOST_AUTO_TEST_CASE(outbound_connection_from_container) {
    const auto& s = scenario();
    if (s.outbound_address.empty()) {
        BOOST_TEST_MESSAGE("skipped: this host has no IPv4 address outside the private ranges");
        return;
    }
    const auto& a = alert_in("Outbound connection from container", s.capable(), "nc");
    BOOST_TEST(field(a, "fd.rport") == std::to_string(s.outbound_port));
    BOOST_TEST(field(a, "fd.l4proto") == "tcp");
    BOOST_TEST(field(a, "fd.name")
                   .ends_with("->" + s.outbound_address + ":" + std::to_string(s.outbound_port)));
    // Loopback connections from a container are not outbound.
    BOOST_TEST(
        run()
            .alerts
            ->of("Outbound connection from container", "container.id", s.interactive().short_id())
            .empty());
}

BOOST_AUTO_TEST_CASE(capture_replays_to_the_same_alerts) {
    std::vector<std::string> args = common_lanner_args();
    args.insert(args.end(), run().rules_args.begin(), run().rules_args.end());
    args.insert(args.end(), {"-e", run().capture});
    const std::vector<std::string> replayed = run_lanner_to_end(args);
    const auto& live = run().live_lines;
    BOOST_TEST(live.size() > 10u);
    BOOST_TEST(replayed.size() == live.size());
    for (size_t i = 0; i < std::min(live.size(), replayed.size()); ++i)
        BOOST_TEST(replayed[i] == live[i],
                   "alert " << i << "\n  live:   " << live[i] << "\n  replay: " << replayed[i]);
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    return run_live_tests(argc, argv, &init_unit_test, {.containers = true});
}
