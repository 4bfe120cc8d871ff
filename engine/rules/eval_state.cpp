#include "rules/eval_state.h"

namespace lanner::rules {

EvalState::EvalState(const std::vector<SlotSpec>& slots, size_t memo_count)
    : specs_(&slots),
      cache_(slots.size()),
      memo_generation_(memo_count, 0),
      memo_value_(memo_count, 0) {}

void EvalState::extract(uint32_t slot, Cache& c) {
    const SlotSpec& spec = (*specs_)[slot];
    c.values.clear();
    if (spec.field) {
        c.present = spec.field->extract(ctx_, c.values);
    } else {
        // Inputs are extracted first (they may be cached already); their
        // values stay valid for the rest of this event.
        const size_t n = spec.transform.args.size();  // at most kMaxTransformArgs
        const fields::FieldValues* inputs[kMaxTransformArgs] = {};
        for (size_t i = 0; i < n; ++i) {
            const auto& a = spec.transform.args[i];
            inputs[i] = a.literal ? nullptr : values(a.slot);
        }
        c.present = apply_transform(spec.transform, {inputs, n}, c.values);
    }
    if (c.present) c.values.finish();
    c.generation = ctx_.generation();
}

}  // namespace lanner::rules
