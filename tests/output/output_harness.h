// Test support for outputs: rules loaded from text (with the rules tests'
// test.* field class), an openat event at a fixed time, and alerts made
// from its matches.
#pragma once

#include <stdlib.h>
#include <time.h>

#include <memory>
#include <string>
#include <vector>

#include "../rules/rules_harness.h"
#include "output/alert_formatter.h"
#include "rules/extra_output.h"

namespace lanner::test {

// 2024-01-31T13:03:07.123456789Z, and the record's boot-clock timestamp.
inline constexpr uint64_t kEventEpochNs = 1706706187123456789ULL;
inline constexpr uint64_t kRecordTs = 1000;

inline void set_tz(const char* tz) {
    setenv("TZ", tz, 1);
    tzset();
}

// A rule matching every openat; `output` is quoted for YAML here.
inline std::string rule_yaml(const std::string& name, const std::string& output,
                             const std::string& priority = "WARNING",
                             const std::string& tags = "[b_tag, a_tag]",
                             const std::string& condition = "evt.type = openat") {
    std::string quoted = "'";
    for (char c : output) {
        if (c == '\'') quoted += '\'';
        quoted += c;
    }
    quoted += "'";
    return "- rule: " + name + "\n  desc: d\n  priority: " + priority + "\n  tags: " + tags +
           "\n  condition: " + condition + "\n  output: " + quoted + "\n";
}

struct OutputFixture {
    TestRegistry reg;
    Record rec{some_openat().ts(kRecordTs)};
    std::shared_ptr<rules::CompiledRuleset> ruleset;
    std::unique_ptr<rules::RuleEvaluator> eval;
    output::FormatOptions options{"testhost", kEventEpochNs - kRecordTs, rules::Priority::Debug};

    OutputFixture() { set_tz("UTC"); }

    // Loads `yaml` (with extra outputs); returns the load result so that a
    // test can look at errors.
    rules::LoadResult try_load(const std::string& yaml,
                               std::vector<rules::ExtraOutput> extras = {}) {
        rules::RulesLoader loader(reg.registry);
        for (auto& e : extras) loader.add_extra_output(std::move(e));
        loader.add_content("rules.yaml", yaml);
        return loader.load();
    }

    void load(const std::string& yaml, std::vector<rules::ExtraOutput> extras = {}) {
        rules::LoadResult r = try_load(yaml, std::move(extras));
        std::string messages;
        for (const auto& d : r.diagnostics) messages += d.to_string() + "\n";
        BOOST_REQUIRE_MESSAGE(r.ok(), messages);
        ruleset = r.ruleset;
        eval = std::make_unique<rules::RuleEvaluator>(ruleset, rules::RuleMatching::All);
    }

    // Evaluates the event and formats the alert of rule `name`, which must match.
    output::Alert alert(const std::string& name = "r") {
        std::vector<const rules::CompiledRule*> matches;
        eval->evaluate(rec.ev, matches);
        for (const auto* rule : matches) {
            if (rule->name != name) continue;
            output::AlertFormatter formatter(options);
            return formatter.format(*rule, *eval, rec.ev.ts());
        }
        BOOST_FAIL("rule '" + name + "' did not match");
        return {};
    }

    // The alert of a one-rule file whose output is `output`.
    output::Alert alert_of(const std::string& output, std::vector<rules::ExtraOutput> extras = {}) {
        load(rule_yaml("r", output), std::move(extras));
        return alert();
    }
};

}  // namespace lanner::test
