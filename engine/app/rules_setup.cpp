#include "app/rules_setup.h"

#include <algorithm>

#include <fmt/format.h>

#include "app/alert_output.h"
#include "common/error.h"
#include "config/default_paths.h"
#include "config/rule_selection.h"
#include "rules/rules_loader.h"

namespace lanner::app {

size_t LoadedRules::enabled() const {
    size_t n = 0;
    for (const auto& r : ruleset->rules()) n += r.enabled;
    return n;
}

size_t apply_selection(rules::CompiledRuleset& ruleset, const RuleSelection& selection) {
    auto any = [](const std::vector<std::string>& v, auto&& pred) {
        return std::any_of(v.begin(), v.end(), pred);
    };
    std::vector<std::string> off;
    for (const auto& rule : ruleset.rules()) {
        auto tagged = [&](const std::string& t) {
            return std::find(rule.tags.begin(), rule.tags.end(), t) != rule.tags.end();
        };
        const bool disable = (!selection.only_tags.empty() && !any(selection.only_tags, tagged)) ||
                             any(selection.disable_tags, tagged) ||
                             any(selection.disable_substrings, [&](const std::string& sub) {
                                 return rule.name.find(sub) != std::string::npos;
                             });
        if (disable && rule.enabled) off.push_back(rule.name);
    }
    for (const auto& name : off) ruleset.set_enabled(name, false);
    return off.size();
}

LoadedRules load_rules(const config::Config& cfg, const CommandOptions& o,
                       std::shared_ptr<const fields::FieldRegistry> registry, std::FILE* err) {
    rules::RulesLoader loader(std::move(registry));
    for (auto& extra : extra_outputs(cfg, o)) loader.add_extra_output(std::move(extra));
    for (const auto& p : config::effective_rules_files(cfg)) loader.add_path(p);
    rules::LoadResult r = loader.load();
    // Errors with the source line under them; warnings one line each (-V
    // shows them in full).
    for (const auto& d : r.diagnostics)
        fmt::print(err, "lanner: {}\n", d.to_string(d.severity == rules::Severity::Error));
    if (!r.ok()) {
        throw Error("{} error{} in the rules ({})", r.count(rules::Severity::Error),
                    r.count(rules::Severity::Error) == 1 ? "" : "s", fmt::join(r.files, ", "));
    }
    const config::RuleConfigReport report = config::apply_rule_config(cfg, *r.ruleset);
    for (const auto& w : report.warnings) fmt::print(err, "lanner: warning: {}\n", w);
    apply_selection(*r.ruleset, RuleSelection{o.disable_rules, o.only_tags, o.disable_tags});
    return LoadedRules{r.ruleset, r.files, r.count(rules::Severity::Warning)};
}

}  // namespace lanner::app
