// The field classes that read the state tracker through a StateView:
//   proc, thread     proc_fields.cpp       the process, its ancestors, the thread
//   fd, fs.path      fd_fields.cpp         the fd of the event, paths of file calls
//   user, group      user_fields.cpp       effective and login user, group
//   container, k8s   container_fields.cpp  container (from cgroups) and pod
// Each keeps a reference to `view`, which must outlive it; the engine sets
// view.current before evaluating each event. With view.tracker null every
// field is absent. make_default_registry() adds them all.
#pragma once

#include <memory>

#include "fields/evt_fields.h"
#include "fields/field_class.h"
#include "fields/state_view.h"

namespace lanner::fields {

// `clock` gives the boot time that turns the tracker's boot-clock start
// times into epoch times (proc.pid.ts, container.start_ts...).
std::unique_ptr<FieldClass> make_proc_fields(const StateView& view, const EvtFieldClass& clock);
std::unique_ptr<FieldClass> make_thread_fields(const StateView& view);
std::unique_ptr<FieldClass> make_fd_fields(const StateView& view);
std::unique_ptr<FieldClass> make_fs_path_fields(const StateView& view);
std::unique_ptr<FieldClass> make_user_fields(const StateView& view);
std::unique_ptr<FieldClass> make_group_fields(const StateView& view);
std::unique_ptr<FieldClass> make_container_fields(const StateView& view,
                                                  const EvtFieldClass& clock);
std::unique_ptr<FieldClass> make_k8s_fields(const StateView& view);

}  // namespace lanner::fields
