// The condition optimiser (condition_optimizer.h): the programs it builds
// agree with the compiled condition trees, and have the shape its
// transformations promise (merged string tests, constants folded
// per event type, shared macros memoised, single-use macros inlined).
#define BOOST_TEST_MODULE condition_optimizer
#include <boost/test/unit_test.hpp>

#include <random>
#include <set>

#include "rules_harness.h"
#include "schema/event_table.h"

using namespace lanner;
using namespace lanner::test;
using rules::ProgramStore;

namespace {

uint16_t type_of(const char* name) {
    return *schema::find_event(name);
}

// The steps reachable from a rule's program for `type` (calls included),
// or -1 when the rule is not in the type's index.
int steps_of(const rules::CompiledRuleset& rs, const std::string& rule, const char* type,
             size_t* calls = nullptr) {
    const rules::CompiledRule* r = rs.find(rule);
    BOOST_REQUIRE(r != nullptr);
    for (const auto& p : rs.programs_for(type_of(type))) {
        if (p.rule != r->id) continue;
        std::set<int32_t> seen;
        std::vector<int32_t> todo{p.entry};
        size_t n_calls = 0;
        while (!todo.empty()) {
            const int32_t pc = todo.back();
            todo.pop_back();
            if (pc < 0 || !seen.insert(pc).second) continue;
            const auto& s = rs.programs().step(pc);
            if (s.test == nullptr) {
                ++n_calls;
                todo.push_back(s.callee);
            }
            todo.push_back(s.on_true);
            todo.push_back(s.on_false);
        }
        if (calls != nullptr) *calls = n_calls;
        return static_cast<int>(seen.size());
    }
    return -1;
}

std::string rule(const std::string& name, const std::string& condition) {
    return "- rule: " + name +
           "\n  desc: d\n  output: o\n  priority: INFO\n  warn_evttypes: false\n  condition: " +
           condition + "\n";
}

Loaded load_ok(const TestRegistry& reg, const std::string& yaml) {
    Loaded l = load(reg, yaml);
    BOOST_REQUIRE_MESSAGE(l.result.ok(), l.all_messages());
    return l;
}

}  // namespace

// --- the shape of the programs ------------------------------------------------

BOOST_AUTO_TEST_CASE(or_chains_of_one_field_merge_into_one_test) {
    TestRegistry reg;
    auto l = load_ok(
        reg, rule("chain",
                  "test.str = a or test.str startswith b or test.str in (c, d) or "
                  "test.str endswith e") +
                 rule("two_fields", "test.str = a or test.str2 = a") +
                 rule("negated", "not test.str = a and not test.str in (b, c) and test.num = 1") +
                 rule("whole_lists", "test.list in (a) or test.list in (b)") +
                 rule("intersects", "test.list intersects (a) or test.list intersects (b)") +
                 rule("others_stay", "test.str contains a or test.str = b or test.str != c"));
    const auto& rs = *l.result.ruleset;
    BOOST_TEST(steps_of(rs, "chain", "openat") == 1);
    BOOST_TEST(steps_of(rs, "two_fields", "openat") == 2);
    BOOST_TEST(steps_of(rs, "negated", "openat") == 2);
    BOOST_TEST(steps_of(rs, "whole_lists", "openat") == 2);  // every item in: no merge
    BOOST_TEST(steps_of(rs, "intersects", "openat") == 1);
    BOOST_TEST(steps_of(rs, "others_stay", "openat") == 3);

    Record ev(some_openat());
    using Names = std::vector<std::string>;
    auto fired = [&](std::vector<std::string> str, std::vector<std::string> list = {}) {
        reg.test->clear();
        reg.test->set_text("test.str", std::move(str));
        if (!list.empty()) reg.test->set_text("test.list", std::move(list));
        reg.test->set_num("test.num", {1});
        return matching(l.result, ev.ev);
    };
    BOOST_TEST(fired({"a"}) == (Names{"chain", "two_fields", "others_stay"}),
               boost::test_tools::per_element());
    BOOST_TEST(fired({"bcd"}) == (Names{"chain", "negated", "others_stay"}),
               boost::test_tools::per_element());
    BOOST_TEST(fired({"xe"}) == (Names{"chain", "negated", "others_stay"}),
               boost::test_tools::per_element());
    BOOST_TEST(fired({"c"}, {"a"}) == (Names{"chain", "whole_lists", "intersects"}),
               boost::test_tools::per_element());
    BOOST_TEST(fired({"x"}, {"b", "z"}) == (Names{"negated", "intersects", "others_stay"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(programs_are_specialised_by_event_type) {
    TestRegistry reg;
    auto l = load_ok(reg, rule("by_type",
                               "(evt.type = open and test.num = 1) or (evt.type = openat and "
                               "test.num = 2 and test.str = a)") +
                              rule("always", "evt.type in (openat, execve)") +
                              rule("wide", "not evt.type = open and test.num = 1"));
    const auto& rs = *l.result.ruleset;
    BOOST_TEST(steps_of(rs, "by_type", "open") == 1);
    BOOST_TEST(steps_of(rs, "by_type", "openat") == 2);
    BOOST_TEST(steps_of(rs, "by_type", "execve") == -1);
    BOOST_TEST(steps_of(rs, "always", "openat") == 0);  // constantly true
    // A rule for almost every type keeps one program with its evt.type test.
    BOOST_TEST(steps_of(rs, "wide", "openat") == 2);
    BOOST_TEST(steps_of(rs, "wide", "close") == 2);
    BOOST_TEST(steps_of(rs, "wide", "open") == -1);

    reg.test->set_num("test.num", {1});
    reg.test->set_text("test.str", {"a"});
    using Names = std::vector<std::string>;
    Record openat(some_openat());
    BOOST_TEST(matching(l.result, openat.ev) == (Names{"always", "wide"}),
               boost::test_tools::per_element());
    Record open(RecordBuilder("open").set("fd", 3).set("name", "/x"));
    BOOST_TEST(matching(l.result, open.ev) == Names{"by_type"}, boost::test_tools::per_element());
    reg.test->set_num("test.num", {2});
    BOOST_TEST(matching(l.result, openat.ev) == (Names{"by_type", "always"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(shared_macros_are_called_single_uses_inlined) {
    TestRegistry reg;
    const std::string macros =
        "- macro: shared\n  condition: test.num = 1 and test.str2 = x\n"
        "- macro: once\n  condition: test.num = 2 and test.str2 = y\n"
        "- macro: one_check\n  condition: test.str startswith /etc/\n";
    auto l = load_ok(reg, macros + rule("a", "evt.type = openat and shared and test.str = q") +
                              rule("b", "evt.type = openat and (shared or once)") +
                              rule("c", "evt.type = openat and (one_check or test.str = /x)"));
    const auto& rs = *l.result.ruleset;
    size_t calls = 0;
    BOOST_TEST(steps_of(rs, "a", "openat", &calls) == 4);  // call, the macro's 2, test.str
    BOOST_TEST(calls == 1u);
    BOOST_TEST(steps_of(rs, "b", "openat", &calls) == 5);  // call, 2 (shared), 2 (once inline)
    BOOST_TEST(calls == 1u);
    BOOST_TEST(steps_of(rs, "c", "openat", &calls) == 1);  // the macro's check merged
    BOOST_TEST(calls == 0u);

    Record ev(some_openat());
    using Names = std::vector<std::string>;
    reg.test->set_num("test.num", {1});
    reg.test->set_text("test.str2", {"x"});
    reg.test->set_text("test.str", {"/etc/hosts"});
    BOOST_TEST(matching(l.result, ev.ev) == (Names{"b", "c"}), boost::test_tools::per_element());
    reg.test->set_text("test.str", {"q"});
    BOOST_TEST(matching(l.result, ev.ev) == (Names{"a", "b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(checks_of_fields_that_build_text_run_last) {
    TestRegistry reg;
    auto l = load_ok(reg, rule("r",
                               "evt.type = openat and evt.arg.flags contains O_CREAT and "
                               "test.str2 = x and test.num = 1"));
    const auto& rs = *l.result.ruleset;
    const auto& programs = rs.programs_for(type_of("openat"));
    BOOST_REQUIRE(programs.size() == 1u);
    // The entry is the cheap check; the two that build text follow.
    std::vector<std::string> order;
    for (int32_t pc = programs[0].entry; pc >= 0; pc = rs.programs().step(pc).on_true) {
        std::vector<uint32_t> slots;
        rs.programs().step(pc).test->add_slots(slots);
        BOOST_REQUIRE(slots.size() == 1u);
        order.push_back(rs.slots()[slots[0]].name);
    }
    BOOST_TEST(order == (std::vector<std::string>{"test.num", "evt.arg.flags", "test.str2"}),
               boost::test_tools::per_element());
}

// --- random conditions: programs agree with the trees ------------------------

namespace {

class RandomConditions {
  public:
    explicit RandomConditions(uint32_t seed) : rng_(seed) {}

    std::string word() { return kWords[rng_() % std::size(kWords)]; }

    std::string check() {
        const std::string w = word(), w2 = word();
        switch (rng_() % 22) {
            case 0:
                return "test.str = " + w;
            case 1:
                return "test.str startswith " + w;
            case 2:
                return "test.str endswith " + w;
            case 3:
                return "test.str in (" + w + ", " + w2 + ")";
            case 4:
                return "test.str != " + w;
            case 5:
                return "test.str contains " + w;
            case 6:
                return "test.any = " + w;
            case 7:
                return "test.any startswith " + w;
            case 8:
                return "test.any in (" + w + ", " + w2 + ")";
            case 9:
                return "test.list intersects (" + w + ", " + w2 + ")";
            case 10:
                return "test.list in (" + w + ", " + w2 + ")";
            case 11:
                return "test.num = " + std::to_string(rng_() % 3);
            case 12:
                return "test.num > " + std::to_string(rng_() % 3);
            case 13:
                return "test.str exists";
            case 14:
                return "evt.type = openat";
            case 15:
                return "evt.type in (open, execve)";
            case 16:
                return "evt.type != close";
            case 17:
                return "test.str2 = " + w;
            case 18:
                return "test.str2 startswith " + w;
            case 19:
                return "test.str pmatch (" + w + ")";
            case 20:
            case 21:
                if (macros_ > 0) return "m" + std::to_string(rng_() % macros_);
                return "test.str = " + w;
        }
        return "test.num = 0";
    }

    std::string expr(int depth) {
        if (depth == 0 || rng_() % 4 == 0) return (rng_() % 5 == 0 ? "not " : "") + check();
        const int n = 2 + static_cast<int>(rng_() % 3);
        const char* op = rng_() % 2 ? " and " : " or ";
        std::string s = rng_() % 6 == 0 ? "not (" : "(";
        for (int i = 0; i < n; ++i) {
            if (i) s += op;
            s += expr(depth - 1);
        }
        return s + ")";
    }

    std::string ruleset(int macros, int rules) {
        std::string yaml;
        for (macros_ = 0; macros_ < macros;) {
            yaml += "- macro: m" + std::to_string(macros_) + "\n  condition: " + expr(3) + "\n";
            ++macros_;
        }
        for (int i = 0; i < rules; ++i) yaml += rule("r" + std::to_string(i), expr(4));
        return yaml;
    }

    void set_values(TestFieldClass& test) {
        test.clear();
        auto texts = [&](size_t max) {
            std::vector<std::string> v;
            for (size_t n = rng_() % (max + 1); n > 0; --n) v.push_back(word());
            return v;
        };
        if (rng_() % 6) test.set_text("test.str", {word()});
        if (rng_() % 6) test.set_text("test.str2", {word()});
        if (rng_() % 6) test.set_text("test.any", texts(3));
        if (rng_() % 6) test.set_text("test.list", texts(3));
        if (rng_() % 6) test.set_num("test.num", {rng_() % 3});
    }

  private:
    static constexpr const char* kWords[] = {"a", "ab", "abc", "b", "ba", "bab", "/a", "/a/b", "c"};
    std::mt19937 rng_;
    int macros_ = 0;
};

}  // namespace

BOOST_AUTO_TEST_CASE(random_conditions_agree_with_their_trees) {
    const char* types[] = {"openat", "open", "execve", "close", "connect"};
    std::vector<Record> records;
    for (const char* t : types) records.emplace_back(RecordBuilder(t));
    size_t compared = 0, held = 0;
    for (uint32_t seed = 1; seed <= 60; ++seed) {
        RandomConditions gen(seed);
        TestRegistry reg;
        const std::string yaml = gen.ruleset(6, 30);
        auto l = load(reg, yaml);
        BOOST_REQUIRE_MESSAGE(l.result.ok(), yaml << "\n" << l.all_messages());
        const auto& rs = *l.result.ruleset;
        rules::EvalState tree(rs.slots(), rs.memo_count());
        rules::RuleEvaluator programs(l.result.ruleset, rules::RuleMatching::All);
        std::vector<const rules::CompiledRule*> matches;
        for (int trial = 0; trial < 200; ++trial) {
            gen.set_values(*reg.test);
            for (const auto& rec : records) {
                programs.evaluate(rec.ev, matches);
                tree.begin(rec.ev);
                std::vector<const rules::CompiledRule*> expected;
                for (const auto& r : rs.rules())
                    if (r.event_types.contains(rec.ev.type()) && r.condition->eval(tree))
                        expected.push_back(&r);
                BOOST_TEST_REQUIRE(matches == expected,
                                   "seed " << seed << " trial " << trial << " type "
                                           << schema::event_info(rec.ev.type()).name << "\n"
                                           << yaml);
                compared += rs.rules().size();
                held += expected.size();
            }
        }
    }
    BOOST_TEST_MESSAGE(compared << " rule evaluations compared, " << held << " held");
    BOOST_TEST(held > compared / 20);      // the conditions are not trivially false
    BOOST_TEST(held < compared / 10 * 9);  // nor trivially true
}
