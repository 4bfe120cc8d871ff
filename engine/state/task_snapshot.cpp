#include "state/task_snapshot.h"

namespace lanner::state {

// The snapshot is the same parameter prefix in every process event.
#define LN_SAME_INDEX(name)                                           \
    static_assert(+LN_P_EXECVE_##name == +LN_P_CLONE_##name &&        \
                      +LN_P_EXECVE_##name == +LN_P_EXECVEAT_##name && \
                      +LN_P_EXECVE_##name == +LN_P_CLONE3_##name &&   \
                      +LN_P_EXECVE_##name == +LN_P_FORK_##name &&     \
                      +LN_P_EXECVE_##name == +LN_P_VFORK_##name,      \
                  "snapshot parameter " #name " differs between process events")
LN_SAME_INDEX(EXE);
LN_SAME_INDEX(ARGS);
LN_SAME_INDEX(TID);
LN_SAME_INDEX(PID);
LN_SAME_INDEX(PTID);
LN_SAME_INDEX(CWD);
LN_SAME_INDEX(FDLIMIT);
LN_SAME_INDEX(COMM);
LN_SAME_INDEX(CGROUPS);
LN_SAME_INDEX(TTY);
LN_SAME_INDEX(PGID);
LN_SAME_INDEX(SID);
LN_SAME_INDEX(LOGINUID);
LN_SAME_INDEX(UID);
LN_SAME_INDEX(GID);
LN_SAME_INDEX(VTID);
LN_SAME_INDEX(VPID);
LN_SAME_INDEX(VPGID);
LN_SAME_INDEX(CAP_INHERITABLE);
LN_SAME_INDEX(CAP_PERMITTED);
LN_SAME_INDEX(CAP_EFFECTIVE);
LN_SAME_INDEX(EXE_INO);
LN_SAME_INDEX(EXE_INO_CTIME);
LN_SAME_INDEX(EXE_INO_MTIME);
LN_SAME_INDEX(TRUSTED_EXEPATH);
LN_SAME_INDEX(PIDNS_INIT_START_TS);
LN_SAME_INDEX(START_TS);
#undef LN_SAME_INDEX
static_assert(+LN_P_EXECVE_ENV == +LN_P_EXECVEAT_ENV && +LN_P_EXECVE_FLAGS == +LN_P_EXECVEAT_FLAGS);

TaskSnapshot read_task_snapshot(const Event& ev) noexcept {
    TaskSnapshot s;
    s.exe = text_param(ev, LN_P_EXECVE_EXE);
    s.args = list_param(ev, LN_P_EXECVE_ARGS);
    s.tid = s64_param(ev, LN_P_EXECVE_TID);
    s.pid = s64_param(ev, LN_P_EXECVE_PID);
    s.ptid = s64_param(ev, LN_P_EXECVE_PTID);
    s.cwd = text_param(ev, LN_P_EXECVE_CWD);
    s.fdlimit = u64_param(ev, LN_P_EXECVE_FDLIMIT);
    s.comm = text_param(ev, LN_P_EXECVE_COMM);
    s.cgroups = list_param(ev, LN_P_EXECVE_CGROUPS);
    s.tty = u32_param(ev, LN_P_EXECVE_TTY);
    s.pgid = s64_param(ev, LN_P_EXECVE_PGID);
    s.sid = s64_param(ev, LN_P_EXECVE_SID);
    s.loginuid = u32_param(ev, LN_P_EXECVE_LOGINUID);
    s.uid = u32_param(ev, LN_P_EXECVE_UID);
    s.gid = u32_param(ev, LN_P_EXECVE_GID);
    s.vtid = s64_param(ev, LN_P_EXECVE_VTID);
    s.vpid = s64_param(ev, LN_P_EXECVE_VPID);
    s.vpgid = s64_param(ev, LN_P_EXECVE_VPGID);
    s.cap_inheritable = u64_param(ev, LN_P_EXECVE_CAP_INHERITABLE);
    s.cap_permitted = u64_param(ev, LN_P_EXECVE_CAP_PERMITTED);
    s.cap_effective = u64_param(ev, LN_P_EXECVE_CAP_EFFECTIVE);
    s.exe_ino = u64_param(ev, LN_P_EXECVE_EXE_INO);
    s.exe_ino_ctime = u64_param(ev, LN_P_EXECVE_EXE_INO_CTIME);
    s.exe_ino_mtime = u64_param(ev, LN_P_EXECVE_EXE_INO_MTIME);
    s.exepath = text_param(ev, LN_P_EXECVE_TRUSTED_EXEPATH);
    s.pidns_init_start_ts = u64_param(ev, LN_P_EXECVE_PIDNS_INIT_START_TS);
    s.start_ts = u64_param(ev, LN_P_EXECVE_START_TS);
    if (ev.type() == LN_EVT_EXECVE || ev.type() == LN_EVT_EXECVEAT) {
        s.env = list_param(ev, LN_P_EXECVE_ENV);
        s.exe_flags = u32_param(ev, LN_P_EXECVE_FLAGS);
    }
    return s;
}

TaskSnapshot read_threadinfo(const Event& ev) noexcept {
    TaskSnapshot s;
    s.tid = s64_param(ev, LN_P_THREADINFO_TID);
    s.pid = s64_param(ev, LN_P_THREADINFO_PID);
    s.ptid = s64_param(ev, LN_P_THREADINFO_PTID);
    s.comm = text_param(ev, LN_P_THREADINFO_COMM);
    s.exe = text_param(ev, LN_P_THREADINFO_EXE);
    s.args = list_param(ev, LN_P_THREADINFO_ARGS);
    s.cwd = text_param(ev, LN_P_THREADINFO_CWD);
    s.env = list_param(ev, LN_P_THREADINFO_ENV);
    s.uid = u32_param(ev, LN_P_THREADINFO_UID);
    s.gid = u32_param(ev, LN_P_THREADINFO_GID);
    s.loginuid = u32_param(ev, LN_P_THREADINFO_LOGINUID);
    s.cgroups = list_param(ev, LN_P_THREADINFO_CGROUPS);
    s.container_id = text_param(ev, LN_P_THREADINFO_CONTAINER_ID);
    s.tty = u32_param(ev, LN_P_THREADINFO_TTY);
    s.pgid = s64_param(ev, LN_P_THREADINFO_PGID);
    s.sid = s64_param(ev, LN_P_THREADINFO_SID);
    s.vtid = s64_param(ev, LN_P_THREADINFO_VTID);
    s.vpid = s64_param(ev, LN_P_THREADINFO_VPID);
    s.vpgid = s64_param(ev, LN_P_THREADINFO_VPGID);
    s.exe_flags = u32_param(ev, LN_P_THREADINFO_EXE_FLAGS);
    s.cap_inheritable = u64_param(ev, LN_P_THREADINFO_CAP_INHERITABLE);
    s.cap_permitted = u64_param(ev, LN_P_THREADINFO_CAP_PERMITTED);
    s.cap_effective = u64_param(ev, LN_P_THREADINFO_CAP_EFFECTIVE);
    s.exe_ino = u64_param(ev, LN_P_THREADINFO_EXE_INO);
    s.exe_ino_ctime = u64_param(ev, LN_P_THREADINFO_EXE_INO_CTIME);
    s.exe_ino_mtime = u64_param(ev, LN_P_THREADINFO_EXE_INO_MTIME);
    s.exepath = text_param(ev, LN_P_THREADINFO_TRUSTED_EXEPATH);
    s.start_ts = u64_param(ev, LN_P_THREADINFO_START_TS);
    s.pidns_init_start_ts = u64_param(ev, LN_P_THREADINFO_PIDNS_INIT_START_TS);
    s.fdlimit = u64_param(ev, LN_P_THREADINFO_FDLIMIT);
    return s;
}

namespace {

void assign_text(std::string& dst, const Text& t) {
    if (t.present && std::string_view(dst) != t.value) dst.assign(t.value);
}

template <typename T, typename U>
void assign(T& dst, const std::optional<U>& v) {
    if (v) dst = static_cast<T>(*v);
}

}  // namespace

void apply_thread_fields(Thread& t, const TaskSnapshot& s) {
    assign(t.vtid, s.vtid);
    assign(t.uid, s.uid);
    assign(t.gid, s.gid);
    assign(t.cap_inheritable, s.cap_inheritable);
    assign(t.cap_permitted, s.cap_permitted);
    assign(t.cap_effective, s.cap_effective);
    assign_text(t.comm, s.comm);
}

void apply_process_fields(Process& p, const TaskSnapshot& s) {
    assign_text(p.exe, s.exe);
    assign_text(p.args, s.args);
    assign_text(p.env, s.env);
    assign_text(p.exepath, s.exepath);
    assign(p.pgid, s.pgid);
    assign(p.sid, s.sid);
    assign(p.vpid, s.vpid);
    assign(p.vpgid, s.vpgid);
    assign(p.tty, s.tty);
    assign(p.loginuid, s.loginuid);
    assign(p.exe_flags, s.exe_flags);
    assign(p.exe_ino, s.exe_ino);
    assign(p.exe_ino_ctime, s.exe_ino_ctime);
    assign(p.exe_ino_mtime, s.exe_ino_mtime);
    assign(p.start_ts, s.start_ts);
    assign(p.pidns_init_start_ts, s.pidns_init_start_ts);
    assign(p.fdlimit, s.fdlimit);
    if (s.exe.present || s.args.present || s.exepath.present) p.partial = false;
}

void copy_process_fields(Process& to, const Process& from) {
    to.exe = from.exe;
    to.exepath = from.exepath;
    to.args = from.args;
    to.env = from.env;
    to.comm = from.comm;
    to.pgid = from.pgid;
    to.vpgid = from.vpgid;
    to.sid = from.sid;
    to.tty = from.tty;
    to.loginuid = from.loginuid;
    to.exe_flags = from.exe_flags;
    to.exe_ino = from.exe_ino;
    to.exe_ino_ctime = from.exe_ino_ctime;
    to.exe_ino_mtime = from.exe_ino_mtime;
    to.pidns_init_start_ts = from.pidns_init_start_ts;
    to.fdlimit = from.fdlimit;
    to.partial = from.partial;
}

}  // namespace lanner::state
