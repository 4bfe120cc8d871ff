// The leaves of compiled conditions: a field's values tested against
// constants (or another field's values). Internal to the compiler; each
// predicate is built once and tests values without allocating.
#pragma once

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "event/sockaddr.h"
#include "rules/eval_node.h"
#include "rules/matchers.h"
#include "rules/operators.h"
#include "rules/string_set.h"
#include "rules/text_alternatives.h"
#include "rules/text_compare.h"

namespace lanner::rules::checks {

using fields::Scalar;

// --- node shapes ---------------------------------------------------------

// Holds if the predicate holds for any value of the slot (one value for
// single-valued fields; any ancestor for proc.aname...).
template <typename Pred>
class AnyValue final : public Node {
  public:
    AnyValue(uint32_t slot, Pred pred) : slot_(slot), pred_(std::move(pred)) {}
    bool eval(EvalState& st) const override {
        const fields::FieldValues* v = st.values(slot_);
        if (!v) return false;
        for (const Scalar& s : v->values())
            if (pred_(s)) return true;
        return false;
    }
    void add_slots(std::vector<uint32_t>& out) const override { out.push_back(slot_); }
    uint32_t slot() const noexcept { return slot_; }
    const Pred& pred() const noexcept { return pred_; }

  private:
    uint32_t slot_;
    Pred pred_;
};

// A list field `in` a set: every item is in it.
template <typename Pred>
class AllValues final : public Node {
  public:
    AllValues(uint32_t slot, Pred pred) : slot_(slot), pred_(std::move(pred)) {}
    bool eval(EvalState& st) const override {
        const fields::FieldValues* v = st.values(slot_);
        if (!v) return false;
        for (const Scalar& s : v->values())
            if (!pred_(s)) return false;
        return true;
    }
    void add_slots(std::vector<uint32_t>& out) const override { out.push_back(slot_); }

  private:
    uint32_t slot_;
    Pred pred_;
};

class Exists final : public Node {
  public:
    explicit Exists(uint32_t slot) : slot_(slot) {}
    bool eval(EvalState& st) const override { return st.values(slot_) != nullptr; }
    void add_slots(std::vector<uint32_t>& out) const override { out.push_back(slot_); }

  private:
    uint32_t slot_;
};

// Field against field (val(), or a transformer on the right): holds if the
// predicate holds for some pair of values.
template <typename Pred>
class FieldPair final : public Node {
  public:
    FieldPair(uint32_t lhs, uint32_t rhs, Pred pred) : lhs_(lhs), rhs_(rhs), pred_(pred) {}
    bool eval(EvalState& st) const override {
        const fields::FieldValues* a = st.values(lhs_);
        if (!a) return false;
        const fields::FieldValues* b = st.values(rhs_);
        if (!b) return false;
        for (const Scalar& x : a->values())
            for (const Scalar& y : b->values())
                if (pred_(x, y)) return true;
        return false;
    }
    void add_slots(std::vector<uint32_t>& out) const override {
        out.push_back(lhs_);
        out.push_back(rhs_);
    }

  private:
    uint32_t lhs_, rhs_;
    Pred pred_;
};

// --- text ------------------------------------------------------------------

inline bool icontains(std::string_view hay, std::string_view lowered_needle) noexcept {
    if (lowered_needle.empty()) return true;
    if (hay.size() < lowered_needle.size()) return false;
    const auto lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    for (size_t i = 0; i + lowered_needle.size() <= hay.size(); ++i) {
        size_t k = 0;
        while (k < lowered_needle.size() && lower(hay[i + k]) == lowered_needle[k]) ++k;
        if (k == lowered_needle.size()) return true;
    }
    return false;
}

// A string operator against one constant, one type per operator so that
// each compiles to its comparison alone.
struct TextEq {  // =
    std::string k;
    bool operator()(const Scalar& v) const noexcept { return text_equal(v.str, k); }
};

struct TextNe {  // !=
    std::string k;
    bool operator()(const Scalar& v) const noexcept { return !text_equal(v.str, k); }
};

struct TextPrefix {  // startswith, bstartswith
    std::string k;
    bool operator()(const Scalar& v) const noexcept { return text_starts_with(v.str, k); }
};

struct TextSuffix {  // endswith
    std::string k;
    bool operator()(const Scalar& v) const noexcept { return text_ends_with(v.str, k); }
};

struct TextContains {  // contains, bcontains
    Substring needle;
    bool operator()(const Scalar& v) const noexcept { return needle.in(v.str); }
};

struct TextIContains {  // icontains: `k` is lowered
    std::string k;
    bool operator()(const Scalar& v) const noexcept { return icontains(v.str, k); }
};

struct TextOrder {  // <, <=, >, >=
    Op op;
    std::string k;
    bool operator()(const Scalar& v) const noexcept {
        const std::string_view s = v.str, c = k;
        switch (op) {
            case Op::Lt:
                return s < c;
            case Op::Le:
                return s <= c;
            case Op::Gt:
                return s > c;
            case Op::Ge:
                return s >= c;
            default:
                return false;
        }
    }
};

struct GlobOp {
    GlobPattern pattern;
    bool operator()(const Scalar& v) const noexcept { return pattern.match(v.str); }
};

struct RegexOp {
    std::shared_ptr<const re2::RE2> re;
    bool operator()(const Scalar& v) const noexcept {
        return re2::RE2::FullMatch(re2::StringPiece(v.str.data(), v.str.size()), *re);
    }
};

struct InTextSet {
    std::shared_ptr<const StringSet> set;
    bool operator()(const Scalar& v) const noexcept { return set->contains(v.str); }
};

// Merged =, in, startswith and endswith tests (condition_optimizer.h).
struct TextAlternativesOp {
    std::shared_ptr<const TextAlternatives> alts;
    bool operator()(const Scalar& v) const noexcept { return alts->match(v.str); }
};

struct PrefixOp {
    std::shared_ptr<const PathPrefixSet> set;
    bool operator()(const Scalar& v) const noexcept { return set->match(v.str); }
};

// --- numbers ---------------------------------------------------------------

template <typename T>
bool compare(Op op, T a, T b) noexcept {
    switch (op) {
        case Op::Eq:
            return a == b;
        case Op::Ne:
            return a != b;
        case Op::Lt:
            return a < b;
        case Op::Le:
            return a <= b;
        case Op::Gt:
            return a > b;
        case Op::Ge:
            return a >= b;
        default:
            return false;
    }
}

struct SignedOp {
    Op op;
    int64_t k;
    bool operator()(const Scalar& v) const noexcept { return compare(op, v.as_int(), k); }
};

struct UnsignedOp {
    Op op;
    uint64_t k;
    bool operator()(const Scalar& v) const noexcept { return compare(op, v.num, k); }
};

struct InNumbers {
    std::vector<uint64_t> sorted;  // two's complement for signed fields
    bool operator()(const Scalar& v) const noexcept {
        return std::binary_search(sorted.begin(), sorted.end(), v.num);
    }
};

// flags contains NAME: every named bit is set.
struct FlagsSet {
    uint64_t mask;
    bool operator()(const Scalar& v) const noexcept { return (v.num & mask) == mask; }
};

// --- addresses -------------------------------------------------------------

struct IpNetwork {
    IpAddr addr;
    unsigned prefix = 0;  // bits

    bool contains(const IpAddr& a) const noexcept {
        if (a.family != addr.family) return false;
        const unsigned full = prefix / 8, rest = prefix % 8;
        if (std::memcmp(a.bytes.data(), addr.bytes.data(), full) != 0) return false;
        if (rest == 0) return true;
        const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
        return (a.bytes[full] & mask) == (addr.bytes[full] & mask);
    }
};

// = / in: the address is in one of the networks; != : in none.
struct InNetworks {
    std::vector<IpNetwork> nets;
    bool negate = false;
    bool operator()(const Scalar& v) const noexcept {
        bool in = false;
        for (const auto& n : nets)
            if (n.contains(v.ip)) {
                in = true;
                break;
            }
        return in != negate;
    }
};

// --- field against field ---------------------------------------------------

struct TextPair {
    Op op;
    bool operator()(const Scalar& a, const Scalar& b) const noexcept {
        switch (op) {
            case Op::In:
            case Op::Intersects:
                return a.str == b.str;
            case Op::IContains: {
                // Fold the right side on the fly: no storage.
                const auto lower = [](char c) {
                    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                };
                if (b.str.empty()) return true;
                for (size_t i = 0; i + b.str.size() <= a.str.size(); ++i) {
                    size_t k = 0;
                    while (k < b.str.size() && lower(a.str[i + k]) == lower(b.str[k])) ++k;
                    if (k == b.str.size()) return true;
                }
                return false;
            }
            default:
                return text(op, a.str, b.str);
        }
    }
    static bool text(Op op, std::string_view s, std::string_view k) noexcept {
        switch (op) {
            case Op::Eq:
                return s == k;
            case Op::Ne:
                return s != k;
            case Op::Lt:
                return s < k;
            case Op::Le:
                return s <= k;
            case Op::Gt:
                return s > k;
            case Op::Ge:
                return s >= k;
            case Op::Contains:
            case Op::BContains:
                return s.find(k) != std::string_view::npos;
            case Op::StartsWith:
            case Op::BStartsWith:
                return s.starts_with(k);
            case Op::EndsWith:
                return s.ends_with(k);
            default:
                return false;
        }
    }
};

struct NumberPair {
    Op op;
    bool is_signed;
    bool operator()(const Scalar& a, const Scalar& b) const noexcept {
        const Op o = op == Op::In || op == Op::Intersects ? Op::Eq : op;
        return is_signed ? compare(o, a.as_int(), b.as_int()) : compare(o, a.num, b.num);
    }
};

struct AddressPair {
    Op op;
    bool operator()(const Scalar& a, const Scalar& b) const noexcept {
        const bool eq = a.ip == b.ip;
        return op == Op::Ne ? !eq : eq;
    }
};

}  // namespace lanner::rules::checks
