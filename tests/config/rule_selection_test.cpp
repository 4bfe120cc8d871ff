// The `rules:` selectors and the minimum priority applied to a ruleset
// compiled from text: which rules end up enabled, and what the engine's
// event-type index then runs.
#define BOOST_TEST_MODULE config_rule_selection
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "config/rule_selection.h"
#include "fields/default_registry.h"
#include "rules/rules_loader.h"
#include "schema/event_table.h"

using namespace lanner;
using namespace lanner::config;

namespace {

const char* kRules = R"(
- rule: Write below etc
  desc: d
  condition: evt.type = openat
  output: o
  priority: ERROR
  tags: [filesystem]
- rule: Write below binary dir
  desc: d
  condition: evt.type = openat
  output: o
  priority: ERROR
  tags: [filesystem]
- rule: Read sensitive file
  desc: d
  condition: evt.type = openat
  output: o
  priority: WARNING
  tags: [filesystem, sensitive]
- rule: Outbound connection
  desc: d
  condition: evt.type = connect
  output: o
  priority: NOTICE
  tags: [network]
- rule: Debug everything
  desc: d
  condition: evt.type = execve
  output: o
  priority: DEBUG
  enabled: false
)";

struct Fixture {
    std::shared_ptr<rules::CompiledRuleset> ruleset;
    Fixture() {
        auto r = rules::RulesLoader(fields::make_default_registry())
                     .add_content("rules.yaml", kRules)
                     .load();
        std::string all;
        for (const auto& d : r.diagnostics) all += d.to_string() + "\n";
        BOOST_TEST_REQUIRE(r.ok(), all);
        ruleset = r.ruleset;
    }
    std::set<std::string> enabled() const {
        std::set<std::string> out;
        for (const auto& r : ruleset->rules())
            if (r.enabled) out.insert(r.name);
        return out;
    }
    std::vector<RuleSelector> selectors(const std::string& yaml) {
        auto r = load_config_text("c.yaml", yaml);
        BOOST_TEST_REQUIRE(r.diagnostics.empty(), r.report());
        return r.config.rules;
    }
    uint16_t type(const char* name) { return *schema::find_event(name); }
};

using Names = std::set<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_SUITE(rule_selection, Fixture)

BOOST_AUTO_TEST_CASE(only_what_is_enabled_after_disabling_all) {
    const auto sel = selectors(R"(
rules:
  - disable: {rule: "*"}
  - enable: {rule: "Write below *"}
  - enable: {rule: Debug everything}
)");
    const auto matches = apply_rule_selectors(sel, *ruleset);
    BOOST_TEST(matches == (std::vector<size_t>{5, 2, 1}), boost::test_tools::per_element());
    BOOST_TEST(
        enabled() == (Names{"Write below etc", "Write below binary dir", "Debug everything"}),
        boost::test_tools::per_element());
    // The index follows: connect runs nothing now, execve the enabled rule.
    BOOST_TEST(ruleset->rules_for(type("connect")).empty());
    BOOST_TEST(ruleset->rules_for(type("openat")).size() == 2u);
    BOOST_TEST(ruleset->rules_for(type("execve")).size() == 1u);
}

BOOST_AUTO_TEST_CASE(by_tag_and_in_order) {
    apply_rule_selectors(selectors(R"(
rules:
  - disable: {tag: filesystem}
  - enable: {tag: sensitive}
)"),
                         *ruleset);
    BOOST_TEST(enabled() == (Names{"Read sensitive file", "Outbound connection"}),
               boost::test_tools::per_element());
    // Order matters: the same two selectors reversed leave filesystem off.
    Fixture other;
    apply_rule_selectors(other.selectors(R"(
rules:
  - enable: {tag: sensitive}
  - disable: {tag: filesystem}
)"),
                         *other.ruleset);
    BOOST_TEST(other.enabled() == Names{"Outbound connection"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rule_and_tag_in_one_selector) {
    const auto matches = apply_rule_selectors(
        selectors("rules:\n  - disable: {rule: Write below etc, tag: network}\n"), *ruleset);
    BOOST_TEST(matches == std::vector<size_t>{2}, boost::test_tools::per_element());
    BOOST_TEST(enabled() == (Names{"Write below binary dir", "Read sensitive file"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(minimum_priority_wins_over_selectors) {
    Config cfg;
    cfg.priority = rules::Priority::Warning;
    cfg.rules = selectors(
        "rules:\n  - enable: {rule: Debug everything}\n"
        "  - disable: {rule: \"Nothing like this\"}\n");
    const auto rep = apply_rule_config(cfg, *ruleset);
    BOOST_TEST(rep.selector_matches == (std::vector<size_t>{1, 0}),
               boost::test_tools::per_element());
    BOOST_TEST(rep.below_priority == 2u);  // Outbound connection (notice), Debug everything
    BOOST_TEST(
        enabled() == (Names{"Write below etc", "Write below binary dir", "Read sensitive file"}),
        boost::test_tools::per_element());
    BOOST_TEST(rep.warnings ==
                   std::vector<std::string>{
                       "rules[1]: disable {rule: 'Nothing like this'} matched no rule"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(selectors_from_the_command_line) {
    auto r =
        load_config_text("c.yaml", "", {"rules[].disable.rule=*", "rules[].enable.tag=network"});
    BOOST_TEST_REQUIRE(r.ok(), r.report());
    apply_rule_config(r.config, *ruleset);
    BOOST_TEST(enabled() == Names{"Outbound connection"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
