#include "fields/state_field_class.h"

namespace lanner::fields {
namespace {

class StateBoundField final : public BoundField {
  public:
    StateBoundField(const StateFieldClass& cls, unsigned id, const FieldDef& def, FieldArg arg,
                    FieldType type, ValueShape shape)
        : BoundField(def, std::move(arg), type, shape), cls_(cls), id_(id) {}

    bool extract(const EvalContext& ctx, FieldValues& out) const override {
        return cls_.extract(id_, *this, ctx, out);
    }

  private:
    const StateFieldClass& cls_;
    unsigned id_;
};

}  // namespace

std::unique_ptr<BoundField> StateFieldClass::bind(const FieldDef& def, const FieldArg& arg) const {
    const auto id = static_cast<unsigned>(&def - defs_.data());
    check_arg(id, arg);
    const ValueShape shape = arg.empty() ? def.bare_shape : ValueShape::Single;
    // One item of a list field (fd.types[0]) is a single string.
    const FieldType type =
        def.type == FieldType::StringList && !arg.empty() ? FieldType::String : def.type;
    return std::make_unique<StateBoundField>(*this, id, def, arg, type, shape);
}

}  // namespace lanner::fields
