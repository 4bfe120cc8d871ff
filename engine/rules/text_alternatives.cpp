#include "rules/text_alternatives.h"

#include <algorithm>

namespace lanner::rules {
namespace {

// Lexicographic order of the reversed texts, without reversing them.
bool reversed_less(std::string_view a, std::string_view b) noexcept {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 1; i <= n; ++i) {
        const auto ca = static_cast<unsigned char>(a[a.size() - i]);
        const auto cb = static_cast<unsigned char>(b[b.size() - i]);
        if (ca != cb) return ca < cb;
    }
    return a.size() < b.size();
}

// Sorts `v` by `less` and drops every entry that `covers` by an entry kept
// before it. In sorted order the entries an entry covers follow it directly,
// so comparing with the last kept one is enough.
template <typename Less, typename Covers>
void sort_and_drop_covered(std::vector<std::string>& v, Less less, Covers covers) {
    std::sort(v.begin(), v.end(), less);
    std::vector<std::string> kept;
    for (auto& s : v)
        if (kept.empty() || !covers(s, kept.back())) kept.push_back(std::move(s));
    v = std::move(kept);
}

void append_part(std::string& key, char kind, std::string_view s) {
    key += kind;
    key += std::to_string(s.size());
    key += ':';
    key += s;
}

}  // namespace

void TextAlternatives::add_all(const TextAlternatives& other) {
    for (const auto& s : other.equal_.members()) add_equal(s);
    for (const auto& s : other.prefixes_) add_prefix(s);
    for (const auto& s : other.suffixes_) add_suffix(s);
}

void TextAlternatives::finish() {
    sort_and_drop_covered(
        prefixes_, [](const std::string& a, const std::string& b) { return a < b; },
        [](const std::string& s, const std::string& by) { return s.starts_with(by); });
    sort_and_drop_covered(
        suffixes_, [](const std::string& a, const std::string& b) { return reversed_less(a, b); },
        [](const std::string& s, const std::string& by) { return s.ends_with(by); });
}

bool TextAlternatives::has_prefix(std::string_view s) const noexcept {
    if (prefixes_.empty()) return false;
    // The greatest prefix not above s.
    auto it = std::upper_bound(prefixes_.begin(), prefixes_.end(), s,
                               [](std::string_view a, const std::string& b) { return a < b; });
    if (it == prefixes_.begin()) return false;
    return text_starts_with(s, *--it);
}

bool TextAlternatives::has_suffix(std::string_view s) const noexcept {
    if (suffixes_.empty()) return false;
    auto it = std::upper_bound(
        suffixes_.begin(), suffixes_.end(), s,
        [](std::string_view a, const std::string& b) { return reversed_less(a, b); });
    if (it == suffixes_.begin()) return false;
    return text_ends_with(s, *--it);
}

std::string TextAlternatives::key() const {
    std::vector<std::string> equal = equal_.members();
    std::sort(equal.begin(), equal.end());
    std::string key;
    for (const auto& s : equal) append_part(key, '=', s);
    for (const auto& s : prefixes_) append_part(key, '^', s);
    for (const auto& s : suffixes_) append_part(key, '$', s);
    return key;
}

}  // namespace lanner::rules
