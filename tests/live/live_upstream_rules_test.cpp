// Falco's own rules, live: `lanner` runs with the upstream rule files of
// ../shared/compat/rules (stable, incubating and sandbox, read in place)
// while the scenario's actions happen for real (live_scenario.h), and raises
// the upstream rules a Falco user expects for them. The run's test rules are
// loaded after them only for the end marker. Skipped when ../shared is absent.
#define BOOST_TEST_MODULE live_upstream_rules
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "alert_set.h"
#include "lanner_process.h"
#include "live_scenario.h"
#include "live_support.h"

using namespace lanner::live;

namespace {

struct UpstreamRulesRun {
    TempDir dir{"lanner-live-upstream"};
    std::unique_ptr<LiveScenario> scenario;
    std::unique_ptr<AlertSet> alerts;

    static UpstreamRulesRun* instance;

    UpstreamRulesRun() {
        scenario = std::make_unique<LiveScenario>(dir);
        std::vector<std::string> args = common_lanner_args();
        for (const char* file :
             {"falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"})
            args.insert(args.end(), {"-r", (upstream_rules() / file).string()});
        args.insert(args.end(), {"-r", scenario->write_test_rules()});
        alerts =
            std::make_unique<AlertSet>(run_scenario(*scenario, args, dir.path().string()).alerts);
        instance = this;
    }
};
UpstreamRulesRun* UpstreamRulesRun::instance = nullptr;

const UpstreamRulesRun& run() {
    BOOST_REQUIRE_MESSAGE(UpstreamRulesRun::instance, "the live run failed (see above)");
    return *UpstreamRulesRun::instance;
}

const LiveScenario& scenario() {
    return *run().scenario;
}

const nlohmann::json& alert_of_pid(const std::string& rule, pid_t pid) {
    return run().alerts->raised_by(rule, pid);
}

const nlohmann::json& alert_in(const std::string& rule, const BusyboxContainer& c,
                               const std::string& proc_name) {
    return run().alerts->raised_in(rule, c.short_id(), proc_name);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(upstream_rules, *boost::unit_test::fixture<UpstreamRulesRun>())

BOOST_AUTO_TEST_CASE(read_sensitive_file_untrusted) {
    const auto& a = alert_of_pid("Read sensitive file untrusted", scenario().shadow_reader);
    BOOST_TEST(field(a, "fd.name") == "/etc/shadow");
    BOOST_TEST(field(a, "proc.name") == "cat");
    BOOST_TEST(field(a, "user.name") == "root");
    BOOST_TEST(a.value("priority", "") == "Warning");
}

BOOST_AUTO_TEST_CASE(write_below_etc) {
    const auto& a = alert_of_pid("Write below etc", scenario().etc_writer);
    BOOST_TEST(field(a, "fd.name") == scenario().etc_file);
    BOOST_TEST(a.value("priority", "") == "Error");
}

BOOST_AUTO_TEST_CASE(terminal_shell_in_container) {
    const auto& c = scenario().interactive();
    const auto& a = alert_in("Terminal shell in container", c, "sh");
    BOOST_TEST(field(a, "proc.tty") != "0");
    BOOST_TEST(field(a, "proc.pname") == "runc");
}

BOOST_AUTO_TEST_CASE(launch_package_management_process_in_container) {
    const auto& a =
        alert_in("Launch Package Management Process in Container", scenario().interactive(), "apk");
    BOOST_TEST(field(a, "proc.cmdline") == "apk add lanner-live-package");
}

BOOST_AUTO_TEST_CASE(redirect_stdout_stdin_to_network_connection_in_container) {
    const auto& a = alert_in("Redirect STDOUT/STDIN to Network Connection in Container",
                             scenario().interactive(), "nc");
    BOOST_TEST(field(a, "fd.type") == "ipv4");
    BOOST_TEST(field(a, "fd.sip") == "127.0.0.1");
    BOOST_TEST(field(a, "fd.rport") == std::to_string(scenario().redirect_port));
    BOOST_TEST(field(a, "fd.l4proto") == "tcp");
    const std::string type = field(a, "evt.type");
    BOOST_TEST((type == "dup2" || type == "dup3" || type == "dup"), type);
}

BOOST_AUTO_TEST_CASE(fileless_execution_via_memfd_create) {
    const auto& a = alert_of_pid("Fileless execution via memfd_create", scenario().memfd_runner);
    BOOST_TEST(field(a, "proc.exepath").find("memfd:lanner-fileless") != std::string::npos);
    BOOST_TEST(a.value("priority", "") == "Critical");
}

BOOST_AUTO_TEST_CASE(ptrace_attached_to_process) {
    const auto& a = alert_of_pid("PTRACE attached to process", scenario().tracer);
    BOOST_TEST(field(a, "proc.name") == "ptrace_attach");
}

BOOST_AUTO_TEST_CASE(linux_kernel_module_injection_detected) {
    const auto& a =
        alert_in("Linux Kernel Module Injection Detected", scenario().capable(), "insmod");
    BOOST_TEST(field(a, "proc.args") == "/x.ko");
    BOOST_TEST(field(a, "evt.res") != "SUCCESS");
}

BOOST_AUTO_TEST_CASE(create_symlink_over_sensitive_files) {
    const auto& a = alert_of_pid("Create Symlink Over Sensitive Files", scenario().symlinker);
    BOOST_TEST(field(a, "evt.arg.target") == "/etc/shadow");
    BOOST_TEST(field(a, "evt.arg.linkpath") == scenario().symlink_path);
}

BOOST_AUTO_TEST_CASE(launch_excessively_capable_container) {
    const auto& capable = scenario().capable();
    const auto& a = alert_in("Launch Excessively Capable Container", capable, "sh");
    BOOST_TEST(field(a, "thread.cap_permitted").find("CAP_SYS_ADMIN") != std::string::npos);
    BOOST_TEST(field(a, "thread.cap_permitted").find("CAP_SYS_MODULE") != std::string::npos);
    // The container with runc's default capabilities is not excessively capable.
    const auto& plain = scenario().interactive();
    BOOST_TEST(
        run()
            .alerts->of("Launch Excessively Capable Container", "container.id", plain.short_id())
            .empty());
}

BOOST_AUTO_TEST_SUITE_END()

int main(int argc, char** argv) {
    return run_live_tests(argc, argv, &init_unit_test,
                          {.containers = true, .upstream_rules = true});
}
