// The event being evaluated, shared by every extractor. The generation
// counter changes with each event, so caches (the rules engine's per-field
// values, a field class's per-event lookups) compare one number instead of
// being cleared.
#pragma once

#include <cstdint>

#include "event/event.h"

namespace lanner::fields {

class EvalContext {
  public:
    // Starts a new event. The event must outlive its evaluation.
    void begin(const Event& ev) noexcept {
        event_ = &ev;
        ++generation_;
    }
    const Event& event() const noexcept { return *event_; }
    // Never 0 once an event has begun, so 0 can mean "not cached".
    uint64_t generation() const noexcept { return generation_; }

  private:
    const Event* event_ = nullptr;
    uint64_t generation_ = 0;
};

}  // namespace lanner::fields
