// Process lifecycle and identity: clone/fork/vfork, execve, procexit,
// credentials, working directory, session and name.
//
// Clone semantics. A clone yields two records (docs/driver-semantics.md):
// the parent's (res = child tid) and the child's (res = 0, the child's full
// snapshot), in either order. Whichever comes first creates the child:
//  - child record first: the child gets its snapshot; its fds come from the
//    process it was cloned from (the parent process, or its own process for
//    CLONE_THREAD), shared with CLONE_FILES, copied otherwise. With
//    CLONE_PARENT the record names the caller's parent, not the caller, so
//    the fds wait for the caller's record.
//  - parent record first: the child is built from the caller (image, ids,
//    credentials, fds, cwd) and marked as awaiting its own record, which then
//    refreshes it without inheriting again.
// A parent record whose child already exited (its exit was seen first) does
// not resurrect it. A caller inside a pid namespace gets the child's pid in
// that namespace as res, which does not name the child here, so only the
// child's record creates it.
// CLONE_THREAD children join the caller's process. CLONE_FILES shares the fd
// table between processes as the kernel does (changes by either are seen by
// both until an exec or close_range(CLOSE_RANGE_UNSHARE) unshares it);
// CLONE_FS shares the working directory and root the same way.
#include <linux/sched.h>
#include <sys/prctl.h>

#include <algorithm>

#include "state/path.h"
#include "state/state_tracker.h"
#include "state/task_snapshot.h"

namespace lanner::state {

static_assert(+LN_P_CLONE_FLAGS == +LN_P_CLONE3_FLAGS && +LN_P_CLONE_FLAGS == +LN_P_FORK_FLAGS &&
              +LN_P_CLONE_FLAGS == +LN_P_VFORK_FLAGS);

namespace {

constexpr uint32_t kUnchangedId = 0xffffffffU;
constexpr size_t kCommMax = 15;  // TASK_COMM_LEN - 1

uint64_t scan_ts_of(const Thread& t) {
    return std::max(t.scan_ts, t.process->scan_ts);
}

}  // namespace

void StateTracker::set_cgroups(Process* p, std::string_view cgroups, const Process* like) {
    if (p->cgroups == cgroups && p->container != nullptr) return;
    p->cgroups.assign(cgroups);
    const ContainerInfo* c = (like != nullptr && like != p && like->cgroups == cgroups)
                                 ? containers_.share(like->container)
                                 : containers_.acquire(match_cgroups(cgroups));
    table_.set_container(p, c);
}

void StateTracker::inherit_fds(Process* child, Process* from, uint32_t flags) {
    if (child->fds == from->fds) return;
    if (flags & CLONE_FILES) {
        table_.release_fd_table(child->fds);
        child->fds = table_.share_fd_table(from->fds);
    } else {
        child->fds->copy_from(*from->fds);
    }
}

void StateTracker::on_clone(const Event& ev, Thread* t) {
    const auto res = s64_param(ev, 0);
    if (!res) {
        ++counters_.malformed_records;
        current_ = t != nullptr ? t : unknown_thread(ev);
        return;
    }
    const uint32_t flags = u32_param(ev, LN_P_CLONE_FLAGS)
                               .value_or(ev.type() == LN_EVT_VFORK ? CLONE_VFORK | CLONE_VM : 0);
    if (*res == 0) {
        current_ = clone_child_record(ev, t, flags);
        return;
    }
    // The caller's record: its snapshot describes the caller.
    TaskSnapshot s = read_task_snapshot(ev);
    Thread* caller = t;
    if (caller == nullptr || !stale(ev, scan_ts_of(*caller))) {
        if (caller == nullptr) caller = unknown_thread(ev);
        Process* p = caller->process;
        // A known caller keeps the command line and environment its exec gave
        // it, as Falco does. The snapshot reads them from the program's own
        // memory, which programs rewrite (busybox awk cuts its program text
        // into NUL-terminated tokens in place, setproctitle): refreshed at
        // each fork, proc.cmdline would change at an arbitrary moment.
        if (!p->partial) s.exe.present = s.args.present = s.env.present = false;
        apply_process_fields(*p, s);
        apply_thread_fields(*caller, s);
        if (caller->is_main_thread() && s.comm.present) p->comm.assign(s.comm.value);
        if (s.cwd.present) caller->fs->cwd.assign(s.cwd.value);
        if (s.ptid) table_.set_ppid(p, *s.ptid);
        if (s.cgroups.present) set_cgroups(p, s.cgroups.value, nullptr);
    }
    current_ = caller;
    if (*res > 0) clone_parent_record(ev, caller, *res, flags);
}

Thread* StateTracker::clone_child_record(const Event& ev, Thread* existing, uint32_t flags) {
    const TaskSnapshot s = read_task_snapshot(ev);
    const int64_t tid = ev.tid();
    const int64_t pid = s.pid.value_or(ev.pid() != 0 ? ev.pid() : tid);
    if (existing != nullptr) {
        if (stale(ev, scan_ts_of(*existing))) return existing;
        if (existing->awaiting_child_record) {
            existing->awaiting_child_record = false;
            Process* p = existing->process;
            if (existing->is_main_thread()) {
                apply_process_fields(*p, s);
                if (s.comm.present) p->comm.assign(s.comm.value);
                if (s.ptid) table_.set_ppid(p, *s.ptid);
                if (s.cgroups.present) set_cgroups(p, s.cgroups.value, nullptr);
            }
            apply_thread_fields(*existing, s);
            if (s.cwd.present) existing->fs->cwd.assign(s.cwd.value);
            return existing;
        }
        // A previous holder of this tid whose exit record was lost.
        table_.discard_thread(existing);
    }
    const bool is_thread = (flags & CLONE_THREAD) != 0;
    if (!is_thread) {
        // Likewise a process still holding the new process's pid is stale.
        if (Process* old = table_.find_process(pid))
            table_.for_each_thread(*old, [&](Thread& o) { table_.discard_thread(&o); });
    }

    bool created = false;
    Thread* child = table_.add_thread(tid, pid, &created);
    table_.pin(child);
    child->clone_ts = ev.ts();
    Process* p = child->process;
    // Where the child came from: its own process for a thread, else the
    // parent process (unknown to this record under CLONE_PARENT).
    Process* source = nullptr;
    if (is_thread)
        source = created ? nullptr : p;
    else if (!(flags & CLONE_PARENT) && s.ptid)
        source = table_.find_process(*s.ptid);

    if (created) {
        if (source != nullptr) copy_process_fields(*p, *source);
        apply_process_fields(*p, s);
        if (s.comm.present) p->comm.assign(s.comm.value);
        if (s.ptid) table_.set_ppid(p, *s.ptid);
        if (s.cgroups.present) set_cgroups(p, s.cgroups.value, source);
        if (source != nullptr)
            inherit_fds(p, source, flags);
        else if (!is_thread)
            p->fds_pending = true;
    }
    apply_thread_fields(*child, s);

    const Thread* fs_owner = nullptr;
    if (source != nullptr) fs_owner = is_thread ? table_.sibling(*child) : source->first_thread;
    if ((flags & CLONE_FS) && fs_owner != nullptr) {
        table_.share_fs(child, fs_owner->fs);
    } else if (fs_owner != nullptr) {
        child->fs->cwd = fs_owner->fs->cwd;
        child->fs->root = fs_owner->fs->root;
    }
    if (s.cwd.present) child->fs->cwd.assign(s.cwd.value);
    return child;
}

void StateTracker::clone_parent_record(const Event& ev, Thread* caller, int64_t child_tid,
                                       uint32_t flags) {
    // In a pid namespace res is the child's pid there, not its tid here.
    if (caller->vtid != 0 && caller->vtid != caller->tid) return;
    if (Thread* child = table_.find_thread(child_tid)) {
        Process* cp = child->process;
        if (cp->fds_pending && cp != caller->process) {
            inherit_fds(cp, caller->process, flags);
            cp->fds_pending = false;
        }
        return;
    }
    if (recently_exited(child_tid)) return;

    const bool is_thread = (flags & CLONE_THREAD) != 0;
    Process* from = caller->process;
    if (!is_thread) {
        if (Process* old = table_.find_process(child_tid))
            table_.for_each_thread(*old, [&](Thread& o) { table_.discard_thread(&o); });
    }
    bool created = false;
    Thread* child = table_.add_thread(child_tid, is_thread ? from->pid : child_tid, &created);
    table_.pin(child);
    Process* p = child->process;
    if (created) {
        copy_process_fields(*p, *from);
        p->start_ts = ev.ts();  // until the child's record says exactly
        p->cgroups = from->cgroups;
        table_.set_container(p, containers_.share(from->container));
        table_.set_ppid(p, (flags & CLONE_PARENT) ? from->ppid : from->pid);
        inherit_fds(p, from, flags);
    }
    child->uid = caller->uid;
    child->gid = caller->gid;
    child->cap_inheritable = caller->cap_inheritable;
    child->cap_permitted = caller->cap_permitted;
    child->cap_effective = caller->cap_effective;
    child->comm = caller->comm;
    if (flags & CLONE_FS) {
        table_.share_fs(child, caller->fs);
    } else {
        child->fs->cwd = caller->fs->cwd;
        child->fs->root = caller->fs->root;
    }
    child->clone_ts = ev.ts();
    child->awaiting_child_record = true;
}

void StateTracker::on_exec(const Event& ev, Thread* t) {
    const auto res = s64_param(ev, 0);
    if (!res || *res != 0) {
        // A failed exec changes nothing.
        if (!res) ++counters_.malformed_records;
        current_ = t != nullptr ? t : unknown_thread(ev);
        return;
    }
    const TaskSnapshot s = read_task_snapshot(ev);
    const int64_t pid = s.pid.value_or(ev.pid() != 0 ? ev.pid() : ev.tid());
    if (t != nullptr && stale(ev, scan_ts_of(*t))) {
        current_ = t;
        return;
    }
    if (t != nullptr && t->process->pid != pid) {
        // The table had this tid in another process: start it afresh.
        table_.discard_thread(t);
        t = nullptr;
    }
    if (t == nullptr) {
        bool created = false;
        t = table_.add_thread(ev.tid(), pid, &created);
        table_.pin(t);
        // A known process gaining this tid is a non-leader thread's exec
        // taking over the leader's tid; anything else was never seen.
        if (created) ++counters_.unknown_threads;
    }
    Process* p = t->process;
    apply_process_fields(*p, s);
    apply_thread_fields(*t, s);
    if (s.comm.present) p->comm.assign(s.comm.value);
    if (s.ptid) table_.set_ppid(p, *s.ptid);
    if (s.cgroups.present) set_cgroups(p, s.cgroups.value, p);
    if (s.cwd.present) t->fs->cwd.assign(s.cwd.value);
    // The kernel killed the other threads before the new image started.
    table_.for_each_thread(*p, [&](Thread& o) {
        if (&o != t) table_.discard_thread(&o);
    });
    // exec unshares the fd table, then closes the close-on-exec fds.
    table_.unshare_fd_table(p);
    p->fds->close_on_exec();
    current_ = t;
}

void StateTracker::on_procexit(const Event& ev, Thread* t) {
    if (t == nullptr) {
        // Remembered anyway, so a late parent clone record does not create it.
        ++counters_.unknown_threads;
        remember_exit(ev.tid());
        return;
    }
    current_ = t;
    // Older than the process: the exit of a previous holder of the tid.
    if (t->process->start_ts != 0 && ev.ts() < t->process->start_ts) {
        ++counters_.stale_records;
        return;
    }
    pending_exit_tid_ = t->tid;
    pending_exit_reaper_ = s64_param(ev, LN_P_PROCEXIT_REAPER_TID).value_or(0);
}

void StateTracker::on_credentials(const Event& ev, Thread* t) {
    if (s64_param(ev, 0).value_or(-1) != 0 || stale(ev, t->scan_ts)) return;
    // The kernel's capability rules for uid changes (cap_emulate_setxuid):
    // leaving euid 0 clears the effective set, entering it restores it from
    // the permitted set; a setuid that leaves root entirely clears both.
    const auto set_euid = [&](uint32_t euid, bool all_ids) {
        if (euid == kUnchangedId) return;
        if (t->uid == 0 && euid != 0) {
            t->cap_effective = 0;
            if (all_ids) t->cap_permitted = 0;
        } else if (t->uid != 0 && euid == 0) {
            t->cap_effective = t->cap_permitted;
        }
        t->uid = euid;
    };
    const auto set_egid = [&](uint32_t egid) {
        if (egid != kUnchangedId) t->gid = egid;
    };
    switch (ev.type()) {
        case LN_EVT_SETUID: {
            const uint32_t uid = u32_param(ev, LN_P_SETUID_UID).value_or(kUnchangedId);
            // A privileged setuid sets the real, effective and saved ids.
            set_euid(uid, t->uid == 0);
            break;
        }
        case LN_EVT_SETREUID:
            set_euid(u32_param(ev, LN_P_SETREUID_EUID).value_or(kUnchangedId), false);
            break;
        case LN_EVT_SETRESUID:
            set_euid(u32_param(ev, LN_P_SETRESUID_EUID).value_or(kUnchangedId), false);
            break;
        case LN_EVT_SETGID:
            set_egid(u32_param(ev, LN_P_SETGID_GID).value_or(kUnchangedId));
            break;
        case LN_EVT_SETREGID:
            set_egid(u32_param(ev, LN_P_SETREGID_EGID).value_or(kUnchangedId));
            break;
        case LN_EVT_SETRESGID:
            set_egid(u32_param(ev, LN_P_SETRESGID_EGID).value_or(kUnchangedId));
            break;
        case LN_EVT_CAPSET:
            t->cap_inheritable =
                u64_param(ev, LN_P_CAPSET_CAP_INHERITABLE).value_or(t->cap_inheritable);
            t->cap_permitted = u64_param(ev, LN_P_CAPSET_CAP_PERMITTED).value_or(t->cap_permitted);
            t->cap_effective = u64_param(ev, LN_P_CAPSET_CAP_EFFECTIVE).value_or(t->cap_effective);
            break;
        default:
            break;
    }
}

void StateTracker::on_cwd(const Event& ev, Thread* t) {
    if (s64_param(ev, 0).value_or(-1) != 0 || stale(ev, scan_ts_of(*t))) return;
    Fs& fs = *t->fs;
    switch (ev.type()) {
        case LN_EVT_CHDIR: {
            const Text path = text_param(ev, LN_P_CHDIR_PATH);
            if (!path.present) return;
            resolve_path(fs.cwd, path.value, path_scratch_);
            fs.cwd.assign(path_scratch_);
            break;
        }
        case LN_EVT_FCHDIR: {
            const FdInfo* f = t->process->fds->find(s64_param(ev, LN_P_FCHDIR_FD).value_or(-1));
            if (f != nullptr && (f->type == LN_FD_DIRECTORY || f->type == LN_FD_FILE))
                fs.cwd.assign(f->name);
            break;
        }
        case LN_EVT_CHROOT: {
            const Text path = text_param(ev, LN_P_CHROOT_PATH);
            if (!path.present) return;
            resolve_path(fs.cwd, path.value, path_scratch_);
            fs.root.assign(path_scratch_);
            break;
        }
        default:
            break;
    }
}

void StateTracker::on_session(const Event& ev, Thread* t) {
    const int64_t res = s64_param(ev, 0).value_or(-1);
    Process* p = t->process;
    if (res < 0 || stale(ev, p->scan_ts)) return;
    const bool in_pidns = t->vtid != 0 && t->vtid != t->tid;
    if (ev.type() == LN_EVT_SETSID) {
        // A new session and process group led by the caller, without a terminal.
        p->sid = p->pid;
        p->pgid = p->pid;
        p->vpgid = p->vpid;
        p->tty = 0;
        return;
    }
    if (res != 0) return;
    // setpgid(pid, pgid): ids are in the caller's pid namespace.
    const int64_t pid_arg = s64_param(ev, LN_P_SETPGID_PID).value_or(0);
    const int64_t pgid_arg = s64_param(ev, LN_P_SETPGID_PGID).value_or(0);
    Process* target = nullptr;
    if (pid_arg == 0 || (in_pidns ? pid_arg == p->vpid : pid_arg == p->pid))
        target = p;
    else if (!in_pidns)
        target = table_.find_process(pid_arg);
    if (target == nullptr) return;
    if (pgid_arg == 0 || (in_pidns ? pgid_arg == target->vpid : pgid_arg == target->pid)) {
        target->pgid = target->pid;
        target->vpgid = target->vpid;
    } else if (!in_pidns) {
        target->pgid = pgid_arg;
        target->vpgid = pgid_arg;
    } else {
        target->vpgid = pgid_arg;  // the global id of another group is not known here
    }
}

void StateTracker::on_prctl(const Event& ev, Thread* t) {
    if (s64_param(ev, 0).value_or(-1) != 0 || stale(ev, t->scan_ts)) return;
    if (s32_param(ev, LN_P_PRCTL_OPTION).value_or(-1) != PR_SET_NAME) return;
    const Text name = text_param(ev, LN_P_PRCTL_ARG2_STR);
    if (!name.present) return;
    const std::string_view comm = name.value.substr(0, kCommMax);
    t->comm.assign(comm);
    if (t->is_main_thread()) t->process->comm.assign(comm);
}

}  // namespace lanner::state
