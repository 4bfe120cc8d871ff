// Every error names file:line:column, the item and what is wrong; positions
// inside conditions are mapped back through folded, literal, quoted and
// plain multi-line YAML scalars and through appends from other files.
#define BOOST_TEST_MODULE errors
#include <boost/test/unit_test.hpp>

#include "rules_harness.h"

using namespace lanner;
using namespace lanner::test;

namespace {

struct BadInput {
    const char* what;
    std::vector<std::pair<std::string, std::string>> files;
    std::string expected;  // the start of the first error's text
};

// A rule with every required key and the given condition lines.
std::string rule_with(const std::string& condition_block) {
    return "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n" + condition_block;
}

const std::vector<BadInput>& bad_inputs() {
    static const std::vector<BadInput> cases = {
        {"YAML syntax",
         {{"a.yaml", "- rule: r\n  desc: [unclosed\n  output: o\n"}},
         "a.yaml:3:9: error: YAML syntax error: end of sequence flow not found"},
        {"unknown field in a folded block",
         {{"a.yaml", rule_with("  condition: >\n    evt.type = open and\n    proc.nme = bash\n")}},
         "a.yaml:7:5: error: rule 'r': unknown field 'proc.nme'"},
        {"unknown macro in a literal block",
         {{"a.yaml", rule_with("  condition: |\n    evt.type = open\n      and my_macro\n")}},
         "a.yaml:7:11: error: rule 'r': undefined macro 'my_macro'"},
        {"bad operator in a double-quoted condition",
         {{"a.yaml", rule_with("  condition: \"evt.type = open and evt.rawres contains 1\"\n")}},
         "a.yaml:5:46: error: rule 'r': operator 'contains' cannot be used with 'evt.rawres' (a "
         "int64 field)"},
        {"bad value in a plain multi-line condition",
         {{"a.yaml", rule_with("  condition: evt.type = open\n    and evt.rawres = lots\n")}},
         "a.yaml:6:22: error: rule 'r': 'lots' is not an integer (compared with 'evt.rawres')"},
        {"bad value in a single-quoted condition with escaped quotes",
         {{"a.yaml", rule_with("  condition: 'evt.type = open and evt.res = ''x'' and evt.failed = "
                               "maybe'\n")}},
         "a.yaml:5:68: error: rule 'r': 'maybe' is not a boolean (true or false) (compared with "
         "'evt.failed')"},
        {"missing key",
         {{"a.yaml", "- rule: r\n  desc: d\n  condition: evt.type = open\n  priority: INFO\n"}},
         "a.yaml:1:3: error: rule 'r': missing key 'output'"},
        {"duplicate rule in one file",
         {{"a.yaml", rule_with("  condition: evt.type = open\n") +
                         rule_with("  condition: evt.type = close\n")}},
         "a.yaml:6:3: error: rule 'r': is defined twice in this file (first at line 1)"},
        {"wrong key type",
         {{"a.yaml", rule_with("  condition: evt.type = open\n  tags: mitre\n")}},
         "a.yaml:6:9: error: rule 'r': key 'tags' must be a sequence, not a string"},
        {"wrong boolean",
         {{"a.yaml", rule_with("  condition: evt.type = open\n  enabled: maybe\n")}},
         "a.yaml:6:12: error: rule 'r': key 'enabled' must be true or false, not 'maybe'"},
        {"invalid priority",
         {{"a.yaml",
           "- rule: r\n  desc: d\n  output: o\n  priority: URGENT\n  condition: "
           "evt.type = open\n"}},
         "a.yaml:4:13: error: rule 'r': invalid priority 'URGENT'"},
        {"unknown macro used by a macro",
         {{"a.yaml",
           "- macro: m\n  condition: evt.type = open and nope\n" + rule_with("  condition: m\n")}},
         "a.yaml:2:34: error: macro 'm': undefined macro 'nope'"},
        {"macro used before its definition by a macro",
         {{"a.yaml", "- macro: m1\n  condition: m2\n- macro: m2\n  condition: evt.type = open\n" +
                         rule_with("  condition: m1\n")}},
         "a.yaml:2:14: error: macro 'm1': undefined macro 'm2': a macro can only use macros "
         "defined before it"},
        {"error in a condition appended by a later file",
         {{"a.yaml", rule_with("  condition: evt.type = open\n")},
          {"b.yaml", "- rule: r\n  append: true\n  condition: and evt.rawres = xyz\n"}},
         "b.yaml:3:31: error: rule 'r': 'xyz' is not an integer"},
        {"error in an overridden condition",
         {{"a.yaml", rule_with("  condition: evt.type = open\n")},
          {"b.yaml",
           "- rule: r\n  condition: >-\n    evt.type = open\n    and fd.nmae = x\n  override:\n  "
           "  condition: replace\n"}},
         "b.yaml:4:9: error: rule 'r': unknown field 'fd.nmae'"},
        {"unknown field in an exception",
         {{"a.yaml",
           rule_with("  condition: evt.type = open\n  exceptions:\n    - name: e\n      fields: "
                     "[proc.name, proc.nmae]\n      values: [[a, b]]\n")}},
         "a.yaml:8:27: error: rule 'r': exception 'e': unknown field 'proc.nmae'"},
        {"bad value in an exception",
         {{"a.yaml",
           rule_with("  condition: evt.type = open\n  exceptions:\n    - name: e\n      fields: "
                     "[evt.rawres]\n      values: [[notanumber]]\n")}},
         "a.yaml:9:17: error: rule 'r': 'notanumber' is not an integer"},
        {"unknown event type",
         {{"a.yaml", rule_with("  condition: evt.type in (open, opne)\n")}},
         "a.yaml:5:33: error: rule 'r': unknown event type 'opne'"},
        {"syntax error: missing parenthesis",
         {{"a.yaml", rule_with("  condition: (evt.type = open and evt.rawres = 1\n")}},
         "a.yaml:5:49: error: rule 'r': syntax error: missing ')'"},
        {"syntax error: dangling operator",
         {{"a.yaml", rule_with("  condition: evt.type = open and\n")}},
         "a.yaml:5:33: error: rule 'r': syntax error:"},
        {"list used as one value",
         {{"a.yaml", "- list: l\n  items: [a, b]\n" + rule_with("  condition: evt.type = open "
                                                                "and evt.res = l\n")}},
         "a.yaml:7:44: error: rule 'r': list 'l' is used where one value is expected"},
        {"engine version too new",
         {{"a.yaml", "- required_engine_version: 0.99.0\n"}},
         "a.yaml:1:28: error: these rules require Falco engine version 0.99.0, but Lanner "
         "implements the rules language of engine version 0.57.0"},
        {"override of a key the item does not have",
         {{"a.yaml", rule_with("  condition: evt.type = open\n")},
          {"b.yaml", "- rule: r\n  override:\n    output: append\n  condition: x\n"}},
         "b.yaml:1:3: error: rule 'r': an override for 'output' is given but the rule has no "
         "'output' key"},
        {"append to an undefined list",
         {{"a.yaml", "- list: nope\n  items: [a]\n  append: true\n"}},
         "a.yaml:1:3: error: list 'nope': appends to a list that is not defined before it"},
        {"invalid macro name",
         {{"a.yaml", "- macro: 9lives\n  condition: evt.type = open\n"}},
         "a.yaml:1:10: error: macro '9lives': invalid macro name"},
        {"item that is not a mapping",
         {{"a.yaml", "- just a string\n"}},
         "a.yaml:1:3: error: each item must be a mapping"},
        {"unknown field in an output",
         {{"a.yaml",
           "- rule: r\n  desc: d\n  output: \"user=%user.nmae cmd=%proc.cmdline\"\n  "
           "priority: INFO\n  condition: evt.type = open\n"}},
         "a.yaml:3:18: error: rule 'r': unknown field 'user.nmae'"},
    };
    return cases;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_error_names_file_line_column_item_and_problem) {
    TestRegistry reg;
    for (const auto& c : bad_inputs()) {
        BOOST_TEST_CONTEXT(c.what) {
            auto l = load(reg, c.files);
            BOOST_TEST(!l.result.ok());
            const std::string first = l.first_error();
            BOOST_TEST(first.substr(0, c.expected.size()) == c.expected,
                       "got: " << first << "\nall:\n"
                               << l.all_messages());
        }
    }
}

BOOST_AUTO_TEST_CASE(error_context_shows_the_line_and_a_caret) {
    TestRegistry reg;
    auto l = load(reg, rule_with("  condition: >\n    evt.type = open and\n    proc.nme = bash\n"));
    BOOST_REQUIRE(!l.result.diagnostics.empty());
    BOOST_TEST(l.result.diagnostics[0].to_string(true) ==
               "rules.yaml:7:5: error: rule 'r': unknown field 'proc.nme'\n"
               "        proc.nme = bash\n"
               "        ^");
}

BOOST_AUTO_TEST_CASE(one_bad_item_does_not_hide_the_others) {
    TestRegistry reg;
    auto l = load(reg,
                  "- rule: a\n  desc: d\n  output: o\n  priority: INFO\n  condition: "
                  "evt.type = open and x.y = 1\n"
                  "- rule: b\n  desc: d\n  output: o\n  priority: INFO\n  condition: "
                  "evt.type = open and evt.res = SUCCESS\n"
                  "- rule: c\n  desc: d\n  output: o\n  priority: NOPE\n  condition: "
                  "evt.type = open\n");
    BOOST_TEST(l.result.count(rules::Severity::Error) == 2u, l.all_messages());
    BOOST_TEST(l.all_messages().find("rule 'a': unknown field 'x.y'") != std::string::npos);
    BOOST_TEST(l.all_messages().find("rule 'c': invalid priority") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_error_inside_a_macro_is_reported_once) {
    TestRegistry reg;
    auto l = load(reg, "- macro: m\n  condition: evt.type = open and bad.field = 1\n" +
                           rule_with("  condition: m\n") +
                           "- rule: r2\n  desc: d\n  output: o\n  priority: INFO\n  condition: "
                           "m and evt.res = x\n");
    BOOST_TEST(l.result.count(rules::Severity::Error) == 1u, l.all_messages());
    BOOST_TEST(l.first_error() == "rules.yaml:2:34: error: macro 'm': unknown field 'bad.field'");
}
