#include "rules/operators.h"

#include <array>

namespace lanner::rules {
namespace {
constexpr std::array<std::string_view, 19> kNames = {
    "=",         "!=",        "<",          "<=",          ">",        ">=",   "contains",
    "icontains", "bcontains", "startswith", "bstartswith", "endswith", "glob", "iglob",
    "regex",     "in",        "intersects", "pmatch",      "exists"};
}

std::optional<Op> parse_op(std::string_view text) noexcept {
    if (text == "==") return Op::Eq;
    for (size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == text) return static_cast<Op>(i);
    return std::nullopt;
}

std::string_view op_name(Op op) noexcept {
    const auto i = static_cast<size_t>(op);
    return i < kNames.size() ? kNames[i] : "?";
}

bool takes_modifier(Op op) noexcept {
    switch (op) {
        case Op::Eq:
        case Op::Ne:
        case Op::Contains:
        case Op::IContains:
        case Op::BContains:
        case Op::StartsWith:
        case Op::BStartsWith:
        case Op::EndsWith:
        case Op::Glob:
        case Op::IGlob:
        case Op::Regex:
            return true;
        default:
            return false;
    }
}

}  // namespace lanner::rules
