// Event types: which a condition can match (Falco's algorithm: and
// intersects, or unites, negations pushed to the leaves), which rules run
// for which event type, and the syscalls the drivers must record.
#define BOOST_TEST_MODULE event_type_index
#include <boost/test/unit_test.hpp>

#include <sys/syscall.h>

#include "rules_harness.h"
#include "schema/event_table.h"
#include "source/interest.h"

using namespace lanner;
using namespace lanner::test;

namespace {

std::string rule(const std::string& name, const std::string& condition) {
    return "- rule: " + name +
           "\n  desc: d\n  output: o\n  priority: INFO\n  warn_evttypes: false\n"
           "  condition: " +
           condition + "\n";
}

// The event types of a condition, as names.
std::string types_of(const std::string& condition, const std::string& prelude = "") {
    TestRegistry reg;
    auto l = load(reg, prelude + rule("r", condition));
    BOOST_REQUIRE_MESSAGE(l.result.ok(), condition << "\n" << l.all_messages());
    const auto& t = l.result.ruleset->rules()[0].event_types;
    if (t.is_all()) return "ALL";
    return t.names();
}

std::string all_but(std::initializer_list<const char*> names) {
    rules::EventTypeSet s;
    for (auto n : names) s.add(*schema::find_event(n));
    return s.complement().names();
}

}  // namespace

BOOST_AUTO_TEST_CASE(event_types_of_conditions) {
    BOOST_TEST(types_of("evt.type = open") == "open");
    BOOST_TEST(types_of("evt.type in (openat, open, execve)") == "execve, open, openat");
    BOOST_TEST(types_of("evt.type != open") == all_but({"open"}));
    BOOST_TEST(types_of("not evt.type = open") == all_but({"open"}));
    BOOST_TEST(types_of("not evt.type != open") == "open");
    BOOST_TEST(types_of("evt.type = open or evt.type = close") == "open, close");
    BOOST_TEST(types_of("evt.type in (open, close) and evt.type = close") == "close");
    BOOST_TEST(types_of("not (evt.type = open or evt.type = close)") == all_but({"open", "close"}));
    BOOST_TEST(types_of("not (evt.type in (open, close) and test.num = 1)") == "ALL");
    // Checks on other fields are neutral, also negated.
    BOOST_TEST(types_of("test.num = 1") == "ALL");
    BOOST_TEST(types_of("evt.type = open and not test.num = 1") == "open");
    BOOST_TEST(types_of("evt.type = open or test.num = 1") == "ALL");
    BOOST_TEST(types_of("evt.type exists") == "ALL");
    // Through macros and lists, in both polarities.
    const std::string prelude =
        "- list: opens\n  items: [open, openat, openat2]\n"
        "- macro: open_read\n  condition: evt.type in (opens) and evt.is_open_read = true\n"
        "- macro: not_close\n  condition: not evt.type = close\n";
    BOOST_TEST(types_of("open_read", prelude) == "open, openat, openat2");
    BOOST_TEST(types_of("not open_read", prelude) == "ALL");
    BOOST_TEST(types_of("open_read and not_close", prelude) == "open, openat, openat2");
    BOOST_TEST(types_of("not not_close", prelude) == "close");
    // evt.dir and other evt fields do not restrict.
    BOOST_TEST(types_of("evt.type = execve and evt.dir = <") == "execve");
}

BOOST_AUTO_TEST_CASE(rules_run_only_for_their_event_types) {
    TestRegistry reg;
    reg.test->set_num("test.num", {1});
    auto l = load(reg, rule("opens", "evt.type in (open, openat) and test.num = 1") +
                           rule("execs", "evt.type = execve and test.num = 1") +
                           rule("not_close", "evt.type != close and test.num = 1") +
                           rule("any", "test.num = 1"));
    BOOST_REQUIRE_MESSAGE(l.result.ok(), l.all_messages());
    const auto& rs = *l.result.ruleset;
    auto names_for = [&](const char* event) {
        std::vector<std::string> out;
        for (uint32_t id : rs.rules_for(*schema::find_event(event)))
            out.push_back(rs.rules()[id].name);
        return out;
    };
    using Names = std::vector<std::string>;
    BOOST_TEST(names_for("openat") == (Names{"opens", "not_close", "any"}),
               boost::test_tools::per_element());
    BOOST_TEST(names_for("execve") == (Names{"execs", "not_close", "any"}),
               boost::test_tools::per_element());
    BOOST_TEST(names_for("close") == Names{"any"}, boost::test_tools::per_element());
    BOOST_TEST(rs.event_types().is_all());

    // Matching follows the index: execve runs only its rules.
    Record exec(RecordBuilder("execve").set("res", 0));
    BOOST_TEST(matching(l.result, exec.ev) == (Names{"execs", "not_close", "any"}),
               boost::test_tools::per_element());
    Record close(RecordBuilder("close").set("res", 0).set("fd", 3));
    BOOST_TEST(matching(l.result, close.ev) == Names{"any"}, boost::test_tools::per_element());

    // Disabling rules narrows the index and the needed event types.
    rs.rules();
    l.result.ruleset->set_enabled("any", false);
    l.result.ruleset->set_enabled("not_close", false);
    BOOST_TEST(l.result.ruleset->event_types().names() == "execve, open, openat");
    BOOST_TEST(names_for("close").empty());
}

BOOST_AUTO_TEST_CASE(interest_set_covers_the_syscalls_of_the_event_types) {
    const ln_interest in = interest_for_list({LN_EVT_OPENAT, LN_EVT_EXECVE, LN_EVT_PROCEXIT});
    auto has = [&](int nr) { return (in.syscalls[nr / 64] >> (nr % 64)) & 1; };
    BOOST_TEST(has(SYS_openat));
    BOOST_TEST(has(SYS_execve));
    BOOST_TEST(!has(SYS_open));
    BOOST_TEST(!has(SYS_close));
    BOOST_TEST(in.sources == LN_SRC_PROCEXIT);
    size_t bits = 0;
    for (auto w : in.syscalls) bits += static_cast<size_t>(__builtin_popcountll(w));
    BOOST_TEST(bits == 2u);
    // Every syscall event type maps to at least one syscall.
    std::vector<uint16_t> all_types = rules::EventTypeSet::all().types();
    const ln_interest everything = interest_for_list(all_types);
    BOOST_TEST(everything.sources == LN_SRC_PROCEXIT);
    size_t all_bits = 0;
    for (auto w : everything.syscalls) all_bits += static_cast<size_t>(__builtin_popcountll(w));
    BOOST_TEST(all_bits >= rules::EventTypeSet::all().size() - 1);
}
