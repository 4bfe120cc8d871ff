// The syntax tree of a rule condition, with the position of every node (an
// offset in the condition's text) for error messages.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lanner::rules::ast {

// A field-side term: a field, a transformer applied to terms, or a string
// literal (an argument of join, concat, getopt).
struct Term {
    enum class Kind : uint8_t { Field, Transformer, Literal };
    Kind kind = Kind::Field;
    std::string name;                // field name as written ("evt.arg.flags") or transformer
    std::optional<std::string> arg;  // field argument between [ ]
    std::vector<Term> args;          // transformer arguments
    std::string literal;             // Literal: the unescaped string
    uint32_t pos = 0;

    // Canonical text ("tolower(proc.aname[2])"): equal texts extract the
    // same values, so the compiler extracts them once per event.
    std::string canonical() const;
};

// A constant on the right of an operator, as written.
struct Value {
    std::string text;  // unescaped when quoted
    bool quoted = false;
    uint32_t pos = 0;
};

enum class Modifier : uint8_t { None, OneOf, AnyOf, AllOf };

struct Check {
    Term lhs;
    std::string op;  // "=", "==", "!=", "<", ..., "contains", "in", "exists"
    Modifier modifier = Modifier::None;
    enum class Rhs : uint8_t {
        None,      // unary operator (exists)
        Value,     // one constant
        List,      // (a, b, "c d")
        ListName,  // a bare identifier after a list operator: a list's name, or one value
        Term,      // val(field) or a transformer: compared with another field
    };
    Rhs rhs = Rhs::None;
    std::vector<Value> values;  // Value and ListName: one; List: its items
    Term rhs_term;
    uint32_t op_pos = 0;
    uint32_t rhs_pos = 0;
};

struct Expr {
    enum class Kind : uint8_t { And, Or, Not, Macro, Check };
    Kind kind = Kind::Check;
    std::vector<Expr> children;    // And, Or: two or more; Not: one
    std::string name;              // Macro
    std::unique_ptr<Check> check;  // Check
    uint32_t pos = 0;
};

}  // namespace lanner::rules::ast
