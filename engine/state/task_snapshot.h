// The description of a task that clone*/fork/vfork/execve* records and
// threadinfo records carry (docs/events.md), read into one shape so the
// tracker applies them with the same code. Views point into the record.
#pragma once

#include <cstdint>
#include <optional>

#include "event/event.h"
#include "state/record_fields.h"
#include "state/thread_table.h"

namespace lanner::state {

struct TaskSnapshot {
    std::optional<int64_t> tid, pid, ptid, pgid, sid, vtid, vpid, vpgid;
    std::optional<uint32_t> uid, gid, loginuid, tty, exe_flags;
    std::optional<uint64_t> cap_inheritable, cap_permitted, cap_effective;
    std::optional<uint64_t> exe_ino, exe_ino_ctime, exe_ino_mtime;
    std::optional<uint64_t> start_ts, pidns_init_start_ts, fdlimit;
    Text exe, args, env, cwd, comm, cgroups, exepath, container_id;
};

// clone, clone3, fork, vfork, execve, execveat (the shared snapshot prefix,
// plus env and exe flags for the exec family).
TaskSnapshot read_task_snapshot(const Event& ev) noexcept;
// threadinfo (state section).
TaskSnapshot read_threadinfo(const Event& ev) noexcept;

// Per-thread values: vtid, effective ids, capabilities, comm.
void apply_thread_fields(Thread& t, const TaskSnapshot& s);
// Per-process values: image (exe, args, env, exe path, flags and inode),
// identity (session, group, tty, login uid, namespace ids), start times and
// fd limit. Not the parent, cgroups or cwd: those need the tables.
void apply_process_fields(Process& p, const TaskSnapshot& s);
// What a forked child has of its parent before its own record arrives:
// the image and identity (not pid, parent, vpid, fds or container).
void copy_process_fields(Process& to, const Process& from);

}  // namespace lanner::state
