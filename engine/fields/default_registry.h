// The field registry a Lanner engine starts from.
#pragma once

#include <memory>

#include "fields/evt_fields.h"
#include "fields/field_registry.h"

namespace lanner::fields {

// evt.* implemented; proc, thread, fd, fs.path, user, group, container and
// k8s declared as pending (evaluate as <NA>) until their classes replace them.
std::shared_ptr<FieldRegistry> make_default_registry(EvtFieldOptions options = {});

}  // namespace lanner::fields
