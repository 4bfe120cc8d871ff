// Parses rule conditions in Falco's filter syntax:
//
//   expr      := and ( "or" and )*
//   and       := not ( "and" not )*
//   not       := "not" not | "(" expr ")" | check | macro-name
//   check     := term ( "exists"
//                     | num-op   ( number | transformer | val )
//                     | str-op   [ modifier list ] ( string | transformer | val )
//                     | list-op  ( "(" [ string ( "," string )* ] ")" | list-name | transformer ) )
//   term      := field [ "[" arg "]" ] | transformer "(" term-args ")"
//   num-op    := <= < >= >         str-op := == = != glob iglob contains icontains bcontains
//   list-op   := intersects in pmatch         startswith bstartswith endswith regex
//   modifier  := oneof anyof allof
//
// Values are bare words (anything but blanks, quotes, parentheses, commas
// and '=') or quoted strings; lexing follows Falco's so conditions mean what
// they mean there. Whether a bare word names a list or a macro is decided by
// the compiler.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "rules/condition_ast.h"

namespace lanner::rules {

// A syntax error at `offset` in the condition text.
class ConditionSyntaxError : public std::runtime_error {
  public:
    ConditionSyntaxError(uint32_t offset, const std::string& message)
        : std::runtime_error(message), offset_(offset) {}
    uint32_t offset() const noexcept { return offset_; }

  private:
    uint32_t offset_;
};

// Parses a whole condition. Throws ConditionSyntaxError.
ast::Expr parse_condition(std::string_view text);

// Parses a field or transformer term starting at `pos` (after the '%' of an
// output token). On success returns true and moves `pos` past the term;
// returns false if no term starts there. Throws ConditionSyntaxError for a
// malformed transformer.
bool parse_term(std::string_view text, size_t& pos, ast::Term& out);

// Transformers the parser accepts ("tolower" ...), for messages.
std::string_view transformer_names() noexcept;

}  // namespace lanner::rules
