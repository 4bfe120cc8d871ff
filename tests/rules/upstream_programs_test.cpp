// Falco's stable, incubating and sandbox rule files (../shared/compat/rules,
// read in place) with every rule enabled, replayed through the engine on the
// benchmark's syscall mix and on a varied mix of what the rules look for:
// for every event and every rule, the optimised programs the evaluator runs
// and the compiled condition trees agree. Skipped when ../shared is absent.
#define BOOST_TEST_MODULE upstream_programs
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "app/engine.h"
#include "rules/rules_loader.h"
#include "schema/event_table.h"
#include "source/replay_source.h"
#include "syscall_mix.h"

using namespace lanner;
namespace fs = std::filesystem;

namespace {

fs::path rules_dir() {
    const char* env = std::getenv("LANNER_SHARED_DIR");
    const fs::path shared =
        env != nullptr && *env != '\0' ? fs::path(env) : fs::path(LANNER_SHARED_DIR);
    return shared / "compat" / "rules";
}

const char* const kFiles[] = {"falco_rules.yaml", "falco-incubating_rules.yaml",
                              "falco-sandbox_rules.yaml"};

bool have_rules() {
    for (const char* f : kFiles)
        if (!fs::exists(rules_dir() / f)) {
            BOOST_TEST_MESSAGE("skipped: " << rules_dir() / f << " is absent");
            return false;
        }
    return true;
}

struct Comparison {
    size_t events = 0;
    size_t evaluations = 0;  // (event, rule) pairs compared
    std::map<std::string, size_t> matches;
};

// Replays `events` records of the mix; fails at the first event whose
// matches differ between the programs and the trees.
Comparison compare_on_mix(size_t events, const bench::MixOptions& mix) {
    const fs::path capture =
        fs::temp_directory_path() / ("lanner-upstream-programs-" + std::to_string(getpid()) +
                                     (mix.varied ? "-varied" : "") + ".lncap");
    bench::write_syscall_mix_capture(capture.string(), events, mix);
    ReplaySource source(capture.string());
    app::EngineOptions eo;
    eo.hostname = source.info().hostname;
    eo.boot_time_ns = source.info().boot_time_ns;
    eo.matching = rules::RuleMatching::All;
    eo.state.passwd_path.clear();
    eo.state.group_path.clear();
    app::Engine engine(eo);
    rules::RulesLoader loader(engine.registry());
    for (const char* f : kFiles) loader.add_path(rules_dir() / f);
    auto loaded = loader.load();
    BOOST_REQUIRE(loaded.ok());
    std::vector<std::string> names;
    for (const auto& r : loaded.ruleset->rules()) names.push_back(r.name);
    for (const auto& n : names) loaded.ruleset->set_enabled(n, true);
    engine.use_ruleset(loaded.ruleset);
    const rules::CompiledRuleset& rs = *loaded.ruleset;

    rules::EvalState tree(rs.slots(), rs.memo_count());
    Comparison out;
    source.start();
    Event ev;
    while (source.next(ev, std::chrono::milliseconds(0)) == NextStatus::Event) {
        const auto got = engine.process(ev);
        if (schema::is_meta_event(ev.type())) continue;
        ++out.events;
        // The fields read the state the engine just applied for this event.
        tree.begin(ev);
        std::vector<const rules::CompiledRule*> expected;
        for (const auto& r : rs.rules()) {
            if (!r.event_types.contains(ev.type())) continue;
            ++out.evaluations;
            if (r.condition->eval(tree)) expected.push_back(&r);
        }
        BOOST_TEST_REQUIRE(
            std::vector<const rules::CompiledRule*>(got.begin(), got.end()) == expected,
            "event " << out.events << " (" << schema::event_info(ev.type()).name << ")");
        for (const auto* r : expected) ++out.matches[r->name];
    }
    fs::remove(capture);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(programs_agree_with_trees_on_the_benchmark_mix) {
    if (!have_rules()) return;
    const Comparison c = compare_on_mix(200000, {});
    BOOST_TEST(c.events > 190000u);
    BOOST_TEST_MESSAGE(c.evaluations << " rule evaluations on " << c.events << " events agree");
    for (const auto& [rule, n] : c.matches) BOOST_TEST_MESSAGE("  " << rule << ": " << n);
}

BOOST_AUTO_TEST_CASE(programs_agree_with_trees_on_a_varied_mix) {
    if (!have_rules()) return;
    bench::MixOptions mix;
    mix.varied = true;
    mix.seed = 0xbad5eed;
    const Comparison c = compare_on_mix(200000, mix);
    BOOST_TEST_MESSAGE(c.evaluations << " rule evaluations on " << c.events << " events agree");
    for (const auto& [rule, n] : c.matches) BOOST_TEST_MESSAGE("  " << rule << ": " << n);
    // The mix reaches many rules, so the comparison covers their branches.
    BOOST_TEST(c.matches.size() >= 8u);
}
