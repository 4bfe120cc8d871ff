// The engine's view of the processes, threads, fds, users and containers of
// the traced machine, kept up to date from the record stream.
//
// Ordering for the rule engine: on_event(ev) applies what the event creates
// or replaces before it returns (the new fd of an open, the new image of an
// exec, the child of a clone, changed credentials), and defers what it
// removes (the fd of a close or close_range, the thread of a procexit) until
// the next on_event() or flush(). So rules evaluated on the returned context
// see fd.name of the file being opened and of the file being closed, the new
// image after execve, and the exiting process on procexit.
//
// Seeding: the threadinfo/fdinfo/userinfo/groupinfo records of a capture's
// state section, or of the /proc scan at live start (ProcScanner), go through
// on_event() like any other record.
//
// Reconciling a live start: capture begins before /proc is scanned, so
// records from before and during the scan reach the tracker after the
// scanned state. Each scanned thread, process and fd table remembers the time
// it was read (the record's timestamp); a record older than the state it
// would change is stale (the scan already reflects it or something newer)
// and changes nothing: it is counted, and its context still shows the
// current state. A procexit is only stale when older than the process's
// start (a previous holder of the pid); otherwise the thread is gone however
// old the scan. Live records carry later timestamps and are never stale.
//
// Memory is bounded (see ThreadTable and FdTable for the eviction policies).
// Steady-state handling allocates nothing: entries, tables and their string
// buffers are pooled and reused.
//
// Not thread-safe: one engine loop owns the tracker.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"
#include "state/container_id.h"
#include "state/fd_table.h"
#include "state/thread_table.h"
#include "state/users.h"

namespace lanner::state {

struct StateConfig {
    size_t max_threads = 262144;
    size_t max_fds_per_process = 65536;
    // Host user and group databases loaded at start; empty: none. A
    // capture's userinfo/groupinfo records replace them.
    std::string passwd_path = "/etc/passwd";
    std::string group_path = "/etc/group";
};

struct StateCounters {
    uint64_t events = 0;
    uint64_t threads_created = 0;
    uint64_t threads_removed = 0;
    uint64_t threads_evicted = 0;
    uint64_t processes_created = 0;
    uint64_t processes_removed = 0;
    // Threads first seen in a record that does not describe them fully
    // (created from the header's tid/pid, or from a snapshot in place of
    // their clone), and procexits of threads never seen.
    uint64_t unknown_threads = 0;
    // Sockets first seen in connect/bind/send/recv on an fd the table lacked.
    uint64_t unknown_fds = 0;
    uint64_t fd_evictions = 0;
    // Records older than the scanned state they would have changed.
    uint64_t stale_records = 0;
    // Records missing a value the state needs (result, fd, pid); ignored.
    uint64_t malformed_records = 0;
    size_t threads = 0;  // current sizes
    size_t processes = 0;
    size_t containers = 0;
};

// What field extractors read for one event. Pointers stay valid until the
// next on_event() or flush(); the tracker owns everything.
struct EventContext {
    const Thread* thread = nullptr;    // the thread the record came from
    const Process* process = nullptr;  // its process
    // The fd the event is about: the new fd of fd-creating calls (open*,
    // socket, accept*, dup*, pipe's first end, ...), the fd argument of calls
    // on an fd (close, connect, bind, sendto, fchmod, ...). nullptr when the
    // event has none or the fd is unknown; fd_num is the number either way
    // (-1 without one).
    const FdInfo* fd = nullptr;
    int64_t fd_num = -1;
    // The event gave an existing socket a new name (fd.name_changed): a
    // connect or bind, or a datagram to or from a new peer.
    bool fd_name_changed = false;
};

class StateTracker {
  public:
    explicit StateTracker(const StateConfig& config = {});
    ~StateTracker();
    StateTracker(const StateTracker&) = delete;
    StateTracker& operator=(const StateTracker&) = delete;

    // Applies one record (syscall or meta) and returns its context.
    EventContext on_event(const Event& ev);
    // Applies the removals deferred by the last event (end of a stream).
    void flush();

    // Lookups for field extractors.
    const Thread* thread(int64_t tid) const noexcept { return table_.find_thread(tid); }
    const Process* process(int64_t pid) const noexcept { return table_.find_process(pid); }
    const FdInfo* fd(const Process& p, int64_t fd) const noexcept { return p.fds->find(fd); }
    const Process* parent(const Process& p) const noexcept { return table_.parent(p); }
    // n-th ancestor (proc.aname[n], proc.apid[n]); 1 is the parent.
    const Process* ancestor(const Process& p, unsigned n) const noexcept {
        return table_.ancestor(p, n);
    }
    // f(const Process& ancestor, unsigned depth) -> bool (false stops).
    template <typename F>
    void for_each_ancestor(const Process& p, F&& f) const {
        table_.for_each_ancestor(p, std::forward<F>(f));
    }
    const UserInfo* user(uint32_t uid) const noexcept { return users_.find(uid); }
    const GroupInfo* group(uint32_t gid) const noexcept { return groups_.find(gid); }
    // By full or 12-digit id ("host" for the host).
    const ContainerInfo* container(std::string_view id) const noexcept {
        return containers_.find(id);
    }
    // Writes into `out` (cleared first) the absolute, normalised form of a
    // path argument of thread `t`: relative paths are taken against the
    // directory fd `dirfd` (its name) or, for AT_FDCWD, the thread's cwd.
    // False when the path is relative and that base is unknown.
    bool absolute_path(const Thread& t, int64_t dirfd, std::string_view path,
                       std::string& out) const;

    // What a container runtime reported about a container (by full or
    // 12-digit id); false when no tracked process is inside it.
    bool set_container_metadata(std::string_view id, ContainerMetadata meta) {
        return containers_.set_metadata(id, std::move(meta));
    }

    const ThreadTable& threads() const noexcept { return table_; }
    const UserTable& users() const noexcept { return users_; }
    const GroupTable& groups() const noexcept { return groups_; }
    StateCounters counters() const noexcept;

  private:
    struct PendingClose {
        FdTable* table;  // holds a reference until applied
        int64_t lo, hi;
    };

    void apply_pending();
    Thread* unknown_thread(const Event& ev);
    void dispatch(const Event& ev, Thread* t);
    void set_context_fd(int64_t fd);
    bool stale(const Event& ev, uint64_t scan_ts);

    // process_events.cpp
    void on_clone(const Event& ev, Thread* t);
    Thread* clone_child_record(const Event& ev, Thread* existing, uint32_t flags);
    void clone_parent_record(const Event& ev, Thread* caller, int64_t child_tid, uint32_t flags);
    void on_exec(const Event& ev, Thread* t);
    void on_procexit(const Event& ev, Thread* t);
    void on_credentials(const Event& ev, Thread* t);
    void on_cwd(const Event& ev, Thread* t);
    void on_session(const Event& ev, Thread* t);
    void on_prctl(const Event& ev, Thread* t);
    void inherit_fds(Process* child, Process* from, uint32_t flags);
    void set_cgroups(Process* p, std::string_view cgroups, const Process* like);
    bool recently_exited(int64_t tid) const noexcept;
    void remember_exit(int64_t tid) noexcept;

    // fd_events.cpp
    void on_open(const Event& ev, Thread* t);
    void on_socket(const Event& ev, Thread* t);
    void on_connect(const Event& ev, Thread* t);
    void on_accept(const Event& ev, Thread* t);
    void on_bind(const Event& ev, Thread* t);
    void on_listen(const Event& ev, Thread* t);
    void on_getsockopt(const Event& ev, Thread* t);
    void on_transfer(const Event& ev, Thread* t);
    void on_dup(const Event& ev, Thread* t);
    void on_fcntl(const Event& ev, Thread* t);
    void on_pipe(const Event& ev, Thread* t);
    void on_socketpair(const Event& ev, Thread* t);
    void on_anon_fd(const Event& ev, Thread* t);
    void on_memfd(const Event& ev, Thread* t);
    void on_pidfd_getfd(const Event& ev, Thread* t);
    void on_close(const Event& ev, Thread* t);
    void on_close_range(const Event& ev, Thread* t);
    FdInfo* socket_for(Thread* t, int64_t fd, uint8_t family);
    // Names a socket after its tuple, noting in the context when that changes it.
    void rename_fd(FdInfo* f, const FdTuple& tuple, std::string_view unix_path);
    void dup_into(FdTable& fds, int64_t oldfd, int64_t newfd, bool cloexec);

    // meta_events.cpp
    void on_threadinfo(const Event& ev);
    void on_fdinfo(const Event& ev);
    void on_userinfo(const Event& ev);
    void on_groupinfo(const Event& ev);

    // Declared first: destroyed last, after every table that returns entries to it.
    FdTableEnv fd_env_;
    ContainerTable containers_;
    ThreadTable table_;
    UserTable users_;
    GroupTable groups_;
    StateCounters counters_;

    EventContext ctx_;
    Thread* current_ = nullptr;
    std::vector<PendingClose> pending_closes_;
    int64_t pending_exit_tid_ = -1;
    int64_t pending_exit_reaper_ = 0;
    std::array<int64_t, 256> exited_{};  // ring of recently exited tids
    size_t exited_next_ = 0;
    std::string path_scratch_;
};

}  // namespace lanner::state
