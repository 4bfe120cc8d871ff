// A family of fields sharing a prefix ("evt", "proc", "fd"...) and the data
// they are extracted from.
//
// Adding a class: derive from FieldClass, declare a table of FieldDef, and
// return a BoundField subclass from bind(). Give the class, at construction,
// references to what it reads (the state tracker's thread and fd tables, a
// ParamResolver...). Per-event lookups shared by several of its fields (the
// thread of the event) can be memoised in the class keyed by
// EvalContext::generation(). Then FieldRegistry::add() it: its fields replace
// same-named fields of classes added before, which is how the phase-2 classes
// take over the placeholders of pending_fields.cpp without any change to the
// rules engine.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "fields/bound_field.h"
#include "fields/field_def.h"

namespace lanner::fields {

class FieldClass {
  public:
    virtual ~FieldClass() = default;
    virtual std::string_view name() const = 0;         // "evt"
    virtual std::string_view description() const = 0;  // one sentence for listings
    virtual std::span<const FieldDef> fields() const = 0;
    // Binds one use of `def` (an entry of fields()) with its argument, whose
    // form the registry has already checked against def.arg. Throws
    // FieldError when the argument is not acceptable (evt.arg.nosuchparam).
    virtual std::unique_ptr<BoundField> bind(const FieldDef& def, const FieldArg& arg) const = 0;
};

}  // namespace lanner::fields
