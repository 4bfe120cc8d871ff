#include "fields/default_registry.h"

#include "fields/state_fields.h"

namespace lanner::fields {

std::shared_ptr<FieldRegistry> make_default_registry(EvtFieldOptions options,
                                                     const StateView* state) {
    // Never written: a view without a tracker, where every state field is absent.
    static const StateView kNoState;
    const StateView& view = state != nullptr ? *state : kNoState;

    auto registry = std::make_shared<FieldRegistry>();
    auto evt = std::make_unique<EvtFieldClass>(std::move(options));
    const EvtFieldClass& clock = *evt;
    registry->add(std::move(evt));
    registry->add(make_proc_fields(view, clock));
    registry->add(make_thread_fields(view));
    registry->add(make_fd_fields(view));
    registry->add(make_fs_path_fields(view));
    registry->add(make_user_fields(view));
    registry->add(make_group_fields(view));
    registry->add(make_container_fields(view, clock));
    registry->add(make_k8s_fields(view));
    return registry;
}

}  // namespace lanner::fields
