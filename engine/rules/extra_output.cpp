#include "rules/extra_output.h"

#include <algorithm>

namespace lanner::rules {
namespace {

constexpr std::string_view kBlanks = " \t\n\r\f\v";

// Bytes [from, to) of `text`, keeping their origins.
MappedText slice(const MappedText& text, size_t from, size_t to) {
    std::vector<Origin> origins;
    origins.reserve(to - from);
    for (size_t i = from; i < to; ++i) origins.push_back(text.origin(i));
    return MappedText(text.text().substr(from, to - from), std::move(origins));
}

}  // namespace

bool RuleSelector::selects(std::string_view name, std::string_view rule_source,
                           const std::vector<std::string>& rule_tags) const {
    if (!source.empty() && source != rule_source) return false;
    if (!rule.empty() && rule != name) return false;
    return std::all_of(tags.begin(), tags.end(), [&](const std::string& t) {
        return std::find(rule_tags.begin(), rule_tags.end(), t) != rule_tags.end();
    });
}

MappedText assemble_output(const MappedText& output, std::string_view rule_name,
                           std::string_view rule_source, const std::vector<std::string>& rule_tags,
                           std::span<const ExtraOutput> extras) {
    const std::string& s = output.text();
    const size_t first = s.find_first_not_of(kBlanks);
    if (first == std::string::npos) return MappedText("", output.origin(0));
    const size_t end = s.find_last_not_of(kBlanks) + 1;

    std::vector<const ExtraOutput*> selected;
    for (const auto& e : extras)
        if (e.match.selects(rule_name, rule_source, rule_tags)) selected.push_back(&e);
    const ExtraOutput* replacing = nullptr;
    for (const auto* e : selected)
        if (e->replaces_container_info) {
            replacing = e;
            break;
        }

    MappedText out("", output.origin(first));
    bool has_placeholder = false;
    size_t at = first;
    while (at < end) {
        const size_t p = s.find(kContainerInfoPlaceholder, at);
        if (p == std::string::npos || p + kContainerInfoPlaceholder.size() > end) break;
        has_placeholder = true;
        out.append(slice(output, at, p));
        out.append(replacing ? std::string_view(replacing->format) : kContainerInfoDefault,
                   output.origin(p));
        at = p + kContainerInfoPlaceholder.size();
    }
    out.append(slice(output, at, end));

    const Origin tail = output.origin(end);
    for (const auto* e : selected) {
        if (e->format.empty() || (has_placeholder && e == replacing)) continue;
        out.append(" ", tail);
        out.append(e->format, tail);
    }
    return out;
}

}  // namespace lanner::rules
