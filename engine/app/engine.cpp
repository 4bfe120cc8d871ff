#include "app/engine.h"

#include <unistd.h>

#include "fields/default_registry.h"
#include "schema/event_table.h"

namespace lanner::app {
namespace {

std::string this_hostname() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
    return buf;
}

}  // namespace

Engine::Engine(EngineOptions options)
    : tracker_(options.state),
      resolver_(tracker_),
      hostname_(options.hostname.empty() ? this_hostname() : std::move(options.hostname)),
      boot_time_ns_(options.boot_time_ns != 0 ? options.boot_time_ns
                                              : fields::EvtFieldClass::boot_time_now()),
      matching_(options.matching) {
    view_.tracker = &tracker_;
    fields::EvtFieldOptions evt;
    evt.hostname = hostname_;
    evt.boot_time_ns = boot_time_ns_;
    evt.resolver = &resolver_;
    registry_ = fields::make_default_registry(std::move(evt), &view_);
}

Engine::~Engine() = default;

void Engine::use_ruleset(std::shared_ptr<const rules::CompiledRuleset> ruleset) {
    ruleset_ = std::move(ruleset);
    evaluator_ = ruleset_ ? std::make_unique<rules::RuleEvaluator>(ruleset_, matching_) : nullptr;
}

void Engine::set_matching(rules::RuleMatching m) {
    matching_ = m;
    if (evaluator_) evaluator_->set_matching(m);
}

std::span<const rules::CompiledRule* const> Engine::process(const Event& ev) {
    ++counters_.records;
    view_.current = tracker_.on_event(ev);
    if (schema::is_meta_event(ev.type())) return {};
    ++counters_.events;
    // Types from a newer schema decode too; they count as events only.
    if (ev.type() < LN_EVT_MAX) ++counters_.by_type[ev.type()];
    if (!evaluator_) return {};
    evaluator_->evaluate(ev, matches_);
    counters_.matches += matches_.size();
    return matches_;
}

}  // namespace lanner::app
