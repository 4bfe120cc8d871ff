// Comparison operators of the condition language.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lanner::rules {

enum class Op : uint8_t {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
    IContains,
    BContains,
    StartsWith,
    BStartsWith,
    EndsWith,
    Glob,
    IGlob,
    Regex,
    In,
    Intersects,
    PMatch,
    Exists,
};

// "=" and "==" are both Eq.
std::optional<Op> parse_op(std::string_view text) noexcept;
std::string_view op_name(Op op) noexcept;

// Operators whose right side is a list.
inline bool is_list_op(Op op) noexcept {
    return op == Op::In || op == Op::Intersects || op == Op::PMatch;
}
inline bool is_order_op(Op op) noexcept {
    return op == Op::Lt || op == Op::Le || op == Op::Gt || op == Op::Ge;
}
// The string operators that take oneof/anyof/allof (as Falco's).
bool takes_modifier(Op op) noexcept;

}  // namespace lanner::rules
