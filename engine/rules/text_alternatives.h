// One test for a chain of string comparisons on the same value, as the
// optimiser merges them: `fd.name = /etc/shadow or fd.name startswith /etc/
// or fd.name in (a, b) or fd.name endswith .pem` holds when the value equals
// one of a set of strings, starts with one of a set of prefixes or ends with
// one of a set of suffixes. Answered with one hash lookup and two binary
// searches instead of a comparison per alternative; allocates nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/string_set.h"

namespace lanner::rules {

class TextAlternatives {
  public:
    void add_equal(std::string_view s) { equal_.insert(s); }
    void add_prefix(std::string_view s) { prefixes_.emplace_back(s); }
    void add_suffix(std::string_view s) { suffixes_.emplace_back(s); }
    // Adds every alternative of `other`.
    void add_all(const TextAlternatives& other);
    // Prepares the prefix and suffix searches; call once after the adds.
    void finish();

    bool match(std::string_view s) const noexcept {
        return equal_.contains(s) || has_prefix(s) || has_suffix(s);
    }

    // What it was built from (prefixes and suffixes after finish(): sorted,
    // without those another one covers). For merging and for tests.
    const StringSet& equal() const noexcept { return equal_; }
    const std::vector<std::string>& prefixes() const noexcept { return prefixes_; }
    const std::vector<std::string>& suffixes() const noexcept { return suffixes_; }

    // A text naming the alternatives exactly: equal sets of alternatives
    // give equal keys (the optimiser shares merged tests by it).
    std::string key() const;

  private:
    bool has_prefix(std::string_view s) const noexcept;
    bool has_suffix(std::string_view s) const noexcept;

    StringSet equal_;
    // Sorted and prefix-free: no prefix starts with another, so the only
    // candidate for a value is the greatest prefix not above it.
    std::vector<std::string> prefixes_;
    // Sorted by their reversed text and suffix-free, likewise.
    std::vector<std::string> suffixes_;
};

}  // namespace lanner::rules
