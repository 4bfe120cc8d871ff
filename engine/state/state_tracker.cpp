// The tracker's event loop: deferred removals, the event's thread, dispatch
// by event type, and the fd the event is about. Handlers live in
// process_events.cpp, fd_events.cpp and meta_events.cpp.
#include "state/state_tracker.h"

#include <fcntl.h>

#include "common/log.h"
#include "state/event_fd.h"
#include "state/path.h"
#include "state/record_fields.h"

namespace lanner::state {

StateTracker::StateTracker(const StateConfig& config)
    : table_(config.max_threads, fd_env_, containers_) {
    fd_env_.max_fds = config.max_fds_per_process == 0 ? 1 : config.max_fds_per_process;
    pending_closes_.reserve(16);
    exited_.fill(-1);
    if (!config.passwd_path.empty()) {
        const LoadReport r = users_.load_passwd(config.passwd_path);
        if (!r.opened)
            log::warn("state: cannot read users from {}", config.passwd_path);
        else if (r.malformed != 0)
            log::warn("state: {}: {} malformed lines skipped", config.passwd_path, r.malformed);
    }
    if (!config.group_path.empty()) {
        const LoadReport r = groups_.load_group(config.group_path);
        if (!r.opened)
            log::warn("state: cannot read groups from {}", config.group_path);
        else if (r.malformed != 0)
            log::warn("state: {}: {} malformed lines skipped", config.group_path, r.malformed);
    }
}

StateTracker::~StateTracker() {
    flush();
}

void StateTracker::flush() {
    apply_pending();
}

void StateTracker::apply_pending() {
    for (const PendingClose& c : pending_closes_) {
        if (c.lo == c.hi)
            c.table->remove(c.lo);
        else
            c.table->remove_range(c.lo, c.hi);
        table_.release_fd_table(c.table);
    }
    pending_closes_.clear();
    if (pending_exit_tid_ >= 0) {
        if (Thread* t = table_.find_thread(pending_exit_tid_)) {
            int64_t reaper = pending_exit_reaper_;
            if (const Thread* r = reaper > 0 ? table_.find_thread(reaper) : nullptr)
                reaper = r->process->pid;
            table_.remove_exited_thread(t, reaper);
            remember_exit(pending_exit_tid_);
        }
        pending_exit_tid_ = -1;
    }
}

void StateTracker::remember_exit(int64_t tid) noexcept {
    exited_[exited_next_] = tid;
    exited_next_ = (exited_next_ + 1) % exited_.size();
}

bool StateTracker::recently_exited(int64_t tid) const noexcept {
    for (int64_t t : exited_)
        if (t == tid) return true;
    return false;
}

bool StateTracker::stale(const Event& ev, uint64_t scan_ts) {
    if (ev.ts() >= scan_ts) return false;
    ++counters_.stale_records;
    return true;
}

EventContext StateTracker::on_event(const Event& ev) {
    apply_pending();
    table_.unpin_all();
    ctx_ = EventContext{};
    current_ = nullptr;
    ++counters_.events;

    const uint16_t type = ev.type();
    switch (type) {
        case LN_EVT_THREADINFO:
            on_threadinfo(ev);
            return ctx_;
        case LN_EVT_FDINFO:
            on_fdinfo(ev);
            return ctx_;
        case LN_EVT_USERINFO:
            on_userinfo(ev);
            return ctx_;
        case LN_EVT_GROUPINFO:
            on_groupinfo(ev);
            return ctx_;
        default:
            break;
    }
    if (type == LN_EVT_UNKNOWN || type >= LN_EVT_MAX || ev.tid() == 0) return ctx_;

    // Room for the threads this event may add (its own when unknown, and a
    // clone's child), made before any pointer is taken; the event's own
    // thread stays.
    Thread* t = table_.find_thread(ev.tid());
    table_.pin(t);
    const bool is_clone = type == LN_EVT_CLONE || type == LN_EVT_CLONE3 || type == LN_EVT_FORK ||
                          type == LN_EVT_VFORK;
    table_.make_room((t == nullptr ? 1 : 0) + (is_clone ? 1 : 0));

    switch (type) {
        case LN_EVT_CLONE:
        case LN_EVT_CLONE3:
        case LN_EVT_FORK:
        case LN_EVT_VFORK:
            on_clone(ev, t);
            break;
        case LN_EVT_EXECVE:
        case LN_EVT_EXECVEAT:
            on_exec(ev, t);
            break;
        case LN_EVT_PROCEXIT:
            on_procexit(ev, t);
            break;
        default:
            if (t == nullptr) t = unknown_thread(ev);
            current_ = t;
            dispatch(ev, t);
            break;
    }
    if (current_ != nullptr) {
        current_->last_seen = ev.ts();
        table_.touch(current_);
        ctx_.thread = current_;
        ctx_.process = current_->process;
        if (ctx_.fd == nullptr && ctx_.fd_num >= 0)
            ctx_.fd = current_->process->fds->find(ctx_.fd_num);
    }
    return ctx_;
}

Thread* StateTracker::unknown_thread(const Event& ev) {
    const int64_t tid = ev.tid();
    const int64_t pid = ev.pid() != 0 ? ev.pid() : tid;
    bool process_created = false;
    Thread* t = table_.add_thread(tid, pid, &process_created);
    ++counters_.unknown_threads;
    table_.pin(t);
    // A new thread of a known process most likely shares its siblings'
    // working directory and credentials (pthreads do).
    if (const Thread* sib = process_created ? nullptr : table_.sibling(*t)) {
        table_.share_fs(t, sib->fs);
        t->uid = sib->uid;
        t->gid = sib->gid;
        t->cap_inheritable = sib->cap_inheritable;
        t->cap_permitted = sib->cap_permitted;
        t->cap_effective = sib->cap_effective;
        t->comm = sib->comm;
    }
    return t;
}

void StateTracker::set_context_fd(int64_t fd) {
    ctx_.fd_num = fd < 0 ? -1 : fd;
}

void StateTracker::dispatch(const Event& ev, Thread* t) {
    // The default fd of the event; handlers refine it.
    const int src = event_fd_source(ev.type());
    if (src == kEventFdResult)
        set_context_fd(s64_param(ev, 0).value_or(-1));
    else if (src >= 0)
        set_context_fd(s64_param(ev, static_cast<unsigned>(src)).value_or(-1));

    switch (ev.type()) {
        case LN_EVT_OPEN:
        case LN_EVT_OPENAT:
        case LN_EVT_OPENAT2:
        case LN_EVT_CREAT:
        case LN_EVT_OPEN_BY_HANDLE_AT:
            on_open(ev, t);
            break;
        case LN_EVT_CLOSE:
            on_close(ev, t);
            break;
        case LN_EVT_CLOSE_RANGE:
            on_close_range(ev, t);
            break;
        case LN_EVT_DUP:
        case LN_EVT_DUP2:
        case LN_EVT_DUP3:
            on_dup(ev, t);
            break;
        case LN_EVT_FCNTL:
            on_fcntl(ev, t);
            break;
        case LN_EVT_PIPE:
        case LN_EVT_PIPE2:
            on_pipe(ev, t);
            break;
        case LN_EVT_SOCKET:
            on_socket(ev, t);
            break;
        case LN_EVT_SOCKETPAIR:
            on_socketpair(ev, t);
            break;
        case LN_EVT_CONNECT:
            on_connect(ev, t);
            break;
        case LN_EVT_ACCEPT:
        case LN_EVT_ACCEPT4:
            on_accept(ev, t);
            break;
        case LN_EVT_BIND:
            on_bind(ev, t);
            break;
        case LN_EVT_LISTEN:
            on_listen(ev, t);
            break;
        case LN_EVT_GETSOCKOPT:
            on_getsockopt(ev, t);
            break;
        case LN_EVT_SENDTO:
        case LN_EVT_SENDMSG:
        case LN_EVT_SENDMMSG:
        case LN_EVT_RECVFROM:
        case LN_EVT_RECVMSG:
        case LN_EVT_RECVMMSG:
            on_transfer(ev, t);
            break;
        case LN_EVT_EVENTFD:
        case LN_EVT_EVENTFD2:
        case LN_EVT_SIGNALFD:
        case LN_EVT_SIGNALFD4:
        case LN_EVT_TIMERFD_CREATE:
        case LN_EVT_EPOLL_CREATE:
        case LN_EVT_EPOLL_CREATE1:
        case LN_EVT_INOTIFY_INIT:
        case LN_EVT_INOTIFY_INIT1:
        case LN_EVT_USERFAULTFD:
        case LN_EVT_IO_URING_SETUP:
        case LN_EVT_PIDFD_OPEN:
        case LN_EVT_BPF:
            on_anon_fd(ev, t);
            break;
        case LN_EVT_MEMFD_CREATE:
            on_memfd(ev, t);
            break;
        case LN_EVT_PIDFD_GETFD:
            on_pidfd_getfd(ev, t);
            break;
        case LN_EVT_SETUID:
        case LN_EVT_SETGID:
        case LN_EVT_SETREUID:
        case LN_EVT_SETREGID:
        case LN_EVT_SETRESUID:
        case LN_EVT_SETRESGID:
        case LN_EVT_CAPSET:
            on_credentials(ev, t);
            break;
        case LN_EVT_CHDIR:
        case LN_EVT_FCHDIR:
        case LN_EVT_CHROOT:
            on_cwd(ev, t);
            break;
        case LN_EVT_SETSID:
        case LN_EVT_SETPGID:
            on_session(ev, t);
            break;
        case LN_EVT_PRCTL:
            on_prctl(ev, t);
            break;
        default:
            break;
    }
}

bool StateTracker::absolute_path(const Thread& t, int64_t dirfd, std::string_view path,
                                 std::string& out) const {
    std::string_view base;
    if (path.empty() || path.front() != '/') {
        if (dirfd == AT_FDCWD) {
            base = t.fs->cwd;
        } else if (const FdInfo* dir = t.process->fds->find(dirfd)) {
            base = dir->name;
        }
        if (base.empty() || base.front() != '/') return false;
    }
    state::resolve_path(base, path, out);
    return true;
}

StateCounters StateTracker::counters() const noexcept {
    StateCounters c = counters_;
    const ThreadTableCounters& tc = table_.counters();
    c.threads_created = tc.threads_created;
    c.threads_removed = tc.threads_removed;
    c.threads_evicted = tc.threads_evicted;
    c.processes_created = tc.processes_created;
    c.processes_removed = tc.processes_removed;
    c.fd_evictions = fd_env_.evictions;
    c.threads = table_.thread_count();
    c.processes = table_.process_count();
    c.containers = containers_.size();
    return c;
}

}  // namespace lanner::state
