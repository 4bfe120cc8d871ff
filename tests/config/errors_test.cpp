// Bad configurations and the exact messages they give: every problem named
// with its place (file:line:column or the -o option as given), its key path
// and its value, all of them reported together.
#define BOOST_TEST_MODULE config_errors
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/error.h"
#include "config/config_loader.h"
#include "temp_dir.h"

using lanner::test::TempDir;

using namespace lanner::config;
namespace fs = std::filesystem;

namespace {

struct BadConfig {
    const char* what;
    std::string yaml;
    std::vector<std::string> options;
    std::vector<std::string> expected;  // every diagnostic, in order
};

const std::vector<BadConfig> kCases = {
    {"unknown key, with its location and a suggestion",
     "webserver:\n  listen_prot: 9000\n",
     {},
     {"c.yaml:2:3: warning: webserver.listen_prot: unknown key (did you mean 'listen_port'?)"}},
    {"a known key in the wrong section",
     "listen_port: 9000\n",
     {},
     {"c.yaml:1:1: warning: listen_port: unknown key (did you mean 'webserver.listen_port'?)"}},
    {"a shortened key",
     "engine:\n  kmod:\n    buf_size: 3\n",
     {},
     {"c.yaml:3:5: warning: engine.kmod.buf_size: unknown key (did you mean "
      "'buf_size_preset'?)"}},
    {"an unknown key with nothing close",
     "colour: blue\n",
     {},
     {"c.yaml:1:1: warning: colour: unknown key"}},
    {"a Falco key Lanner does not have",
     "grpc:\n  enabled: false\noutputs:\n  rate: 1\n",
     {},
     {"c.yaml:1:1: warning: grpc: a Falco setting Lanner does not have; ignored",
      "c.yaml:3:1: warning: outputs: a Falco setting Lanner does not have; ignored (Lanner "
      "throttles alerts per rule with throttle: {rate, burst})"}},
    {"wrong type",
     "file_output:\n  keep_alive: maybe\n",
     {},
     {"c.yaml:2:15: error: file_output.keep_alive: expected a boolean, got 'maybe'"}},
    {"a section that is not a mapping",
     "webserver: 8765\n",
     {},
     {"c.yaml:1:12: error: webserver: expected a mapping, got '8765'"}},
    {"a list where a string goes",
     "http_output:\n  url: [a, b]\n",
     {},
     {"c.yaml:2:8: error: http_output.url: expected a string, got a list"}},
    {"a number that is not one",
     "webserver:\n  listen_port: eighty\n",
     {},
     {"c.yaml:2:16: error: webserver.listen_port: expected a whole number, got 'eighty'"}},
    {"out of range",
     "webserver:\n  listen_port: 70000\nengine:\n  kmod:\n    buf_size_preset: 11\n",
     {},
     {"c.yaml:2:16: error: webserver.listen_port: must be a port from 1 to 65535, got 70000",
      "c.yaml:5:22: error: engine.kmod.buf_size_preset: must be from 1 (1 MiB per CPU) to 10 "
      "(512 MiB per CPU), got 11"}},
    {"bad enum value, with a suggestion",
     "engine:\n  kind: kmodd\n",
     {},
     {"c.yaml:2:9: error: engine.kind: expected one of auto, kmod, ebpf, modern_ebpf, replay, "
      "got 'kmodd' (did you mean 'kmod'?)"}},
    {"bad enum in a list",
     "syscall_event_drops:\n  actions: [log, page]\n",
     {},
     {"c.yaml:2:18: error: syscall_event_drops.actions[1]: expected one of ignore, log, alert, "
      "exit, got 'page'"}},
    {"bad duration",
     "metrics:\n  interval: 5 minutes\n",
     {},
     {"c.yaml:2:13: error: metrics.interval: expected a duration such as 15s, 1m, 1h30m or "
      "500ms, got '5 minutes'"}},
    {"duration below the minimum",
     "metrics:\n  interval: 10ms\n",
     {},
     {"c.yaml:2:13: error: metrics.interval: must be at least 100ms, got 10ms"}},
    {"bad size",
     "http_output:\n  spool:\n    max_size: 64M\n",
     {},
     {"c.yaml:3:15: error: http_output.spool.max_size: unit 'M' in '64M' is ambiguous: write "
      "MiB (powers of 1024) or MB (powers of 1000)"}},
    {"bad address",
     "webserver:\n  listen_address: localhost\n",
     {},
     {"c.yaml:2:19: error: webserver.listen_address: expected an IPv4 or IPv6 address, got "
      "'localhost'"}},
    {"every error is reported, not just the first",
     "json_output: sometimes\nlog_level: loud\nwebserver:\n  enabled: 2\n  threadiness: -1\n",
     {},
     {"c.yaml:1:14: error: json_output: expected a boolean, got 'sometimes'",
      "c.yaml:2:12: error: log_level: expected one of emergency, alert, critical, error, warning, "
      "notice, info, debug, informational, warn, got 'loud'",
      "c.yaml:4:12: error: webserver.enabled: expected a boolean, got '2'",
      "c.yaml:5:16: error: webserver.threadiness: expected a whole number, got '-1'"}},
    {"YAML syntax error with line:column",
     "webserver:\n  enabled: true\n listen_port: 1\n",
     {},
     {"c.yaml:3:2: error: YAML syntax error: end of map not found"}},
    {"a document that is not a mapping",
     "- a\n- b\n",
     {},
     {"c.yaml:1:1: error: the configuration must be a mapping of keys to values, got a list"}},
    {"a recursive alias",
     "rules_files: &x [*x]\n",
     {},
     {"c.yaml:1:14: error: rules_files: nested deeper than 64 levels or larger than 1000000 "
      "values (a recursive alias?)"}},
    {"a key given twice",
     "json_output: true\njson_output: false\n",
     {},
     {"c.yaml:2:1: warning: json_output: key given twice in this mapping; the later value wins"}},
    {"a selector with a misspelt operation",
     "rules:\n  - disabel: {rule: x}\n",
     {},
     {"c.yaml:2:5: error: rules[0]: expected 'enable' or 'disable', got 'disabel' (did you mean "
      "'disable'?)"}},
    {"a selector with no rule and no tag, and one with an unknown key",
     "rules:\n  - enable: {}\n  - disable: {rule: a, tags: b}\n",
     {},
     {"c.yaml:2:13: error: rules[0].enable: names no rule and no tag",
      "c.yaml:3:24: warning: rules[1].disable.tags: unknown key (did you mean 'tag'?)"}},
    {"an enabled output without its target",
     "http_output:\n  enabled: true\nprogram_output:\n  enabled: true\n",
     {},
     {"c.yaml:2:12: error: http_output.enabled: http_output is enabled but has no URL (set "
      "http_output.url)",
      "c.yaml:4:12: error: program_output.enabled: program_output is enabled but names no "
      "program (set program_output.program)"}},
    {"drop actions that contradict each other",
     "syscall_event_drops:\n  actions: [ignore, log]\n",
     {},
     {"c.yaml:2:12: error: syscall_event_drops.actions: 'ignore' cannot be combined with 'log' "
      "or 'alert'"}},
    {"replay without a capture",
     "engine:\n  kind: replay\n",
     {},
     {"c.yaml:2:9: error: engine.kind: engine.kind is replay but engine.replay.capture_file is "
      "not set"}},
    {"both rules_file and rules_files",
     "rules_file: [a.yaml]\nrules_files: [b.yaml]\n",
     {},
     {"c.yaml:1:1: error: rules_file: both rules_file and rules_files are set; keep rules_files "
      "(rules_file is Falco's older name of it)"}},
    {"Falco's older rules_file is read, with a warning",
     "rules_file: /r.yaml\n",
     {},
     {"c.yaml:1:1: warning: rules_file: Falco's older name of rules_files; read as rules_files"}},
    {"a syscall Lanner does not trace",
     "base_syscalls:\n  custom_set: [openat, \"!mprotect\"]\n",
     {},
     {"c.yaml:2:24: warning: base_syscalls.custom_set[1]: 'mprotect' is not a syscall Lanner "
      "traces; ignored"}},
    {"http URL without a scheme",
     "http_output:\n  url: example.com/hook\n",
     {},
     {"c.yaml:2:8: error: http_output.url: expected an http:// or https:// URL, got "
      "'example.com/hook'"}},
    {"a throttle override naming no rule",
     "throttle:\n  rules:\n    - {rate: 1}\n",
     {},
     {"c.yaml:3:7: error: throttle.rules[0]: names no rule (set 'rule' to a rule name or a "
      "pattern with '*')"}},
    {"-o without '='",
     "",
     {"webserver.listen_port"},
     {"-o webserver.listen_port: error: expected key=value (e.g. -o webserver.listen_port=9000)"}},
    {"-o with a malformed key",
     "",
     {"webserver..listen_port=1", "rules_files[x]=a", "rules_files[0=a", "=1", "a]=1"},
     {"-o webserver..listen_port=1: error: expected a key name at position 11 of "
      "'webserver..listen_port'",
      "-o rules_files[x]=a: error: expected a list index (a number, or nothing to append), got "
      "'[x]'",
      "-o rules_files[0=a: error: '[' at position 12 of 'rules_files[0' is not closed",
      "-o =1: error: the key before '=' is empty",
      "-o a]=1: error: unexpected ']' at position 2 of 'a]'"}},
    {"-o with a wrong value, named as given",
     "",
     {"webserver.listen_port=abc", "file_output.keep_alive=maybe"},
     {"-o webserver.listen_port=abc: error: webserver.listen_port: expected a whole number, got "
      "'abc'",
      "-o file_output.keep_alive=maybe: error: file_output.keep_alive: expected a boolean, got "
      "'maybe'"}},
    {"-o with an unknown key",
     "",
     {"webserver.listen_prot=9000"},
     {"-o webserver.listen_prot=9000: warning: webserver.listen_prot: unknown key (did you mean "
      "'listen_port'?)"}},
    {"-o with a YAML value that does not parse",
     "",
     {"http_output={enabled: true"},
     {"-o http_output={enabled: true: error: YAML syntax error: end of map flow not found"}},
    {"-o indexing past the end of a list, and a scalar",
     "",
     {"rules_files[5]=x.yaml", "json_output[0]=x"},
     {"-o rules_files[5]=x.yaml: error: rules_files: index 5 is past the end of the list (1 "
      "item); use [] to append",
      "-o json_output[0]=x: error: json_output: cannot index 'false' with [0]: it is not a list"}},
};

std::vector<std::string> messages(const ConfigLoadResult& r) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) out.push_back(d.to_string());
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(bad_configs_give_the_expected_messages) {
    for (const auto& c : kCases) {
        BOOST_TEST_CONTEXT(c.what) {
            const auto r = load_config_text("c.yaml", c.yaml, c.options);
            BOOST_TEST(messages(r) == c.expected, boost::test_tools::per_element());
            bool any_error = false;
            for (const auto& d : r.diagnostics) any_error |= d.severity == Severity::Error;
            BOOST_TEST(r.ok() == !any_error);
        }
    }
}

BOOST_AUTO_TEST_CASE(diagnostics_carry_their_parts) {
    const auto r = load_config_text("c.yaml", "file_output:\n  keep_alive: maybe\n");
    BOOST_REQUIRE_EQUAL(r.diagnostics.size(), 1u);
    const auto& d = r.diagnostics[0];
    BOOST_TEST(d.file == "c.yaml");
    BOOST_TEST(d.line == 2u);
    BOOST_TEST(d.column == 15u);
    BOOST_TEST(d.key == "file_output.keep_alive");
    BOOST_TEST(!r.ok());
    BOOST_CHECK_THROW(r.throw_if_errors(), lanner::Error);
}

BOOST_AUTO_TEST_CASE(a_wrong_value_keeps_the_default) {
    const auto r = load_config_text("c.yaml", "webserver:\n  listen_port: 0\n  enabled: false\n");
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.config.webserver.listen_port == 8765u);
    BOOST_TEST(!r.config.webserver.enabled);  // the good key next to it still applies
}

BOOST_AUTO_TEST_CASE(unreadable_files) {
    TempDir dir;
    const fs::path missing = dir.path() / "absent.yaml";
    auto r = load_config(missing);
    BOOST_TEST(messages(r) == std::vector<std::string>{missing.string() +
                                                       ": error: cannot read the configuration: "
                                                       "No such file or directory"},
               boost::test_tools::per_element());
    r = load_config(dir.path());
    BOOST_TEST(
        messages(r) ==
            std::vector<std::string>{dir.path().string() +
                                     ": error: cannot read the configuration: is a directory"},
        boost::test_tools::per_element());
    if (geteuid() != 0) {  // root reads a mode-000 file anyway
        const fs::path locked = dir.write("locked.yaml", "json_output: true\n");
        fs::permissions(locked, fs::perms::none);
        r = load_config(locked);
        BOOST_TEST(messages(r) == std::vector<std::string>{locked.string() +
                                                           ": error: cannot read the "
                                                           "configuration: Permission denied"},
                   boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_CASE(errors_in_files_name_the_file) {
    TempDir dir;
    const fs::path main = dir.write("main.yaml", "config_files: [drop.d]\njson_output: yes\n");
    fs::create_directories(dir.path() / "drop.d");
    const fs::path drop = dir.write("drop.d/10-bad.yaml",
                                    "webserver:\n  listen_port: x\nconfig_files: [other.yaml]\n");
    const auto r = load_config(main);
    BOOST_TEST(messages(r) ==
                   (std::vector<std::string>{
                       drop.string() +
                           ":2:16: error: webserver.listen_port: expected a whole number, got 'x'",
                       drop.string() +
                           ":3:1: error: config_files: only the main configuration file may name "
                           "config_files (drop-ins do not nest); ignored"}),
               boost::test_tools::per_element());
    BOOST_TEST(r.config.json_output);
}

BOOST_AUTO_TEST_CASE(a_drop_in_naming_the_main_file) {
    TempDir dir;
    const fs::path main = dir.write("main.yaml", "config_files: [main.yaml]\n");
    const auto r = load_config(main);
    BOOST_TEST(
        messages(r) == std::vector<std::string>{main.string() +
                                                ":1:15: error: config_files: " + main.string() +
                                                " is the main configuration file itself"},
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_unset_environment_variable) {
    ::unsetenv("LANNER_TEST_UNSET_VARIABLE");
    const auto r =
        load_config_text("c.yaml", "http_output:\n  url: http://${LANNER_TEST_UNSET_VARIABLE}/x\n");
    BOOST_TEST(
        messages(r) ==
            std::vector<std::string>{"c.yaml:2:8: warning: http_output.url: environment variable "
                                     "LANNER_TEST_UNSET_VARIABLE is not set; "
                                     "${LANNER_TEST_UNSET_VARIABLE} expands to nothing"},
        boost::test_tools::per_element());
    BOOST_TEST(r.config.http_output.url == "http:///x");
}
