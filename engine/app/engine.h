// The detection core, whatever the source: every record updates the process
// state, then the rules that can match its type run against it.
//
//   Engine engine({.hostname = "web-1", .boot_time_ns = info.boot_time_ns});
//   auto loaded = RulesLoader(engine.registry()).add_path("rules/").load();
//   engine.use_ruleset(loaded.ruleset);
//   for each record: for (const CompiledRule* r : engine.process(ev)) alert(*r, engine);
//
// Field classes read the state through the engine's StateView, which
// process() points at the record's context before the rules run, so a rule
// on an openat sees the new fd's name and a rule on an execve the new image.
// Owns, in construction order, the state, the view, the field registry and
// the ruleset, so every reference between them stays valid. One thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "fields/evt_fields.h"
#include "fields/field_registry.h"
#include "fields/state_view.h"
#include "lanner/events.h"
#include "rules/ruleset.h"
#include "state/state_resolver.h"
#include "state/state_tracker.h"

namespace lanner::app {

struct EngineOptions {
    state::StateConfig state;
    std::string hostname;       // evt.hostname and alerts; empty: this machine's
    uint64_t boot_time_ns = 0;  // wall time of boot; 0: this machine's
    rules::RuleMatching matching = rules::RuleMatching::First;
};

struct EngineCounters {
    uint64_t records = 0;                        // every record handled, state records included
    uint64_t events = 0;                         // records the rules ran on
    uint64_t matches = 0;                        // rule matches
    std::array<uint64_t, LN_EVT_MAX> by_type{};  // events by type
};

class Engine {
  public:
    explicit Engine(EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Rules compile against this registry (its fields read this engine's state).
    std::shared_ptr<const fields::FieldRegistry> registry() const noexcept { return registry_; }

    // Runs `ruleset` from the next record on (a reload swaps rulesets
    // between records; the state carries over). nullptr: state only.
    void use_ruleset(std::shared_ptr<const rules::CompiledRuleset> ruleset);
    const rules::CompiledRuleset* ruleset() const noexcept { return ruleset_.get(); }
    void set_matching(rules::RuleMatching m);

    // Applies one record to the state and runs the rules on it. The matches
    // stay valid until the next call; output fields of a match are read
    // from evaluator() before then.
    std::span<const rules::CompiledRule* const> process(const Event& ev);
    // Applies the removals the last record deferred (end of a stream).
    void flush_state() { tracker_.flush(); }

    rules::RuleEvaluator* evaluator() noexcept { return evaluator_.get(); }
    const state::StateTracker& tracker() const noexcept { return tracker_; }
    // Names fds, paths, users and threads from the state (evt.args, printed events).
    const ParamResolver& resolver() const noexcept { return resolver_; }
    const fields::StateView& view() const noexcept { return view_; }
    const std::string& hostname() const noexcept { return hostname_; }
    uint64_t boot_time_ns() const noexcept { return boot_time_ns_; }
    const EngineCounters& counters() const noexcept { return counters_; }

  private:
    state::StateTracker tracker_;
    state::StateResolver resolver_;
    fields::StateView view_;
    std::string hostname_;
    uint64_t boot_time_ns_;
    std::shared_ptr<fields::FieldRegistry> registry_;
    std::shared_ptr<const rules::CompiledRuleset> ruleset_;
    std::unique_ptr<rules::RuleEvaluator> evaluator_;
    rules::RuleMatching matching_;
    std::vector<const rules::CompiledRule*> matches_;
    EngineCounters counters_;
};

}  // namespace lanner::app
