// What the state-backed field classes (proc, thread, fd, fs.path, user,
// group, container, k8s) read: the tracker, and the context of the event
// being evaluated. The engine owns one StateView, sets `current` from
// StateTracker::on_event() before it runs the rules on that event, and hands
// the same StateView to every field class when it builds the registry.
#pragma once

#include "state/state_tracker.h"

namespace lanner::fields {

struct StateView {
    const state::StateTracker* tracker = nullptr;  // null: every state field is <NA>
    state::EventContext current;
};

}  // namespace lanner::fields
