// The field registry a Lanner engine starts from.
#pragma once

#include <memory>

#include "fields/evt_fields.h"
#include "fields/field_registry.h"
#include "fields/state_view.h"

namespace lanner::fields {

// evt.* and the state-backed classes (proc, thread, fd, fs.path, user,
// group, container, k8s) reading `*state`, which must outlive the registry;
// the engine sets state->current before evaluating each event. With `state`
// null the state classes read an empty view: every state field is absent.
// For evt.arg.* and evt.args to name fds, paths and users, pass a
// state::StateResolver in options.resolver.
std::shared_ptr<FieldRegistry> make_default_registry(EvtFieldOptions options = {},
                                                     const StateView* state = nullptr);

}  // namespace lanner::fields
