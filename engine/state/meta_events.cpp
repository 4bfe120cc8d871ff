// The state section's records: threadinfo (one thread), fdinfo (one open
// fd), userinfo and groupinfo. They describe the state at the time in their
// header, which later records are reconciled against (state_tracker.h).
#include <algorithm>

#include "state/state_tracker.h"
#include "state/task_snapshot.h"

namespace lanner::state {

void StateTracker::on_threadinfo(const Event& ev) {
    const TaskSnapshot s = read_threadinfo(ev);
    if (!s.tid || *s.tid <= 0) {
        ++counters_.malformed_records;
        return;
    }
    const int64_t tid = *s.tid;
    const int64_t pid = s.pid && *s.pid > 0 ? *s.pid : tid;
    Thread* t = table_.find_thread(tid);
    if (t != nullptr && t->process->pid != pid) {
        table_.discard_thread(t);  // the record knows better
        t = nullptr;
    }
    table_.pin(t);
    table_.make_room(1);
    bool process_created = false;
    if (t == nullptr) t = table_.add_thread(tid, pid, &process_created);
    table_.pin(t);
    Process* p = t->process;

    apply_thread_fields(*t, s);
    // The main thread's record describes the process; another thread's
    // only when nothing better is known yet.
    if (t->is_main_thread() || process_created || p->partial) {
        apply_process_fields(*p, s);
        if (s.comm.present) p->comm.assign(s.comm.value);
        if (s.ptid) table_.set_ppid(p, *s.ptid);
        if (s.cgroups.present && !s.cgroups.value.empty()) {
            set_cgroups(p, s.cgroups.value, nullptr);
        } else if (s.container_id.present && !s.container_id.value.empty()) {
            p->cgroups.clear();
            table_.set_container(p, containers_.acquire_id(s.container_id.value));
        }
        p->partial = false;
    }
    // Threads of a process normally share their working directory (CLONE_FS).
    if (s.cwd.present) {
        const Thread* sib = table_.sibling(*t);
        if (sib != nullptr && sib->fs->cwd == s.cwd.value)
            table_.share_fs(t, sib->fs);
        else
            t->fs->cwd.assign(s.cwd.value);
    }
    t->scan_ts = ev.ts();
    t->last_seen = ev.ts();
    table_.touch(t);
    p->scan_ts = std::max(p->scan_ts, ev.ts());
    p->fds->scan_ts = std::max(p->fds->scan_ts, ev.ts());
    ctx_.thread = t;
    ctx_.process = p;
}

void StateTracker::on_fdinfo(const Event& ev) {
    const int64_t pid = s64_param(ev, LN_P_FDINFO_PID).value_or(-1);
    const int64_t fd = s64_param(ev, LN_P_FDINFO_FD).value_or(-1);
    Process* p = table_.find_process(pid);
    if (p == nullptr || fd < 0) {
        ++counters_.malformed_records;  // fds come after their process's threadinfo
        return;
    }
    FdTable& fds = *p->fds;
    FdInfo* f = fds.create(fd);
    const int32_t type = s32_param(ev, LN_P_FDINFO_TYPE).value_or(LN_FD_UNKNOWN);
    f->type = (type >= 0 && type < LN_FD_TYPE_MAX) ? static_cast<ln_fd_type>(type) : LN_FD_UNKNOWN;
    f->open_flags = u32_param(ev, LN_P_FDINFO_FLAGS).value_or(0);
    f->ino = u64_param(ev, LN_P_FDINFO_INO).value_or(0);
    f->dev = u32_param(ev, LN_P_FDINFO_DEV).value_or(0);
    f->l4proto = static_cast<uint8_t>(s32_param(ev, LN_P_FDINFO_L4PROTO).value_or(0));
    const uint8_t role = u8_param(ev, LN_P_FDINFO_ROLE).value_or(0);
    f->role = role <= 2 ? static_cast<FdRole>(role) : FdRole::None;

    std::string_view unix_path;
    const bool have_tuple = parse_socktuple(ev.param(LN_P_FDINFO_TUPLE).str(), f->tuple, unix_path);
    if (!have_tuple) f->tuple = FdTuple{};
    if (have_tuple && f->type == LN_FD_IPV6_SOCK && f->tuple.family == LN_AF_INET)
        f->type = LN_FD_IPV4_SOCK;
    const Text name = text_param(ev, LN_P_FDINFO_NAME);
    if (name.present && !name.value.empty())
        f->name.assign(name.value);
    else if (have_tuple)
        format_socket_name(f->tuple, unix_path, f->name);
    if (have_tuple && f->role != FdRole::None) f->sock_state = SocketState::Connected;

    fds.scan_ts = std::max(fds.scan_ts, ev.ts());
    ctx_.thread = p->first_thread;
    ctx_.process = p;
    ctx_.fd = f;
    ctx_.fd_num = fd;
}

void StateTracker::on_userinfo(const Event& ev) {
    UserInfo u;
    const auto uid = u32_param(ev, LN_P_USERINFO_UID);
    if (!uid) {
        ++counters_.malformed_records;
        return;
    }
    u.uid = *uid;
    u.gid = u32_param(ev, LN_P_USERINFO_GID).value_or(0);
    u.name = text_param(ev, LN_P_USERINFO_NAME).value;
    u.home = text_param(ev, LN_P_USERINFO_HOMEDIR).value;
    u.shell = text_param(ev, LN_P_USERINFO_SHELL).value;
    users_.apply_record(u);
}

void StateTracker::on_groupinfo(const Event& ev) {
    GroupInfo g;
    const auto gid = u32_param(ev, LN_P_GROUPINFO_GID);
    if (!gid) {
        ++counters_.malformed_records;
        return;
    }
    g.gid = *gid;
    g.name = text_param(ev, LN_P_GROUPINFO_NAME).value;
    groups_.apply_record(g);
}

}  // namespace lanner::state
