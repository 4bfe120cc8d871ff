// What the registry knows about one field: name, type, argument form and
// description. Field classes (engine/fields/*_fields.cpp) declare tables of
// these; the registry indexes them by name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"
#include "fields/field_type.h"

namespace lanner::fields {

// The argument a field accepts after its name.
enum class ArgForm : uint8_t {
    None,        // proc.name
    Index,       // proc.aname[2]: a non-negative integer
    Key,         // proc.env[HOME], container.mount.dest[/etc]: any text
    IndexOrKey,  // either; digits are an index
    Param,       // evt.arg.NAME or evt.arg[N]: a parameter name or index
};

// How many values a bound field yields and how operators treat them.
enum class ValueShape : uint8_t {
    Single,  // at most one value
    AnyOf,   // several candidates (every ancestor for proc.aname): an operator holds if it
             // holds for any of them
    List,    // a list compared as a whole: `in` holds if every item is in the set,
             // `intersects` if one is
    Either,  // both ends of a connection (fd.ip, fd.port, fd.net): an operator holds
             // if it holds for either end, except `!=`, which holds only if it holds
             // for both (neither end equals the value), as Falco compares them
};

struct FieldDef {
    std::string_view name;  // "proc.aname"
    FieldType type;
    std::string_view description;
    ArgForm arg = ArgForm::None;
    bool arg_required = false;
    // Declared so rules using it load, but not implemented yet: it evaluates
    // as absent (never matches, prints Falco's <NA>).
    bool pending = false;
    // Shape of the values when the field is used without its optional
    // argument (proc.aname: every ancestor; fd.types: the whole list).
    ValueShape bare_shape = ValueShape::Single;
    // Extracting it builds text (formats a parameter, joins arguments), which
    // costs more than reading a value the state or the record holds: the
    // rules optimiser tests such fields after the others.
    bool builds_text = false;
};

// `def`, marked as building its text (FieldDef::builds_text).
constexpr FieldDef building_text(FieldDef def) {
    def.builds_text = true;
    return def;
}

// The argument of one use of a field, as written in a condition or output.
struct FieldArg {
    enum class Kind : uint8_t { None, Index, Key };
    Kind kind = Kind::None;
    uint64_t index = 0;
    std::string key;
    bool dotted = false;  // written as .NAME (evt.arg.flags) rather than [..]

    bool empty() const noexcept { return kind == Kind::None; }
    // As written after the field name: "[2]", "[HOME]", ".flags", or "".
    std::string text() const;
};

// A field use the registry cannot bind: unknown name or malformed argument.
// `unknown` distinguishes "no such field" (rules with skip-if-unknown-filter
// are skipped) from a bad argument.
class FieldError : public Error {
  public:
    FieldError(const std::string& what, bool unknown_field)
        : Error(what), unknown_(unknown_field) {}
    bool unknown_field() const noexcept { return unknown_; }

  private:
    bool unknown_;
};

}  // namespace lanner::fields
