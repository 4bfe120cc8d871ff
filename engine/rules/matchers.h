// Compiled forms of the constants conditions compare with: substrings,
// glob patterns, pmatch prefix sets (`in` sets: string_set.h). Built once
// when a rule is compiled; matching allocates nothing.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lanner::rules {

// Hashing and comparison of std::string keys by std::string_view, so sets
// are searched without building a string.
struct StringViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

// `contains`: Horspool's search, which moves along the text by up to the
// needle's length per comparison (a search for "/.ssh/" in a path does not
// stop at every '/', as a first-character scan does).
class Substring {
  public:
    explicit Substring(std::string_view needle);
    bool in(std::string_view text) const noexcept;
    const std::string& needle() const noexcept { return needle_; }

  private:
    std::string needle_;
    std::array<uint8_t, 256> shift_;  // by the text byte under the needle's last
};

// A glob pattern with fnmatch(3) semantics and no flags: '*' and '?' match
// any character including '/', [...] classes with ranges, negation ([!..]
// or [^..]) and [:alpha:]-style names, backslash escapes. Case-insensitive
// patterns (iglob) fold ASCII case.
class GlobPattern {
  public:
    GlobPattern(std::string_view pattern, bool case_insensitive);
    bool match(std::string_view text) const noexcept;
    // True if the pattern has no wildcard: it matches only itself.
    bool is_literal() const noexcept;

  private:
    struct Token {
        enum class Kind : uint8_t { Char, Any, Star, Class, Never };
        explicit Token(Kind k, char ch = 0) : kind(k), c(ch) {}
        Kind kind;
        char c;
        std::bitset<256> set;
    };
    bool token_matches(const Token& t, unsigned char c) const noexcept;

    std::vector<Token> tokens_;
    bool icase_;
};

// pmatch: does any of a set of paths prefix the tested path, component by
// component? /var/run prefixes /var/run and /var/run/x, not /var/running.
// Components of the prefixes may be globs (/home/*/.ssh).
class PathPrefixSet {
  public:
    PathPrefixSet();
    void add(std::string_view prefix);
    bool match(std::string_view path) const noexcept;

  private:
    struct Node {
        bool terminal = false;
        std::unordered_map<std::string, uint32_t, StringViewHash, std::equal_to<>> children;
        std::vector<std::pair<GlobPattern, uint32_t>> glob_children;
    };
    bool match_from(uint32_t node, std::string_view rest) const noexcept;

    std::vector<Node> nodes_;
};

}  // namespace lanner::rules
