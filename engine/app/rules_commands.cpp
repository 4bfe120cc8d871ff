#include "app/rules_commands.h"

#include <fmt/format.h>

#include "fields/field_listing.h"
#include "rules/priority.h"
#include "rules/rules_loader.h"

namespace lanner::app {

int validate_rules_command(const std::vector<std::filesystem::path>& files,
                           std::shared_ptr<const fields::FieldRegistry> registry, std::FILE* out) {
    fmt::print(out, "Validating rules file(s):\n");
    for (const auto& f : files) fmt::print(out, "   {}\n", f.string());
    const auto results = rules::validate_rules(files, std::move(registry));
    bool ok = true;
    for (const auto& v : results) {
        size_t warnings = 0;
        for (const auto& d : v.diagnostics) warnings += d.severity == rules::Severity::Warning;
        const std::string_view verdict =
            !v.ok ? "Invalid" : (warnings != 0 ? "Ok, with warnings" : "Ok");
        fmt::print(out, "{}: {}\n", v.file.empty() ? "(rules)" : v.file, verdict);
        for (const auto& d : v.diagnostics) fmt::print(out, "{}\n", d.to_string(true));
        ok = ok && v.ok;
    }
    return ok ? 0 : 1;
}

void list_rules(const rules::CompiledRuleset& ruleset, std::FILE* out) {
    size_t width = 4;
    for (const auto& r : ruleset.rules()) width = std::max(width, r.name.size());
    fmt::print(out, "{:<{}}  {:<13}  {:<8}  {}\n", "Rule", width, "Priority", "State",
               "Description");
    for (const auto& r : ruleset.rules()) {
        std::string desc = r.description;
        for (char& c : desc)
            if (c == '\n') c = ' ';
        fmt::print(out, "{:<{}}  {:<13}  {:<8}  {}\n", r.name, width,
                   rules::priority_name(r.priority), r.enabled ? "enabled" : "disabled", desc);
    }
}

bool describe_rule(const rules::CompiledRuleset& ruleset, const std::string& name, std::FILE* out) {
    const rules::CompiledRule* r = ruleset.find(name);
    if (r == nullptr) return false;
    fmt::print(out, "Rule: {}\n", r->name);
    fmt::print(out, "Defined at: {}:{}:{}\n", r->file, r->position.line, r->position.column);
    fmt::print(out, "Priority: {}\n", rules::priority_name(r->priority));
    fmt::print(out, "Enabled: {}\n", r->enabled ? "true" : "false");
    fmt::print(out, "Source: {}\n", r->source);
    fmt::print(out, "Tags: [{}]\n", fmt::join(r->tags, ", "));
    fmt::print(out, "Event types: {}\n",
               r->event_types.is_all() ? std::string("(all)") : r->event_types.names());
    fmt::print(out, "Description: {}\n", r->description);
    fmt::print(out, "Output: {}\n", r->output);
    return true;
}

int list_fields_command(const fields::FieldRegistry& registry, const std::string& source,
                        bool names_only, bool markdown, std::FILE* out, std::FILE* err) {
    if (!source.empty() && source != "syscall") {
        fmt::print(err, "lanner: no event source '{}': Lanner has only 'syscall'\n", source);
        return 1;
    }
    const auto style =
        names_only ? fields::ListingStyle::NamesOnly
                   : (markdown ? fields::ListingStyle::Markdown : fields::ListingStyle::Plain);
    std::fputs(fields::list_fields(registry, style).c_str(), out);
    return 0;
}

}  // namespace lanner::app
