#include "rules/matchers.h"

#include <algorithm>
#include <cctype>

#include "rules/text_compare.h"

namespace lanner::rules {
namespace {

unsigned char fold(unsigned char c) {
    return static_cast<unsigned char>(std::tolower(c));
}

// [:name:] character classes; false for an unknown name.
bool add_named_class(std::string_view name, std::bitset<256>& set) {
    int (*test)(int) = nullptr;
    if (name == "alpha") test = ::isalpha;
    if (name == "digit") test = ::isdigit;
    if (name == "alnum") test = ::isalnum;
    if (name == "upper") test = ::isupper;
    if (name == "lower") test = ::islower;
    if (name == "space") test = ::isspace;
    if (name == "blank") test = ::isblank;
    if (name == "punct") test = ::ispunct;
    if (name == "print") test = ::isprint;
    if (name == "graph") test = ::isgraph;
    if (name == "cntrl") test = ::iscntrl;
    if (name == "xdigit") test = ::isxdigit;
    if (!test) return false;
    for (int c = 0; c < 128; ++c)
        if (test(c)) set.set(static_cast<size_t>(c));
    return true;
}

// Parses the bracket expression starting at p[i] == '['. On success sets
// `set` and `end` (the index of the closing ']'). A bracket without a
// closing ']' is an ordinary '[' (Unclosed); an unknown class name or an
// unterminated collating symbol makes the whole pattern match nothing
// (Invalid), as glibc's fnmatch.
enum class Bracket { Ok, Unclosed, Invalid };

Bracket parse_bracket(std::string_view p, size_t i, std::bitset<256>& set, size_t& end,
                      bool& negate) {
    size_t j = i + 1;
    negate = false;
    if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
        negate = true;
        ++j;
    }
    // One member at p[j]: a character, an escaped character, [.c.] or [=c=].
    // Returns false for an unusable collating symbol.
    auto member = [&](size_t& k, unsigned char& out, bool& invalid) {
        if (p[k] == '[' && k + 1 < p.size() && (p[k + 1] == '.' || p[k + 1] == '=')) {
            const char delim = p[k + 1];
            const size_t close = p.find(std::string{delim, ']'}, k + 2);
            if (close == std::string_view::npos) {
                // Unterminated: [. poisons the pattern; [= is a plain '['.
                invalid = delim == '.';
                out = '[';
                ++k;
                return delim != '.';
            }
            if (close != k + 3) {  // only single characters in the C locale
                invalid = true;
                return false;
            }
            out = static_cast<unsigned char>(p[k + 2]);
            k = close + 2;  // past the closing ".]" or "=]"

            return true;
        }
        if (p[k] == '\\' && k + 1 < p.size()) ++k;
        out = static_cast<unsigned char>(p[k]);
        ++k;
        return true;
    };
    bool first = true;
    while (j < p.size()) {
        if (p[j] == ']' && !first) {
            end = j;
            return Bracket::Ok;
        }
        first = false;
        if (p[j] == '[' && j + 1 < p.size() && p[j + 1] == ':') {
            const size_t close = p.find(":]", j + 2);
            if (close != std::string_view::npos) {
                if (!add_named_class(p.substr(j + 2, close - j - 2), set)) return Bracket::Invalid;
                j = close + 2;
                continue;
            }
        }
        unsigned char lo = 0;
        bool invalid = false;
        if (!member(j, lo, invalid)) return Bracket::Invalid;
        if (invalid) return Bracket::Invalid;
        unsigned char hi = lo;
        if (j + 1 < p.size() && p[j] == '-' && p[j + 1] != ']') {
            ++j;
            if (!member(j, hi, invalid) || invalid) return Bracket::Invalid;
        }
        for (unsigned v = lo; v <= hi; ++v) set.set(v);
    }
    return Bracket::Unclosed;
}

}  // namespace

Substring::Substring(std::string_view needle) : needle_(needle) {
    const size_t n = needle_.size();
    shift_.fill(static_cast<uint8_t>(std::min<size_t>(n, 255)));
    for (size_t i = 0; i + 1 < n; ++i)
        shift_[static_cast<unsigned char>(needle_[i])] =
            static_cast<uint8_t>(std::min<size_t>(n - 1 - i, 255));
}

bool Substring::in(std::string_view text) const noexcept {
    const size_t n = needle_.size();
    if (n == 0) return true;
    if (text.size() < n) return false;
    const char last = needle_[n - 1];
    for (size_t at = 0; at + n <= text.size();) {
        const char c = text[at + n - 1];
        if (c == last && same_bytes(text.data() + at, needle_.data(), n - 1)) return true;
        at += shift_[static_cast<unsigned char>(c)];
    }
    return false;
}

GlobPattern::GlobPattern(std::string_view p, bool case_insensitive) : icase_(case_insensitive) {
    for (size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '*') {
            if (tokens_.empty() || tokens_.back().kind != Token::Kind::Star)
                tokens_.emplace_back(Token::Kind::Star);
            continue;
        }
        if (c == '?') {
            tokens_.emplace_back(Token::Kind::Any);
            continue;
        }
        if (c == '\\') {
            // A trailing backslash never matches (as glibc's fnmatch).
            if (i + 1 == p.size()) {
                tokens_.emplace_back(Token::Kind::Never);
                continue;
            }
            tokens_.emplace_back(Token::Kind::Char, p[++i]);
            continue;
        }
        if (c == '[') {
            Token t(Token::Kind::Class);
            size_t end = 0;
            bool negate = false;
            const Bracket b = parse_bracket(p, i, t.set, end, negate);
            if (b == Bracket::Unclosed) {
                tokens_.emplace_back(Token::Kind::Char, '[');
                continue;
            }
            if (b == Bracket::Invalid) {
                tokens_.assign(1, Token(Token::Kind::Never));
                return;
            }
            if (icase_) {
                const auto orig = t.set;
                for (unsigned v = 0; v < 256; ++v)
                    if (orig.test(v) && std::isalpha(static_cast<int>(v))) {
                        t.set.set(static_cast<unsigned char>(std::tolower(static_cast<int>(v))));
                        t.set.set(static_cast<unsigned char>(std::toupper(static_cast<int>(v))));
                    }
            }
            if (negate) t.set.flip();
            tokens_.push_back(std::move(t));
            i = end;
            continue;
        }
        tokens_.emplace_back(Token::Kind::Char, c);
    }
}

bool GlobPattern::is_literal() const noexcept {
    for (const auto& t : tokens_)
        if (t.kind != Token::Kind::Char) return false;
    return !icase_;
}

bool GlobPattern::token_matches(const Token& t, unsigned char c) const noexcept {
    switch (t.kind) {
        case Token::Kind::Char:
            return icase_ ? fold(static_cast<unsigned char>(t.c)) == fold(c)
                          : static_cast<unsigned char>(t.c) == c;
        case Token::Kind::Any:
            return true;
        case Token::Kind::Class:
            return t.set.test(c);
        default:
            return false;
    }
}

bool GlobPattern::match(std::string_view text) const noexcept {
    // Greedy matching with backtracking to the last '*'.
    size_t ti = 0, si = 0;
    size_t star_t = SIZE_MAX, star_s = 0;
    while (si < text.size()) {
        if (ti < tokens_.size() && tokens_[ti].kind == Token::Kind::Star) {
            star_t = ti++;
            star_s = si;
            continue;
        }
        if (ti < tokens_.size() &&
            token_matches(tokens_[ti], static_cast<unsigned char>(text[si]))) {
            ++ti;
            ++si;
            continue;
        }
        if (star_t == SIZE_MAX) return false;
        ti = star_t + 1;
        si = ++star_s;
    }
    while (ti < tokens_.size() && tokens_[ti].kind == Token::Kind::Star) ++ti;
    return ti == tokens_.size();
}

PathPrefixSet::PathPrefixSet() : nodes_(1) {}

void PathPrefixSet::add(std::string_view prefix) {
    uint32_t node = 0;
    size_t i = 0;
    while (i < prefix.size()) {
        if (prefix[i] == '/') {
            ++i;
            continue;
        }
        const size_t end = std::min(prefix.find('/', i), prefix.size());
        const std::string_view comp = prefix.substr(i, end - i);
        i = end;
        uint32_t next;
        if (comp.find_first_of("?*[") != std::string_view::npos) {
            auto& globs = nodes_[node].glob_children;
            next = static_cast<uint32_t>(nodes_.size());
            globs.emplace_back(GlobPattern(comp, false), next);
            nodes_.emplace_back();
        } else {
            auto it = nodes_[node].children.find(comp);
            if (it != nodes_[node].children.end()) {
                next = it->second;
            } else {
                next = static_cast<uint32_t>(nodes_.size());
                nodes_[node].children.emplace(std::string(comp), next);
                nodes_.emplace_back();
            }
        }
        node = next;
    }
    nodes_[node].terminal = true;
}

bool PathPrefixSet::match_from(uint32_t node, std::string_view rest) const noexcept {
    const Node& n = nodes_[node];
    if (n.terminal) return true;
    size_t i = 0;
    while (i < rest.size() && rest[i] == '/') ++i;
    if (i == rest.size()) return false;
    const size_t end = std::min(rest.find('/', i), rest.size());
    const std::string_view comp = rest.substr(i, end - i);
    const std::string_view tail = rest.substr(end);
    if (auto it = n.children.find(comp); it != n.children.end() && match_from(it->second, tail))
        return true;
    for (const auto& [glob, child] : n.glob_children)
        if (glob.match(comp) && match_from(child, tail)) return true;
    return false;
}

bool PathPrefixSet::match(std::string_view path) const noexcept {
    return match_from(0, path);
}

}  // namespace lanner::rules
