#include "fields/default_registry.h"

#include "fields/pending_fields.h"

namespace lanner::fields {

std::shared_ptr<FieldRegistry> make_default_registry(EvtFieldOptions options) {
    auto registry = std::make_shared<FieldRegistry>();
    registry->add(std::make_unique<EvtFieldClass>(std::move(options)));
    add_pending_classes(*registry);
    return registry;
}

}  // namespace lanner::fields
