// Converts a process's /proc/PID/cgroup into the record encoding of
// docs/driver-semantics.md: one "SUBSYS=PATH" entry (NUL-terminated) per
// cgroup subsystem the task has a css for, in the kernel's subsystem order,
// PATH being that css's cgroup.
//
// Subsystems and their order come from <proc>/cgroups. A subsystem bound to
// a v1 hierarchy takes that hierarchy's path. On the v2 (default)
// hierarchy a task's css for a controller belongs to the nearest ancestor
// (or itself) whose parent enables the controller in cgroup.subtree_control;
// the encoder walks up the v2 mount to find it. perf_event is implicit on v2
// (every cgroup has it); a controller v2 does not offer has only the root
// css ("/"). Without a readable v2 mount the task's own v2 path is used.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lanner::state {

class CgroupEncoder {
  public:
    // `cgroup2_root`: the v2 hierarchy's mount point; "" when none is known.
    CgroupEncoder(const std::string& proc_root, std::string cgroup2_root);
    // Appends the entries for one /proc/PID/cgroup text to `out`.
    void encode(std::string_view proc_pid_cgroup, std::string& out);

    // The v2 mount point found in a mountinfo text, or "".
    static std::string find_cgroup2_mount(std::string_view mountinfo);

  private:
    struct Subsys {
        std::string name;
        int hierarchy = 0;
    };
    std::string effective_v2_path(const std::string& controller, std::string_view path);
    bool enabled_below(std::string_view cgroup, const std::string& controller);

    std::vector<Subsys> subsystems_;  // enabled, in kernel order
    std::string cgroup2_root_;
    std::unordered_set<std::string> v2_controllers_;
    std::unordered_map<std::string, std::string> subtree_control_;  // cache per cgroup
};

}  // namespace lanner::state
