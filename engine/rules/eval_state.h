// What evaluating conditions against one event needs besides the compiled
// rules: the event context and the values extracted so far. Every distinct
// field or transformer a ruleset uses is a slot; a slot is extracted at most
// once per event, and its cache is invalidated by the event generation
// rather than cleared, so nothing is freed or allocated from event to event.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fields/bound_field.h"
#include "fields/eval_context.h"
#include "fields/field_values.h"
#include "rules/transformers.h"

namespace lanner::rules {

// How a slot's values are produced: a bound field, or a transformer over
// other slots (which always have lower indices).
struct SlotSpec {
    std::string name;  // canonical text: "tolower(proc.aname[2])"
    std::unique_ptr<fields::BoundField> field;
    TransformSpec transform;  // when `field` is null
    fields::FieldType type = fields::FieldType::String;
    fields::ValueShape shape = fields::ValueShape::Single;
};

class EvalState {
  public:
    EvalState(const std::vector<SlotSpec>& slots, size_t memo_count);

    // Starts evaluating `ev`; earlier values become stale.
    void begin(const Event& ev) noexcept { ctx_.begin(ev); }
    const fields::EvalContext& context() const noexcept { return ctx_; }

    // The values of a slot for the current event, extracting them on first
    // use; nullptr when absent.
    const fields::FieldValues* values(uint32_t slot) {
        Cache& c = cache_[slot];
        if (c.generation != ctx_.generation()) extract(slot, c);
        return c.present ? &c.values : nullptr;
    }

    // Per-event memo of shared sub-conditions (macros): true and `value`
    // when already evaluated for this event.
    bool recall(uint32_t memo, bool& value) const noexcept {
        if (memo_generation_[memo] != ctx_.generation()) return false;
        value = memo_value_[memo] != 0;
        return true;
    }
    void remember(uint32_t memo, bool value) noexcept {
        memo_generation_[memo] = ctx_.generation();
        memo_value_[memo] = value ? 1 : 0;
    }

  private:
    struct Cache {
        uint64_t generation = 0;
        bool present = false;
        fields::FieldValues values;
    };
    void extract(uint32_t slot, Cache& c);

    const std::vector<SlotSpec>* specs_;
    std::vector<Cache> cache_;
    std::vector<uint64_t> memo_generation_;
    std::vector<uint8_t> memo_value_;
    fields::EvalContext ctx_;
};

}  // namespace lanner::rules
