// Test support: replays a synthetic capture through a StateTracker the way
// the engine loop does (on_event, then view.current, then evaluation) and
// evaluates fields of the default registry, or whole conditions through
// the rules engine, on the record last applied.
#pragma once

#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/capture_reader.h"
#include "capture/synthetic_capture.h"
#include "fields/default_registry.h"
#include "fields/eval_context.h"
#include "fields/value_text.h"
#include "hermetic_state.h"
#include "rules/rules_loader.h"
#include "rules/ruleset.h"
#include "state/state_resolver.h"
#include "state/state_tracker.h"

namespace lanner::test {

class FieldReplay {
  public:
    explicit FieldReplay(const capture::SyntheticCapture& cap,
                         const state::StateConfig& config = hermetic_config())
        : bytes_(cap.bytes()),
          reader_(capture::CaptureReader::from_memory(bytes_)),
          tracker_(config),
          resolver_(tracker_) {
        view_.tracker = &tracker_;
        fields::EvtFieldOptions options;
        options.resolver = &resolver_;
        options.hostname = "testhost";
        options.boot_time_ns = reader_.info().boot_time_ns;
        registry_ = fields::make_default_registry(std::move(options), &view_);
    }

    // Applies the state section and the event records up to and including
    // event `n` (1-based, in the order the capture added them).
    void to_event(size_t n) {
        BOOST_REQUIRE_MESSAGE(n > events_seen_, "events are applied in order");
        Event ev;
        while (events_seen_ < n) {
            BOOST_REQUIRE_MESSAGE(reader_.next(ev), "the capture has no event " << n);
            apply(ev);
            if (reader_.section() == capture::Section::Events) ++events_seen_;
        }
    }

    // The record last applied.
    const Event& event() const { return current_; }
    state::StateTracker& tracker() { return tracker_; }
    const std::shared_ptr<fields::FieldRegistry>& registry() const { return registry_; }
    const state::StateResolver& resolver() const { return resolver_; }

    // The values of `field` ("proc.aname[2]", "evt.arg.fd") as text, as
    // outputs print them; nullopt when the field is absent.
    std::optional<std::vector<std::string>> values(std::string_view field) {
        auto bound = bind(field);
        fields::FieldValues out;
        if (!bound->extract(ctx_, out)) return std::nullopt;
        out.finish();
        std::vector<std::string> texts;
        for (const auto& v : out.values()) {
            std::string s;
            fields::append_value_text(bound->type(), v, s);
            texts.push_back(std::move(s));
        }
        return texts;
    }

    // A single-valued field as text, "<NA>" when absent; several values are
    // joined by ", ".
    std::string text(std::string_view field) {
        const auto v = values(field);
        if (!v) return std::string(fields::kAbsentText);
        std::string joined;
        for (size_t i = 0; i < v->size(); ++i) {
            if (i != 0) joined += ", ";
            joined += (*v)[i];
        }
        return joined;
    }

    bool absent(std::string_view field) { return !values(field).has_value(); }

    // Whether a condition holds for the record last applied, compiled by the
    // rules engine against this registry.
    bool holds(const std::string& condition) {
        const std::string rules = "- rule: r\n  desc: d\n  condition: >-\n    " + condition +
                                  "\n  output: o\n  priority: INFO\n";
        auto result = rules::RulesLoader(registry_).add_content("test.yaml", rules).load();
        std::string errors;
        for (const auto& d : result.diagnostics)
            if (d.severity == rules::Severity::Error) errors += d.to_string(false) + "\n";
        BOOST_REQUIRE_MESSAGE(result.ok(), "condition '" << condition << "': " << errors);
        rules::RuleEvaluator eval(result.ruleset);
        std::vector<const rules::CompiledRule*> matches;
        eval.evaluate(current_, matches);
        return !matches.empty();
    }

  private:
    std::unique_ptr<fields::BoundField> bind(std::string_view field) {
        std::string name(field);
        std::optional<std::string> bracket;
        if (!name.empty() && name.back() == ']') {
            const size_t open = name.find('[');
            BOOST_REQUIRE(open != std::string::npos);
            bracket = name.substr(open + 1, name.size() - open - 2);
            name.resize(open);
        }
        return registry_->bind(name, bracket);
    }

    void apply(const Event& ev) {
        record_.assign(ev.raw(), ev.raw() + ev.len());
        BOOST_REQUIRE(!Event::decode(record_, current_).has_value());
        current_.num = ++num_;
        view_.current = tracker_.on_event(current_);
        ctx_.begin(current_);
    }

    std::vector<uint8_t> bytes_;
    capture::CaptureReader reader_;
    state::StateTracker tracker_;
    state::StateResolver resolver_;
    fields::StateView view_;
    std::shared_ptr<fields::FieldRegistry> registry_;
    fields::EvalContext ctx_;
    std::vector<uint8_t> record_;
    Event current_;
    uint64_t num_ = 0;
    size_t events_seen_ = 0;
};

}  // namespace lanner::test
