// Loading: defaults, drop-in merge order and strategies, -o overrides of
// nested, list and mapping values, relative paths, environment variables,
// rendering the effective configuration, and the default paths.
#define BOOST_TEST_MODULE config_load
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "config/config_render.h"
#include "config/default_paths.h"
#include "temp_dir.h"

using lanner::test::TempDir;

using namespace lanner::config;
namespace fs = std::filesystem;
using Paths = std::vector<fs::path>;

namespace {

ConfigLoadResult load_ok(const std::string& yaml, const std::vector<std::string>& options = {}) {
    auto r = load_config_text("c.yaml", yaml, options);
    BOOST_TEST_REQUIRE(r.diagnostics.empty(), r.report());
    return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(empty_and_absent_sections_give_defaults) {
    const std::string defaults = render_yaml(Config{});
    BOOST_TEST(render_yaml(load_ok("").config) == defaults);
    BOOST_TEST(render_yaml(load_ok("webserver:\nmetrics:\nhttp_output:\n  spool:\n").config) ==
               defaults);
    BOOST_TEST(render_yaml(load_ok("# only a comment\n").config) == defaults);
}

BOOST_AUTO_TEST_CASE(falco_defaults_where_falco_has_them) {
    const Config c;
    BOOST_TEST(c.json_include_output_property);
    BOOST_TEST(c.json_include_tags_property);
    BOOST_TEST(!c.json_include_message_property);
    BOOST_TEST((c.priority == lanner::rules::Priority::Debug));
    BOOST_TEST(c.webserver.listen_port == 8765u);
    BOOST_TEST(c.webserver.listen_address == "127.0.0.1");  // Lanner's loopback default
    BOOST_TEST(c.webserver.k8s_healthz_endpoint == "/healthz");
    BOOST_TEST((c.metrics.interval == std::chrono::hours(1)));
    BOOST_TEST(c.syscall_event_drops.threshold == 0.1);
    BOOST_TEST(c.syscall_event_drops.rate == 0.03333);
    BOOST_TEST(c.syscall_event_drops.max_burst == 1u);
    BOOST_TEST(c.engine.kmod.buf_size_preset == 3u);
    BOOST_TEST(c.engine.modern_ebpf.buf_size_preset == 2u);  // Lanner's, lanner.yaml says why
    BOOST_TEST(c.http_output.ca_path == "/etc/ssl/certs");
    BOOST_TEST(c.file_output.filename == "./events.txt");
    BOOST_TEST(c.stdout_output.enabled);
    BOOST_TEST(c.syslog_output.enabled);
    BOOST_TEST(c.outputs_queue_capacity() == kDefaultOutputsQueueCapacity);
    BOOST_TEST((c.rules_files == Paths{"/etc/lanner/rules.d"}));
}

BOOST_AUTO_TEST_CASE(values_of_every_kind_are_read) {
    const auto r = load_ok(R"(
engine:
  kind: modern_ebpf
  modern_ebpf: {buf_size_preset: 6, cpus_for_each_buffer: 2}
priority: WARNING
rule_matching: all
log_level: debug
metrics: {enabled: true, interval: 1m30s}
http_output:
  enabled: true
  url: https://siem.example/ingest
  spool: {dir: /var/spool/lanner, max_size: 1GiB}
outputs_queue: {capacity: 1000}
syscall_event_drops: {actions: [exit], threshold: 0, rate: 1}
throttle:
  rate: 0.5
  rules:
    - {rule: "Read sensitive*", burst: 3}
append_output:
  - match: {tags: [container], source: syscall}
    extra_output: "on CPU %evt.cpu"
    extra_fields: [{home: "/root"}, evt.hostname]
rules:
  - disable: {rule: "*"}
  - enable: {tag: network, rule: "Outbound*"}
base_syscalls: {custom_set: [openat, "!connect"], repair: true}
)");
    const Config& c = r.config;
    BOOST_TEST((c.engine.kind == EngineKind::Ebpf));
    BOOST_TEST(c.engine.ring_bytes_per_cpu(EngineKind::Ebpf) == 32u << 20);
    BOOST_TEST(c.engine.modern_ebpf.cpus_for_each_buffer == 2u);
    BOOST_TEST((c.priority == lanner::rules::Priority::Warning));
    BOOST_TEST((c.rule_matching == lanner::rules::RuleMatching::All));
    BOOST_TEST((c.log_level == LogLevel::Debug));
    BOOST_TEST((c.metrics.interval == std::chrono::seconds(90)));
    BOOST_TEST(c.http_output.spool.max_size.bytes == 1ull << 30);
    BOOST_TEST(c.outputs_queue_capacity() == 1000u);
    BOOST_TEST((c.syscall_event_drops.actions == std::vector<DropAction>{DropAction::Exit}));
    BOOST_REQUIRE_EQUAL(c.throttle.rules.size(), 1u);
    BOOST_TEST(!c.throttle.rules[0].rate.has_value());
    BOOST_TEST(c.throttle.rules[0].burst.value() == 3u);
    BOOST_REQUIRE_EQUAL(c.append_output.size(), 1u);
    BOOST_TEST((c.append_output[0].match.tags == std::vector<std::string>{"container"}));
    BOOST_TEST((c.append_output[0].extra_fields ==
                std::vector<ExtraField>{{"home", "/root"}, {"evt.hostname", ""}}));
    BOOST_TEST(
        (c.rules == std::vector<RuleSelector>{{RuleSelector::Op::Disable, "*", ""},
                                              {RuleSelector::Op::Enable, "Outbound*", "network"}}));
    BOOST_TEST((c.base_syscalls.custom_set == std::vector<std::string>{"openat", "!connect"}));
    BOOST_TEST(c.base_syscalls.repair);
}

BOOST_AUTO_TEST_CASE(a_scalar_is_a_list_of_one) {
    const auto r = load_ok("rules_files: /srv/rules.yaml\nsyscall_event_drops:\n  actions: log\n");
    BOOST_TEST((r.config.rules_files == Paths{"/srv/rules.yaml"}));
    BOOST_TEST((r.config.syscall_event_drops.actions == std::vector<DropAction>{DropAction::Log}));
}

BOOST_AUTO_TEST_CASE(drop_ins_merge_in_order) {
    TempDir dir;
    const fs::path main = dir.write("lanner.yaml", R"(
config_files:
  - config.d
  - {path: late.yaml, strategy: override}
  - {path: only-new.yaml, strategy: add-only}
  - absent.yaml
rules_files: [/r/main.yaml]
json_output: true
webserver:
  listen_port: 1000
  listen_address: 10.0.0.1
)");
    const fs::path a = dir.write("config.d/10-a.yaml",
                                 "rules_files: [/r/a.yaml]\nwebserver: {listen_port: 1010}\n");
    const fs::path b = dir.write("config.d/20-b.yaml",
                                 "rules_files: [/r/b.yaml]\nwebserver: {listen_port: 1020}\n"
                                 "rules: [{disable: {tag: noisy}}]\n");
    dir.write("config.d/20-b.yaml~", "json_output: false\n");  // an editor's backup: not read
    dir.write("config.d/notes.txt", "json_output: false\n");
    const fs::path late = dir.write("late.yaml", "rules_files: [/r/late.yaml]\n");
    const fs::path only_new = dir.write("only-new.yaml",
                                        "json_output: false\nlog_level: debug\nwebserver:\n"
                                        "  listen_port: 1\n  threadiness: 3\n");
    const auto r = load_config(main);
    BOOST_TEST_REQUIRE(r.diagnostics.empty(), r.report());
    // The drop-ins of a directory in name order, then the later entries;
    // absent.yaml is skipped.
    BOOST_TEST(r.files == (Paths{main, a, b, late, only_new}), boost::test_tools::per_element());
    BOOST_TEST(r.watched == (Paths{main, dir.path() / "config.d", a, b, late, only_new}),
               boost::test_tools::per_element());
    // append: top-level lists grew in order; override: replaced them.
    BOOST_TEST((r.config.rules_files == Paths{"/r/late.yaml"}));
    BOOST_REQUIRE_EQUAL(r.config.rules.size(), 1u);
    BOOST_TEST(r.config.rules[0].tag == "noisy");
    // Mappings merge key by key: the last listen_port wins, the address stays.
    BOOST_TEST(r.config.webserver.listen_port == 1020u);
    BOOST_TEST(r.config.webserver.listen_address == "10.0.0.1");
    // add-only set what nothing had set, and left the rest.
    BOOST_TEST(r.config.json_output);
    BOOST_TEST((r.config.log_level == LogLevel::Debug));
    BOOST_TEST(r.config.webserver.threadiness == 3u);
}

BOOST_AUTO_TEST_CASE(append_strategy_appends_top_level_lists_only) {
    TempDir dir;
    const fs::path main = dir.write("lanner.yaml", R"(
config_files: [more.yaml]
rules_files: [/r/one.yaml]
syscall_event_drops: {actions: [log, alert]}
)");
    dir.write("more.yaml", "rules_files: [/r/two.yaml]\nsyscall_event_drops: {actions: [exit]}\n");
    const auto r = load_config(main);
    BOOST_TEST_REQUIRE(r.diagnostics.empty(), r.report());
    BOOST_TEST((r.config.rules_files == Paths{"/r/one.yaml", "/r/two.yaml"}));
    BOOST_TEST((r.config.syscall_event_drops.actions == std::vector<DropAction>{DropAction::Exit}));
}

BOOST_AUTO_TEST_CASE(relative_paths_are_read_from_the_naming_file) {
    TempDir dir;
    const fs::path main =
        dir.write("etc/lanner.yaml", "config_files: [conf.d]\nrules_files: [rules/a.yaml]\n");
    dir.write("etc/conf.d/x.yaml", "rules_files: [../more/b.yaml, /abs/c.yaml]\n");
    const auto r = load_config(main);
    BOOST_TEST_REQUIRE(r.diagnostics.empty(), r.report());
    const fs::path etc = fs::absolute(dir.path() / "etc");
    BOOST_TEST(
        (r.config.rules_files == Paths{etc / "rules/a.yaml", etc / "more/b.yaml", "/abs/c.yaml"}),
        boost::test_tools::per_element());
    BOOST_TEST((r.config.config_files == std::vector<ConfigFileRef>{{etc / "conf.d"}}));
}

BOOST_AUTO_TEST_CASE(overrides_of_nested_values) {
    const auto r = load_ok("webserver:\n  listen_address: 10.1.1.1\n",
                           {"webserver.listen_port=9000", "engine.kmod.buf_size_preset=6",
                            "json_output=true", "log_level=notice"});
    BOOST_TEST(r.config.webserver.listen_port == 9000u);
    BOOST_TEST(r.config.webserver.listen_address == "10.1.1.1");
    BOOST_TEST(r.config.engine.kmod.buf_size_preset == 6u);
    BOOST_TEST(r.config.json_output);
    BOOST_TEST((r.config.log_level == LogLevel::Notice));
}

BOOST_AUTO_TEST_CASE(overrides_in_order_last_wins) {
    const auto r = load_ok("", {"webserver.listen_port=1", "webserver.listen_port=2"});
    BOOST_TEST(r.config.webserver.listen_port == 2u);
}

BOOST_AUTO_TEST_CASE(overrides_of_lists) {
    const std::string yaml = "rules_files: [/r/a.yaml, /r/b.yaml]\n";
    BOOST_TEST((load_ok(yaml, {"rules_files=[/x.yaml,/y.yaml]"}).config.rules_files ==
                Paths{"/x.yaml", "/y.yaml"}));
    BOOST_TEST((load_ok(yaml, {"rules_files[]=/c.yaml"}).config.rules_files ==
                Paths{"/r/a.yaml", "/r/b.yaml", "/c.yaml"}));
    BOOST_TEST((load_ok(yaml, {"rules_files[0]=/z.yaml"}).config.rules_files ==
                Paths{"/z.yaml", "/r/b.yaml"}));
    BOOST_TEST(
        (load_ok(yaml, {"rules_files=/only.yaml"}).config.rules_files == Paths{"/only.yaml"}));
    // Appending to the default list when no file set it.
    BOOST_TEST((load_ok("", {"rules_files[]=/extra.yaml"}).config.rules_files ==
                Paths{"/etc/lanner/rules.d", "/extra.yaml"}));
    // Falco's older name works on the command line too (with its warning).
    const auto old = load_config_text("c.yaml", "", {"rules_file=/old.yaml"});
    BOOST_TEST(old.ok());
    BOOST_TEST((old.config.rules_files == Paths{"/old.yaml"}));
}

BOOST_AUTO_TEST_CASE(overrides_append_selectors_and_edit_items) {
    const auto r = load_ok("rules:\n  - disable: {tag: network}\n",
                           {"rules[].disable.rule=Write below *", "rules[0].disable.tag=noisy",
                            "rules[]={enable: {rule: Terminal shell in container}}"});
    BOOST_TEST(
        (r.config.rules ==
         std::vector<RuleSelector>{{RuleSelector::Op::Disable, "", "noisy"},
                                   {RuleSelector::Op::Disable, "Write below *", ""},
                                   {RuleSelector::Op::Enable, "Terminal shell in container", ""}}),
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(overrides_with_yaml_mappings_merge_over_the_section) {
    const auto r =
        load_ok("http_output:\n  user_agent: probe\n  insecure: true\n",
                {R"(http_output={enabled: true, url: "http://x:2801/", insecure: false})"});
    BOOST_TEST(r.config.http_output.enabled);
    BOOST_TEST(r.config.http_output.url == "http://x:2801/");
    BOOST_TEST(!r.config.http_output.insecure);
    BOOST_TEST(r.config.http_output.user_agent == "probe");
}

BOOST_AUTO_TEST_CASE(override_values_are_taken_as_written) {
    const auto r = load_ok("", {"program_output.program=jq '{text: .output}' | curl -d @- x",
                                "file_output.filename=", R"(http_output.user_agent="a, b")"});
    BOOST_TEST(r.config.program_output.program == "jq '{text: .output}' | curl -d @- x");
    BOOST_TEST(r.config.file_output.filename.empty());
    BOOST_TEST(r.config.http_output.user_agent == "a, b");
}

BOOST_AUTO_TEST_CASE(overrides_name_drop_ins_before_they_load) {
    TempDir dir;
    const fs::path main = dir.write("lanner.yaml", "json_output: false\n");
    const fs::path extra = dir.write("extra.yaml", "json_output: true\nlog_level: error\n");
    const auto r = load_config(main, {"config_files=[" + extra.string() + "]", "log_level=debug"});
    BOOST_TEST_REQUIRE(r.diagnostics.empty(), r.report());
    BOOST_TEST(r.config.json_output);                     // from the drop-in
    BOOST_TEST((r.config.log_level == LogLevel::Debug));  // -o after the drop-ins
    BOOST_TEST(r.files == (Paths{main, extra}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(environment_variables_expand_in_files) {
    ::setenv("LANNER_TEST_SPOOL", "/var/spool/x", 1);
    const auto r = load_ok(
        "http_output:\n  spool:\n    dir: ${LANNER_TEST_SPOOL}/http\n"
        "  user_agent: $${LITERAL}\n",
        {"file_output.filename=${NOT_EXPANDED}"});
    BOOST_TEST(r.config.http_output.spool.dir == "/var/spool/x/http");
    BOOST_TEST(r.config.http_output.user_agent == "${LITERAL}");
    BOOST_TEST(r.config.file_output.filename == "${NOT_EXPANDED}");
}

BOOST_AUTO_TEST_CASE(the_effective_config_reads_back_to_itself) {
    const auto r = load_ok(R"(
engine: {kind: kmod, kmod: {buf_size_preset: 2}}
rules_files: [/a.yaml, "/with space/b.yaml"]
config_files: [/etc/x.d, {path: /etc/y.yaml, strategy: add-only}]
rules: [{disable: {rule: "*"}}, {enable: {tag: "true"}}]
http_output: {url: "http://h/", user_agent: "123", spool: {max_size: 1000}}
metrics: {interval: 2h30m}
throttle: {rate: 1.5, rules: [{rule: x, rate: 0}]}
append_output: [{extra_fields: [a.b, {c: "%d"}], suggested_output: true}]
program_output: {program: ""}
)");
    const std::string yaml = render_yaml(r.config);
    const auto again = load_config_text("rendered.yaml", yaml);
    BOOST_TEST_REQUIRE(again.diagnostics.empty(), again.report() << yaml);
    BOOST_TEST(render_yaml(again.config) == yaml);
    BOOST_TEST(again.config.http_output.user_agent == "123");
    BOOST_TEST(again.config.rules[1].tag == "true");
    // JSON has typed values.
    const auto j = nlohmann::json::parse(render_json(r.config));
    BOOST_TEST(j["webserver"]["listen_port"].get<int>() == 8765);
    BOOST_TEST(j["json_output"].get<bool>() == false);
    BOOST_TEST(j["throttle"]["rate"].get<double>() == 1.5);
    BOOST_TEST(j["http_output"]["user_agent"].get<std::string>() == "123");
    BOOST_TEST(j["metrics"]["interval"].get<std::string>() == "2h30m");
    BOOST_TEST(j["engine"]["kind"].get<std::string>() == "kmod");
    BOOST_TEST(j["rules"][0]["disable"]["rule"].get<std::string>() == "*");
    BOOST_TEST(j["config_files"][1]["strategy"].get<std::string>() == "add-only");
}

BOOST_AUTO_TEST_CASE(default_paths) {
    TempDir dir;
    const fs::path installed = dir.path() / "etc/lanner.yaml";
    const fs::path repo = dir.write("repo/lanner.yaml", "");
    // Installed binary: always the installed path.
    BOOST_TEST(choose_default(installed, repo, false) == installed);
    // From the build tree: the repository's file while nothing is installed...
    BOOST_TEST(choose_default(installed, repo, true) == repo);
    // ...and the installed one once it exists.
    dir.write("etc/lanner.yaml", "");
    BOOST_TEST(choose_default(installed, repo, true) == installed);
    // The test runs from the build tree.
    BOOST_TEST(running_from_build_tree());
    BOOST_TEST(fs::exists(default_config_path()));
    BOOST_TEST(fs::exists(default_rules_dir()));
    Config c;
    c.rules_files = {kDefaultRulesDir, "/x.yaml"};
    BOOST_TEST(effective_rules_files(c) == (Paths{default_rules_dir(), "/x.yaml"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_default_config_loads) {
    const auto r = load_default_config({"json_output=true"});
    BOOST_TEST_REQUIRE(r.ok(), r.report());
    BOOST_TEST(r.config.json_output);
    BOOST_TEST(!r.files.empty());
}
