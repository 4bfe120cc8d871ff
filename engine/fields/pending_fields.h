// Field classes that need the state tracker (proc, thread, fd, fs.path,
// user, group, container, k8s). Until their real implementations land, each
// is declared here with Falco's names and types so that rules using them
// load and compile; every such field evaluates as absent (<NA>).
#pragma once

#include "fields/field_registry.h"

namespace lanner::fields {

// Adds one pending class per prefix to `registry`. Adding a real class
// afterwards replaces the pending fields it implements (FieldRegistry::add).
void add_pending_classes(FieldRegistry& registry);

}  // namespace lanner::fields
