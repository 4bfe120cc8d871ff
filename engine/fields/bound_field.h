// A field use with its argument, resolved once when a rule or output is
// compiled and then asked for values event after event.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fields/eval_context.h"
#include "fields/field_def.h"
#include "fields/field_values.h"

namespace lanner::fields {

class BoundField {
  public:
    BoundField(const FieldDef& def, FieldArg arg, FieldType type, ValueShape shape)
        : def_(&def), arg_(std::move(arg)), type_(type), shape_(shape) {}
    virtual ~BoundField() = default;
    BoundField(const BoundField&) = delete;
    BoundField& operator=(const BoundField&) = delete;

    // Appends the value(s) of the field for ctx's event to `out` (which the
    // caller has cleared). Returns false when the field has no value for the
    // event (absent, <NA>). Must not allocate in steady state.
    virtual bool extract(const EvalContext& ctx, FieldValues& out) const = 0;

    // A remark about comparing this field with `value` that the rules loader
    // reports as a warning ("evt.dir = > never matches"), or empty.
    virtual std::string value_warning(std::string_view value) const {
        (void)value;
        return {};
    }

    // For Flags fields: the bits a symbolic name stands for ("O_TRUNC"),
    // or nullopt if the field has no such flag.
    virtual std::optional<uint64_t> flag_value(std::string_view symbol) const {
        (void)symbol;
        return std::nullopt;
    }

    const FieldDef& def() const noexcept { return *def_; }
    const FieldArg& arg() const noexcept { return arg_; }
    // The type of the values (evt.rawarg.NAME takes the parameter's type).
    FieldType type() const noexcept { return type_; }
    ValueShape shape() const noexcept { return shape_; }
    // "proc.aname[2]", "evt.arg.flags".
    std::string display_name() const { return std::string(def_->name) + arg_.text(); }

  private:
    const FieldDef* def_;
    FieldArg arg_;
    FieldType type_;
    ValueShape shape_;
};

}  // namespace lanner::fields
