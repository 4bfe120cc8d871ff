// Threads and the processes (thread groups) they belong to.
//
// A Thread is one kernel task (tid). The threads of a process share one
// Process: the image (exe, args, env, exe path and inode), identity (pid,
// parent, session, group, container, tty, login uid) and the fd table.
// Each thread has its own credentials, capabilities and comm, and points at a
// working-directory object (Fs) that threads cloned with CLONE_FS share.
//
// Parent links are pids, not pointers: a process's parent is looked up by
// ppid when walked, so records may create parents and children in any
// order. Children are also indexed by their ppid (an intrusive list per
// parent pid), so the children of an exiting process are reparented to its
// reaper in time proportional to their number.
//
// Bounded: at most max_threads threads. Adding one to a full table evicts
// the least recently active thread (exact LRU: threads sit on a list ordered
// by their latest event, moved to its end when an event comes from a
// different thread than the last one). A fork storm fills the table with
// new, active threads; what it pushes out are the threads idle the longest,
// whose next event recreates them (counted as unknown). The list costs two
// pointer updates per change of thread and makes eviction O(1); an
// approximation by random sampling was tried first and evicted recently
// active threads once most of the table was recent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "state/container_id.h"
#include "state/fd_table.h"
#include "state/flat_int_map.h"
#include "state/object_pool.h"

namespace lanner::state {

inline constexpr uint32_t kNoLoginUid = 0xffffffffU;

// Working directory and root, shared by tasks cloned with CLONE_FS.
struct Fs {
    std::string cwd;         // absolute, no trailing '/' (except "/"); empty when unknown
    std::string root = "/";  // "/" unless the task chrooted
    uint32_t refs = 0;
    void reset() noexcept {
        cwd.clear();
        root.assign(1, '/');  // (operator= of a literal trips GCC 12 -Wrestrict)
        refs = 0;
    }
};

struct Thread;

struct Process {
    int64_t pid = 0;   // thread group id (initial pid namespace)
    int64_t ppid = 0;  // parent process
    int64_t vpid = 0, pgid = 0, vpgid = 0, sid = 0;
    std::string exe;      // argv[0]
    std::string exepath;  // the kernel's path of the executable (trusted_exepath)
    std::string args;     // argv[1..], each followed by a NUL
    std::string env;      // environment entries, each followed by a NUL
    std::string comm;     // comm of the main thread
    std::string cgroups;  // "SUBSYS=PATH" entries, each followed by a NUL
    const ContainerInfo* container = nullptr;
    uint32_t tty = 0;  // kernel dev_t, 0 without a terminal
    uint32_t loginuid = kNoLoginUid;
    uint32_t exe_flags = 0;  // LN_EXE_*
    uint64_t exe_ino = 0, exe_ino_ctime = 0, exe_ino_mtime = 0;
    uint64_t start_ts = 0, pidns_init_start_ts = 0;
    uint64_t fdlimit = 0;
    FdTable* fds = nullptr;  // never null while the process is in the table
    // Created from a record header alone: image and identity are unknown.
    bool partial = true;
    // The child's clone record could not name the caller (CLONE_PARENT), so
    // the fds are inherited when the caller's record arrives.
    bool fds_pending = false;
    uint64_t scan_ts = 0;  // see StateTracker: records older than this are stale

    uint32_t nthreads = 0;
    Thread* first_thread = nullptr;

    bool in_container() const noexcept {
        return container != nullptr && container->runtime != ContainerRuntime::Host;
    }
    // argv[1..] one by one: f(std::string_view).
    template <typename F>
    void for_each_arg(F&& f) const {
        for_each_entry(args, f);
    }
    template <typename F>
    void for_each_env(F&& f) const {
        for_each_entry(env, f);
    }
    // NUL-separated entries of a list value.
    template <typename F>
    static void for_each_entry(std::string_view list, F&& f) {
        while (!list.empty()) {
            const size_t nul = list.find('\0');
            f(list.substr(0, nul));
            if (nul == std::string_view::npos) break;
            list.remove_prefix(nul + 1);
        }
    }

    void reset() noexcept;

  private:
    friend class ThreadTable;
    Process* prev_sibling_ = nullptr;  // children of the same ppid
    Process* next_sibling_ = nullptr;
    bool linked_ = false;
};

struct Thread {
    int64_t tid = 0;
    int64_t vtid = 0;
    Process* process = nullptr;  // never null while the thread is in the table
    Fs* fs = nullptr;            // never null while the thread is in the table
    uint32_t uid = 0, gid = 0;   // effective ids
    uint64_t cap_inheritable = 0, cap_permitted = 0, cap_effective = 0;
    std::string comm;
    uint64_t clone_ts = 0;   // when the thread was created (0 when it predates tracking)
    uint64_t last_seen = 0;  // time of its latest event
    uint64_t scan_ts = 0;
    // Created from the parent's clone record; the child's own record will
    // refresh it without inheriting again.
    bool awaiting_child_record = false;

    bool is_main_thread() const noexcept { return process != nullptr && tid == process->pid; }
    const std::string& cwd() const noexcept { return fs->cwd; }

    void reset() noexcept;

  private:
    friend class ThreadTable;
    Thread* prev_in_process_ = nullptr;
    Thread* next_in_process_ = nullptr;
    Thread* lru_prev_ = nullptr;  // less recently active
    Thread* lru_next_ = nullptr;  // more recently active
    bool pinned_ = false;
};

struct ThreadTableCounters {
    uint64_t threads_created = 0;
    uint64_t threads_removed = 0;  // exits (and the other threads an exec replaced)
    uint64_t threads_evicted = 0;
    uint64_t processes_created = 0;
    uint64_t processes_removed = 0;
};

class ThreadTable {
  public:
    static constexpr unsigned kMaxAncestorDepth = 128;  // stops pid-reuse cycles

    ThreadTable(size_t max_threads, FdTableEnv& fd_env, ContainerTable& containers);
    ~ThreadTable();
    ThreadTable(const ThreadTable&) = delete;
    ThreadTable& operator=(const ThreadTable&) = delete;

    Thread* find_thread(int64_t tid) noexcept {
        Thread** p = threads_.find(static_cast<uint64_t>(tid));
        return p ? *p : nullptr;
    }
    Process* find_process(int64_t pid) noexcept {
        Process** p = processes_.find(static_cast<uint64_t>(pid));
        return p ? *p : nullptr;
    }
    const Thread* find_thread(int64_t tid) const noexcept {
        return const_cast<ThreadTable*>(this)->find_thread(tid);
    }
    const Process* find_process(int64_t pid) const noexcept {
        return const_cast<ThreadTable*>(this)->find_process(pid);
    }

    // Evicts threads until `n` more fit under the limit. Called before an
    // event is handled, so no pointer taken while handling it can dangle;
    // pinned threads are never evicted. When everything sampled is pinned
    // the table grows past the limit rather than fail.
    void make_room(size_t n);
    // A new thread `tid` (with its own new Fs) in process `pid`; the process
    // is created (partial, with a new fd table and the host container) when
    // absent, and then `*process_created` is set. `tid` must not be in the
    // table. Never evicts.
    Thread* add_thread(int64_t tid, int64_t pid, bool* process_created = nullptr);
    // Moves a thread into another process (exec by a thread of a process the
    // table had wrongly, or a seeded record that corrects the pid).
    void move_thread(Thread* t, Process* to);
    // A thread exited: removes it, and its process when it was the last
    // thread, reparenting the children to `reaper_pid`.
    void remove_exited_thread(Thread* t, int64_t reaper_pid);
    // Removes a thread known to be gone without its exit record (the other
    // threads an exec replaced, a previous holder of a reused tid). Children
    // are not reparented: nothing says who the reaper is.
    void discard_thread(Thread* t);
    // Sets a process's parent, keeping the children index right.
    void set_ppid(Process* p, int64_t ppid);

    // Fs and fd tables, reference counted.
    Fs* new_fs();
    void release_fs(Fs* fs) noexcept;
    // Makes a thread use `fs` (shared: CLONE_FS), dropping its own.
    void share_fs(Thread* t, Fs* fs) noexcept;
    FdTable* new_fd_table();
    FdTable* share_fd_table(FdTable* t) noexcept;
    void release_fd_table(FdTable* t) noexcept;
    // Gives a process its own copy of its fd table when it is shared.
    void unshare_fd_table(Process* p);
    // Replaces a process's container reference.
    void set_container(Process* p, const ContainerInfo* c) noexcept;

    // Marks a thread as the most recently active (called for each event).
    void touch(Thread* t) noexcept {
        if (t != lru_newest_) {
            lru_unlink(t);
            lru_append(t);
        }
    }
    // Threads referenced by the event being handled must survive eviction.
    void pin(Thread* t) noexcept;
    void unpin_all() noexcept;

    // Ancestry. parent() is nullptr for a process whose parent is unknown
    // or which has none (pid 1, kernel threads' parent 0).
    const Process* parent(const Process& p) const noexcept;
    // The n-th ancestor (1 = parent), nullptr when the chain is shorter.
    const Process* ancestor(const Process& p, unsigned n) const noexcept;
    // Calls f(const Process& ancestor, unsigned depth) from the parent
    // upwards until f returns false or the chain ends.
    template <typename F>
    void for_each_ancestor(const Process& p, F&& f) const {
        const Process* cur = &p;
        for (unsigned depth = 1; depth <= kMaxAncestorDepth; ++depth) {
            cur = parent(*cur);
            if (cur == nullptr || !f(*cur, depth)) return;
        }
    }
    // Calls f(Process&) for each known child of `pid`.
    template <typename F>
    void for_each_child(int64_t pid, F&& f) {
        Process* const* head = children_.find(static_cast<uint64_t>(pid));
        for (Process* c = head ? *head : nullptr; c != nullptr;) {
            Process* next = c->next_sibling_;
            f(*c);
            c = next;
        }
    }
    // Another thread of t's process, or nullptr.
    Thread* sibling(const Thread& t) noexcept {
        Thread* first = t.process->first_thread;
        return first != &t ? first : t.next_in_process_;
    }
    // Calls f(Thread&) for each thread of a process.
    template <typename F>
    void for_each_thread(Process& p, F&& f) {
        for (Thread* t = p.first_thread; t != nullptr;) {
            Thread* next = t->next_in_process_;
            f(*t);
            t = next;
        }
    }
    // Every thread, in no particular order.
    template <typename F>
    void for_each_thread(F&& f) const {
        threads_.for_each([&](uint64_t, Thread* const& t) { f(static_cast<const Thread&>(*t)); });
    }

    size_t thread_count() const noexcept { return threads_.size(); }
    size_t process_count() const noexcept { return processes_.size(); }
    size_t max_threads() const noexcept { return max_threads_; }
    const ThreadTableCounters& counters() const noexcept { return counters_; }

  private:
    void remove_thread(Thread* t);
    void remove_process(Process* p);
    void link_child(Process* p);
    void unlink_child(Process* p);
    void attach_thread(Thread* t, Process* p) noexcept;
    void detach_thread(Thread* t) noexcept;
    bool evict_one();
    void lru_unlink(Thread* t) noexcept;
    void lru_append(Thread* t) noexcept;

    size_t max_threads_;
    FdTableEnv& fd_env_;
    ContainerTable& containers_;
    FlatIntMap<Thread*> threads_;
    FlatIntMap<Process*> processes_;
    FlatIntMap<Process*> children_;  // ppid -> first child
    ObjectPool<Thread> thread_pool_{1024};
    ObjectPool<Process> process_pool_{1024};
    ObjectPool<Fs> fs_pool_{1024};
    ObjectPool<FdTable> fd_table_pool_{1024};
    Thread* pinned_[4] = {};
    unsigned npinned_ = 0;
    Thread* lru_oldest_ = nullptr;
    Thread* lru_newest_ = nullptr;
    ThreadTableCounters counters_;
};

}  // namespace lanner::state
