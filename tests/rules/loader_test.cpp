// Lists, macros, exceptions, append and override across files, enabled
// toggles, sources and version requirements, checked by what the loaded
// rules match.
#define BOOST_TEST_MODULE loader
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "rules_harness.h"

using namespace lanner;
using namespace lanner::test;

namespace {

const std::string kRule = "  desc: d\n  output: o\n  priority: INFO\n";

std::string rule(const std::string& name, const std::string& condition,
                 const std::string& extra = "") {
    return "- rule: " + name + "\n" + kRule + "  condition: " + condition + "\n" + extra;
}

struct Fixture {
    TestRegistry reg;
    Record rec{some_openat()};

    std::vector<std::string> run(const Loaded& l) {
        BOOST_REQUIRE_MESSAGE(l.result.ok(), l.all_messages());
        return matching(l.result, rec.ev);
    }
    std::vector<std::string> run(const std::string& yaml) { return run(load(reg, yaml)); }
    std::vector<std::string> run(std::vector<std::pair<std::string, std::string>> files) {
        return run(load(reg, std::move(files)));
    }
};

using Names = std::vector<std::string>;

bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(loader, Fixture)

BOOST_AUTO_TEST_CASE(lists_expand_and_nest) {
    reg.test->set_text("test.str", {"zsh"});
    const std::string yaml =
        "- list: shells\n  items: [bash, zsh]\n"
        "- list: all_shells\n  items: [shells, ksh, '\"tc sh\"']\n" +
        rule("nested", "test.str in (all_shells)") +
        rule("inline_and_named", "test.str in (ksh, shells)") +
        rule("bare_name", "test.str in shells") +
        rule("inline_quoted", "test.str in (ksh, \"tc sh\")");
    BOOST_TEST(run(yaml) == (Names{"nested", "inline_and_named", "bare_name"}),
               boost::test_tools::per_element());
    // A quoted list item is read as a quoted string: "tc sh" is the value.
    reg.test->set_text("test.str", {"tc sh"});
    BOOST_TEST(run(yaml) == (Names{"nested", "inline_quoted"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_unknown_bare_word_in_a_list_is_a_value) {
    reg.test->set_text("test.str", {"not_a_list"});
    BOOST_TEST(run(rule("a", "test.str in (not_a_list)") + rule("b", "test.str in not_a_list") +
                   rule("c", "test.str = not_a_list")) == (Names{"a", "b", "c"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_one_item_list_reads_as_its_value) {
    reg.test->set_text("test.str", {"only"});
    BOOST_TEST(run("- list: single\n  items: [only]\n" + rule("a", "test.str = single")) ==
               Names{"a"});
}

BOOST_AUTO_TEST_CASE(macros_use_macros) {
    reg.test->set_text("test.str", {"bash"});
    reg.test->set_num("test.num", {1});
    const std::string yaml =
        "- macro: is_bash\n  condition: test.str = bash\n"
        "- macro: bash_one\n  condition: is_bash and test.num = 1\n"
        "- macro: not_bash_one\n  condition: not bash_one\n" +
        rule("a", "bash_one") + rule("b", "not_bash_one") +
        rule("c", "(is_bash or never_defined_is_fine_in_or)");
    auto l = load(reg, yaml);
    BOOST_TEST(!l.result.ok());
    BOOST_TEST(has(l.first_error(), "undefined macro 'never_defined_is_fine_in_or'"));
    const std::string good =
        "- macro: is_bash\n  condition: test.str = bash\n"
        "- macro: bash_one\n  condition: is_bash and test.num = 1\n"
        "- macro: not_bash_one\n  condition: not bash_one\n" +
        rule("a", "bash_one") + rule("b", "not_bash_one");
    BOOST_TEST(run(good) == Names{"a"});
    reg.test->set_num("test.num", {2});
    BOOST_TEST(run(good) == Names{"b"});
}

BOOST_AUTO_TEST_CASE(exceptions_single_field_form) {
    reg.test->set_text("test.str", {"nginx"});
    const std::string yaml = rule("r", "test.num = 1",
                                  "  exceptions:\n"
                                  "    - name: known\n      fields: test.str\n"
                                  "      values: [apache, nginx]\n");
    reg.test->set_num("test.num", {1});
    BOOST_TEST(run(yaml).empty());
    reg.test->set_text("test.str", {"bash"});
    BOOST_TEST(run(yaml) == Names{"r"});
    // comps defaults to in; pmatch and intersects are the other choices.
    const std::string pm = rule("r", "test.num = 1",
                                "  exceptions:\n"
                                "    - name: paths\n      fields: test.str\n      comps: pmatch\n"
                                "      values: [/usr/lib]\n");
    reg.test->set_text("test.str", {"/usr/lib/x.so"});
    BOOST_TEST(run(pm).empty());
    auto bad = load(reg, rule("r", "test.num = 1",
                              "  exceptions:\n    - name: e\n      fields: test.str\n"
                              "      comps: startswith\n      values: [a]\n"));
    BOOST_TEST(has(bad.first_error(), "comps must be in, pmatch or intersects"));
}

BOOST_AUTO_TEST_CASE(exceptions_tuple_form) {
    const std::string yaml =
        rule("r", "test.num = 1",
             "  exceptions:\n"
             "    - name: proc_file\n      fields: [test.str, test.str2]\n"
             "      comps: [=, startswith]\n"
             "      values:\n        - [cron, /var/spool]\n        - [logrotate, /var/log]\n"
             "    - name: listed\n      fields: [test.str, test.any]\n      comps: [=, in]\n"
             "      values:\n        - [sshd, [p, q]]\n        - [sshd, known]\n"
             "- list: known\n  items: [k1, k2]\n");
    reg.test->set_num("test.num", {1});
    reg.test->set_text("test.str", {"cron"});
    reg.test->set_text("test.str2", {"/var/spool/cron/x"});
    reg.test->set_text("test.any", {"zz"});
    BOOST_TEST(run(yaml).empty());
    reg.test->set_text("test.str2", {"/var/log/x"});
    BOOST_TEST(run(yaml) == Names{"r"});  // cron is only excused under /var/spool
    reg.test->set_text("test.str", {"sshd"});
    reg.test->set_text("test.any", {"q"});
    BOOST_TEST(run(yaml).empty());
    reg.test->set_text("test.any", {"k2"});  // a list name as a tuple value
    BOOST_TEST(run(yaml).empty());
    reg.test->set_text("test.any", {"zz"});
    BOOST_TEST(run(yaml) == Names{"r"});

    auto bad = load(reg, rule("r", "test.num = 1",
                              "  exceptions:\n    - name: e\n      fields: [test.str, test.str2]\n"
                              "      values: [[a]]\n"));
    BOOST_TEST(has(bad.first_error(), "each value must be a list of 2 items"));
    bad = load(reg, rule("r", "test.num = 1",
                         "  exceptions:\n    - name: e\n      fields: [test.str, test.str2]\n"
                         "      comps: [=]\n      values: [[a, b]]\n"));
    BOOST_TEST(has(bad.first_error(), "fields and comps have different lengths (2 and 1)"));
    bad = load(reg, rule("r", "test.num = 1",
                         "  exceptions:\n    - name: e\n      fields: [test.str]\n"
                         "      comps: [like]\n      values: [[a]]\n"));
    BOOST_TEST(has(bad.first_error(), "'like' is not a comparison operator"));
    bad = load(reg, rule("r", "test.num = 1",
                         "  exceptions:\n    - name: e\n      fields: [test.str]\n      values: "
                         "[[a]]\n    - name: e\n      fields: [test.str]\n      values: [[b]]\n"));
    BOOST_TEST(has(bad.first_error(), "exception 'e' is defined twice in the same rule"));
}

BOOST_AUTO_TEST_CASE(exception_comps_with_modifiers) {
    reg.test->set_num("test.num", {1});
    reg.test->set_text("test.str", {"curl -s http://x"});
    const std::string yaml =
        rule("r", "test.num = 1",
             "  exceptions:\n    - name: tools\n      fields: [test.str]\n"
             "      comps: [startswith anyof]\n      values: [[[wget, curl]]]\n");
    BOOST_TEST(run(yaml).empty());
    reg.test->set_text("test.str", {"nc -e"});
    BOOST_TEST(run(yaml) == Names{"r"});
}

BOOST_AUTO_TEST_CASE(append_across_files) {
    reg.test->set_text("test.str", {"b"});
    reg.test->set_num("test.num", {1});
    const std::string base = "- list: l\n  items: [a]\n- macro: m\n  condition: test.num = 2\n" +
                             rule("r", "test.str in (l) or m");
    BOOST_TEST(run({{"a.yaml", base}}).empty());
    BOOST_TEST(run({{"a.yaml", base}, {"b.yaml", "- list: l\n  items: [b]\n  append: true\n"}}) ==
               Names{"r"});
    BOOST_TEST(run({{"a.yaml", base},
                    {"b.yaml", "- macro: m\n  condition: or test.num = 1\n  append: true\n"}}) ==
               Names{"r"});
    BOOST_TEST(run({{"a.yaml", base},
                    {"b.yaml", "- rule: r\n  condition: or test.str = b\n  append: true\n"}}) ==
               Names{"r"});
    // Appended exceptions excuse the event.
    BOOST_TEST(run({{"a.yaml", base},
                    {"b.yaml", "- list: l\n  items: [b]\n  append: true\n"},
                    {"c.yaml",
                     "- rule: r\n  append: true\n  exceptions:\n    - name: e\n"
                     "      fields: [test.num]\n      values: [[1]]\n"}})
                   .empty());
}

BOOST_AUTO_TEST_CASE(override_append_and_replace) {
    reg.test->set_text("test.str", {"b"});
    const std::string base = "- list: l\n  items: [a]\n- macro: m\n  condition: test.str = a\n" +
                             rule("r", "m", "  tags: [t1]\n");
    auto l = load(reg, {{"a.yaml", base},
                        {"b.yaml",
                         "- list: l\n  items: [b]\n  override:\n    items: append\n"
                         "- macro: m\n  condition: or test.str in (l)\n  override:\n"
                         "    condition: append\n"
                         "- rule: r\n  desc: more\n  tags: [t2]\n  priority: ERROR\n"
                         "  override:\n    desc: append\n    tags: append\n"
                         "    priority: replace\n"}});
    BOOST_TEST(run(l) == Names{"r"});
    const auto* r = l.result.ruleset->find("r");
    BOOST_TEST(r->description == "d more");
    BOOST_TEST(r->tags == (Names{"t1", "t2"}), boost::test_tools::per_element());
    BOOST_TEST(rules::priority_name(r->priority) == "Error");
    // replace swaps the whole value.
    BOOST_TEST(run({{"a.yaml", base},
                    {"b.yaml",
                     "- macro: m\n  condition: test.str = b\n  override:\n"
                     "    condition: replace\n"}}) == Names{"r"});
    BOOST_TEST(run({{"a.yaml", base},
                    {"b.yaml",
                     "- rule: r\n  condition: test.str = z\n  override:\n"
                     "    condition: replace\n"}})
                   .empty());
    auto bad = load(reg, {{"a.yaml", base},
                          {"b.yaml",
                           "- rule: r\n  priority: ERROR\n  override:\n"
                           "    priority: append\n"}});
    BOOST_TEST(has(bad.first_error(), "key 'priority' cannot be appended to, use 'replace'"));
    bad = load(reg, {{"a.yaml", base},
                     {"b.yaml",
                      "- rule: r\n  desc: x\n  output: y\n  override:\n"
                      "    desc: replace\n"}});
    BOOST_TEST(has(bad.first_error(), "key 'output' has no entry under 'override'"));
    bad = load(reg, {{"a.yaml", base},
                     {"b.yaml",
                      "- rule: r\n  desc: x\n  append: true\n  override:\n"
                      "    desc: replace\n"}});
    BOOST_TEST(has(bad.first_error(), "'append' and 'override' cannot be used together"));
}

BOOST_AUTO_TEST_CASE(later_definitions_win_across_files) {
    reg.test->set_text("test.str", {"b"});
    const std::string a = "- list: l\n  items: [a]\n- macro: m\n  condition: test.str in (l)\n" +
                          rule("r", "m") + rule("s", "test.str = zzz");
    BOOST_TEST(run({{"a.yaml", a}}).empty());
    auto l = load(
        reg, {{"a.yaml", a}, {"b.yaml", "- list: l\n  items: [b]\n" + rule("s", "test.str = b")}});
    BOOST_TEST(run(l) == (Names{"r", "s"}), boost::test_tools::per_element());
    // A redefined rule keeps its place in the rule order.
    BOOST_TEST(l.result.ruleset->rules()[0].name == "r");
    BOOST_TEST(l.result.ruleset->rules()[1].name == "s");
}

BOOST_AUTO_TEST_CASE(enabled_toggles) {
    reg.test->set_num("test.num", {1});
    const std::string a =
        rule("r", "test.num = 1") + rule("off", "test.num = 1", "  enabled: false\n");
    BOOST_TEST(run(a) == Names{"r"});
    BOOST_TEST(run({{"a.yaml", a}, {"b.yaml", "- rule: r\n  enabled: false\n"}}).empty());
    BOOST_TEST(run({{"a.yaml", a},
                    {"b.yaml",
                     "- rule: off\n  enabled: true\n  override:\n    enabled: "
                     "replace\n"}}) == (Names{"r", "off"}),
               boost::test_tools::per_element());
    auto bad = load(reg, "- rule: ghost\n  enabled: false\n");
    BOOST_TEST(has(bad.first_error(), "no rule of that name is defined before it"));
    // Disabled rules are still compiled: their errors are errors.
    bad = load(reg, rule("r", "test.nosuch = 1", "  enabled: false\n"));
    BOOST_TEST(has(bad.first_error(), "unknown field 'test.nosuch'"));
    // At run time.
    auto l = load(reg, a);
    BOOST_REQUIRE(l.result.ok());
    BOOST_TEST(l.result.ruleset->set_enabled("off", true));
    BOOST_TEST(matching(l.result, rec.ev).size() == 2u);
    BOOST_TEST(!l.result.ruleset->set_enabled("nope", true));
}

BOOST_AUTO_TEST_CASE(skip_if_unknown_filter) {
    auto l = load(reg, rule("r", "test.unknown = 1", "  skip-if-unknown-filter: true\n") +
                           rule("s", "evt.type = nosuchevent", "  skip-if-unknown-filter: true\n") +
                           rule("t", "test.num = 1"));
    BOOST_REQUIRE_MESSAGE(l.result.ok(), l.all_messages());
    BOOST_TEST(l.result.ruleset->rules().size() == 1u);
    BOOST_TEST(has(l.all_messages(), "rule 'r': skipped (skip-if-unknown-filter): unknown field"));
    BOOST_TEST(has(l.all_messages(), "rule 's': skipped (skip-if-unknown-filter): unknown event"));
    // Other errors are still errors.
    auto bad = load(reg, rule("r", "test.num = x", "  skip-if-unknown-filter: true\n"));
    BOOST_TEST(!bad.result.ok());
}

BOOST_AUTO_TEST_CASE(unknown_sources_are_skipped_with_one_warning_each) {
    auto l = load(reg,
                  "- macro: km\n  condition: ka.verb = create\n"
                  "- list: kl\n  items: [a]\n" +
                      rule("k1", "km", "  source: k8s_audit\n") +
                      rule("k2", "ka.user.name in (kl)", "  source: k8s_audit\n") +
                      rule("c1", "ct.name = x", "  source: aws_cloudtrail\n") +
                      rule("s", "evt.type = open and test.num = 1"));
    BOOST_REQUIRE_MESSAGE(l.result.ok(), l.all_messages());
    BOOST_TEST(l.result.ruleset->rules().size() == 1u);
    BOOST_TEST(l.result.count(rules::Severity::Warning) == 2u, l.all_messages());
    BOOST_TEST(has(l.all_messages(),
                   "rules.yaml:5:3: warning: skipped 2 rules of source "
                   "'k8s_audit': Lanner has no such event source"));
    BOOST_TEST(has(l.all_messages(), "skipped 1 rule of source 'aws_cloudtrail'"));
    // Their macros and lists are not reported as unused.
    BOOST_TEST(!has(l.all_messages(), "not used"));
}

BOOST_AUTO_TEST_CASE(unused_lists_and_macros_and_event_type_warnings) {
    auto l = load(reg,
                  "- list: used\n  items: [a]\n- list: nested\n  items: [used]\n"
                  "- list: unused\n  items: [b]\n- macro: lonely\n  condition: test.num = 1\n"
                  "- macro: helper\n  condition: test.str in (nested)\n" +
                      rule("all_types", "helper") +
                      rule("no_type", "evt.type = open and evt.type = close") +
                      rule("quiet", "test.num = 2", "  warn_evttypes: false\n") +
                      rule("fine", "evt.type in (open, openat) and test.num = 3"));
    BOOST_REQUIRE_MESSAGE(l.result.ok(), l.all_messages());
    const std::string m = l.all_messages();
    BOOST_TEST(has(m, "list 'unused': not used by any rule, macro or list"));
    BOOST_TEST(has(m, "macro 'lonely': not used by any rule or macro"));
    BOOST_TEST(!has(m, "list 'used'"));
    BOOST_TEST(!has(m, "list 'nested'"));
    BOOST_TEST(has(m, "rule 'all_types': the condition does not restrict evt.type"));
    BOOST_TEST(has(m, "rule 'no_type': the condition matches no event type"));
    BOOST_TEST(!has(m, "rule 'quiet'"));
    BOOST_TEST(!has(m, "rule 'fine'"));
    BOOST_TEST(l.result.count(rules::Severity::Warning) == 4u, m);
}

BOOST_AUTO_TEST_CASE(engine_and_plugin_versions) {
    BOOST_TEST(load(reg, "- required_engine_version: 0.57.0\n").result.ok());
    BOOST_TEST(load(reg, "- required_engine_version: 15\n").result.ok());  // 0.15.0
    BOOST_TEST(!load(reg, "- required_engine_version: 0.58.0\n").result.ok());
    BOOST_TEST(!load(reg, "- required_engine_version: 1.0.0\n").result.ok());
    BOOST_TEST(
        has(load(reg, "- required_engine_version: one\n").first_error(), "'one' is not a version"));
    auto l =
        load(reg, "- required_plugin_versions:\n    - name: container\n      version: 0.4.0\n");
    BOOST_TEST(l.result.ok());
    BOOST_TEST(l.result.diagnostics.empty());
    l = load(reg,
             "- required_plugin_versions:\n    - name: k8saudit\n      version: 0.18.0\n"
             "      alternatives:\n        - name: k8saudit-eks\n          version: 0.12.0\n");
    BOOST_TEST(l.result.ok());
    BOOST_TEST(has(l.all_messages(),
                   "warning: the rules require the plugin k8saudit 0.18.0 or "
                   "k8saudit-eks 0.12.0, which Lanner does not have"));
}

BOOST_AUTO_TEST_CASE(priorities_any_case_and_short_names) {
    for (const char* p : {"emergency", "ALERT", "Critical", "error", "warning", "WARN", "notice",
                          "informational", "INFO", "debug"}) {
        auto l = load(reg,
                      "- rule: r\n  desc: d\n  output: o\n  condition: evt.type = open\n"
                      "  priority: " +
                          std::string(p) + "\n");
        BOOST_TEST(l.result.ok(), p);
    }
    BOOST_TEST(rules::priority_name(*rules::parse_priority("Info")) == "Informational");
    BOOST_TEST(rules::priority_name(*rules::parse_priority("warn")) == "Warning");
    BOOST_TEST(!rules::parse_priority("urgent").has_value());
}

BOOST_AUTO_TEST_CASE(directories_load_yaml_files_in_name_order) {
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::temp_directory_path() / ("lanner_rules_dir_" + std::to_string(getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "20-override.yaml") << "- list: l\n  items: [b]\n  append: true\n";
    std::ofstream(dir / "10-base.yaml") << "- list: l\n  items: [a]\n"
                                        << rule("r", "test.str in (l)");
    std::ofstream(dir / "notes.txt") << "not rules";
    reg.test->set_text("test.str", {"b"});
    rules::RulesLoader loader(reg.registry);
    auto r = loader.add_path(dir).load();
    BOOST_REQUIRE(r.ok());
    BOOST_TEST(r.files.size() == 2u);
    BOOST_TEST(r.files[0].ends_with("10-base.yaml"));
    BOOST_TEST(matching(r, rec.ev) == Names{"r"});
    auto missing = rules::RulesLoader(reg.registry).add_path(dir / "nope.yaml").load();
    BOOST_TEST(!missing.ok());
    BOOST_TEST(has(missing.diagnostics.at(0).to_string(), "cannot read the rules file"));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(validation_reports_per_file) {
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::temp_directory_path() / ("lanner_validate_" + std::to_string(getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "good.yaml") << rule("r", "evt.type = open");
    std::ofstream(dir / "bad.yaml") << rule("s", "evt.type = open and nosuch.field = 1");
    auto v = rules::validate_rules({dir / "good.yaml", dir / "bad.yaml"}, reg.registry);
    BOOST_REQUIRE(v.size() == 2u);
    BOOST_TEST(v[0].ok);
    BOOST_TEST(v[0].diagnostics.empty());
    BOOST_TEST(!v[1].ok);
    BOOST_TEST(has(v[1].diagnostics.at(0).to_string(), "unknown field 'nosuch.field'"));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(rule_matching_first_and_all) {
    reg.test->set_num("test.num", {1});
    auto l = load(reg, rule("one", "evt.type = openat and test.num = 1") +
                           rule("two", "evt.type = openat and test.num > 0"));
    BOOST_REQUIRE(l.result.ok());
    rules::RuleEvaluator first(l.result.ruleset);
    std::vector<const rules::CompiledRule*> out;
    first.evaluate(rec.ev, out);
    BOOST_TEST(out.size() == 1u);
    BOOST_TEST(out[0]->name == "one");
    rules::RuleEvaluator all(l.result.ruleset, rules::RuleMatching::All);
    all.evaluate(rec.ev, out);
    BOOST_TEST(out.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
