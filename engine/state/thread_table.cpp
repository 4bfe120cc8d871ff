#include "state/thread_table.h"

namespace lanner::state {

void Process::reset() noexcept {
    pid = ppid = vpid = pgid = vpgid = sid = 0;
    exe.clear();
    exepath.clear();
    args.clear();
    env.clear();
    comm.clear();
    cgroups.clear();
    container = nullptr;
    tty = 0;
    loginuid = kNoLoginUid;
    exe_flags = 0;
    exe_ino = exe_ino_ctime = exe_ino_mtime = 0;
    start_ts = pidns_init_start_ts = 0;
    fdlimit = 0;
    fds = nullptr;
    partial = true;
    fds_pending = false;
    scan_ts = 0;
    nthreads = 0;
    first_thread = nullptr;
    prev_sibling_ = next_sibling_ = nullptr;
    linked_ = false;
}

void Thread::reset() noexcept {
    tid = vtid = 0;
    process = nullptr;
    fs = nullptr;
    uid = gid = 0;
    cap_inheritable = cap_permitted = cap_effective = 0;
    comm.clear();
    clone_ts = last_seen = scan_ts = 0;
    awaiting_child_record = false;
    prev_in_process_ = next_in_process_ = nullptr;
    lru_prev_ = lru_next_ = nullptr;
    pinned_ = false;
}

ThreadTable::ThreadTable(size_t max_threads, FdTableEnv& fd_env, ContainerTable& containers)
    : max_threads_(max_threads == 0 ? 1 : max_threads), fd_env_(fd_env), containers_(containers) {}

ThreadTable::~ThreadTable() {
    // Release every live object so the pools and the fd env see them back.
    std::vector<Thread*> all;
    threads_.for_each([&](uint64_t, Thread*& t) { all.push_back(t); });
    for (Thread* t : all) remove_thread(t);
    std::vector<Process*> rest;  // processes without threads (none expected)
    processes_.for_each([&](uint64_t, Process*& p) { rest.push_back(p); });
    for (Process* p : rest) remove_process(p);
}

void ThreadTable::make_room(size_t n) {
    while (threads_.size() + n > max_threads_ && !threads_.empty())
        if (!evict_one()) return;
}

Thread* ThreadTable::add_thread(int64_t tid, int64_t pid, bool* process_created) {
    Process* p = find_process(pid);
    if (process_created != nullptr) *process_created = (p == nullptr);
    if (p == nullptr) {
        p = process_pool_.acquire();
        p->pid = pid;
        p->fds = new_fd_table();
        p->container = containers_.host();
        processes_.put(static_cast<uint64_t>(pid), p);
        ++counters_.processes_created;
    }
    Thread* t = thread_pool_.acquire();
    t->tid = tid;
    t->fs = new_fs();
    threads_.put(static_cast<uint64_t>(tid), t);
    attach_thread(t, p);
    lru_append(t);
    ++counters_.threads_created;
    return t;
}

void ThreadTable::attach_thread(Thread* t, Process* p) noexcept {
    t->process = p;
    t->prev_in_process_ = nullptr;
    t->next_in_process_ = p->first_thread;
    if (p->first_thread != nullptr) p->first_thread->prev_in_process_ = t;
    p->first_thread = t;
    ++p->nthreads;
}

void ThreadTable::detach_thread(Thread* t) noexcept {
    Process* p = t->process;
    if (t->prev_in_process_ != nullptr)
        t->prev_in_process_->next_in_process_ = t->next_in_process_;
    else
        p->first_thread = t->next_in_process_;
    if (t->next_in_process_ != nullptr) t->next_in_process_->prev_in_process_ = t->prev_in_process_;
    t->prev_in_process_ = t->next_in_process_ = nullptr;
    --p->nthreads;
    t->process = nullptr;
}

void ThreadTable::move_thread(Thread* t, Process* to) {
    Process* from = t->process;
    if (from == to) return;
    detach_thread(t);
    attach_thread(t, to);
    if (from->nthreads == 0) remove_process(from);
}

void ThreadTable::remove_thread(Thread* t) {
    if (t->pinned_) {
        for (unsigned i = 0; i < npinned_; ++i) {
            if (pinned_[i] == t) {
                pinned_[i] = pinned_[--npinned_];
                break;
            }
        }
    }
    threads_.erase(static_cast<uint64_t>(t->tid));
    lru_unlink(t);
    Process* p = t->process;
    detach_thread(t);
    release_fs(t->fs);
    t->fs = nullptr;
    thread_pool_.release(t);
    if (p->nthreads == 0) remove_process(p);
}

void ThreadTable::remove_exited_thread(Thread* t, int64_t reaper_pid) {
    Process* p = t->process;
    if (p->nthreads == 1) {
        // The process ends: its children now belong to the reaper.
        const int64_t pid = p->pid;
        const int64_t new_parent = (reaper_pid > 0 && reaper_pid != pid) ? reaper_pid : 1;
        for_each_child(pid, [&](Process& c) { set_ppid(&c, new_parent); });
    }
    remove_thread(t);
    ++counters_.threads_removed;
}

void ThreadTable::discard_thread(Thread* t) {
    remove_thread(t);
    ++counters_.threads_removed;
}

void ThreadTable::remove_process(Process* p) {
    unlink_child(p);
    processes_.erase(static_cast<uint64_t>(p->pid));
    release_fd_table(p->fds);
    containers_.release(p->container);
    process_pool_.release(p);
    ++counters_.processes_removed;
}

void ThreadTable::set_ppid(Process* p, int64_t ppid) {
    if (p->linked_ && p->ppid == ppid) return;
    unlink_child(p);
    p->ppid = ppid;
    link_child(p);
}

void ThreadTable::link_child(Process* p) {
    if (p->ppid <= 0 || p->ppid == p->pid) return;
    Process** head = children_.find(static_cast<uint64_t>(p->ppid));
    p->prev_sibling_ = nullptr;
    p->next_sibling_ = head ? *head : nullptr;
    if (p->next_sibling_ != nullptr) p->next_sibling_->prev_sibling_ = p;
    children_.put(static_cast<uint64_t>(p->ppid), p);
    p->linked_ = true;
}

void ThreadTable::unlink_child(Process* p) {
    if (!p->linked_) return;
    if (p->prev_sibling_ != nullptr) {
        p->prev_sibling_->next_sibling_ = p->next_sibling_;
    } else if (p->next_sibling_ != nullptr) {
        children_.put(static_cast<uint64_t>(p->ppid), p->next_sibling_);
    } else {
        children_.erase(static_cast<uint64_t>(p->ppid));
    }
    if (p->next_sibling_ != nullptr) p->next_sibling_->prev_sibling_ = p->prev_sibling_;
    p->prev_sibling_ = p->next_sibling_ = nullptr;
    p->linked_ = false;
}

Fs* ThreadTable::new_fs() {
    Fs* fs = fs_pool_.acquire();
    fs->refs = 1;
    return fs;
}

void ThreadTable::share_fs(Thread* t, Fs* fs) noexcept {
    if (t->fs == fs) return;
    ++fs->refs;
    release_fs(t->fs);
    t->fs = fs;
}

void ThreadTable::release_fs(Fs* fs) noexcept {
    if (fs != nullptr && --fs->refs == 0) fs_pool_.release(fs);
}

FdTable* ThreadTable::new_fd_table() {
    FdTable* t = fd_table_pool_.acquire();
    t->attach(&fd_env_);
    t->refs = 1;
    return t;
}

FdTable* ThreadTable::share_fd_table(FdTable* t) noexcept {
    ++t->refs;
    return t;
}

void ThreadTable::release_fd_table(FdTable* t) noexcept {
    if (t != nullptr && --t->refs == 0) fd_table_pool_.release(t);
}

void ThreadTable::unshare_fd_table(Process* p) {
    if (p->fds->refs <= 1) return;
    FdTable* own = new_fd_table();
    own->copy_from(*p->fds);
    release_fd_table(p->fds);
    p->fds = own;
}

void ThreadTable::set_container(Process* p, const ContainerInfo* c) noexcept {
    if (p->container == c) {
        containers_.release(c);  // the caller's reference is not needed twice
        return;
    }
    containers_.release(p->container);
    p->container = c;
}

void ThreadTable::pin(Thread* t) noexcept {
    if (t == nullptr || t->pinned_ || npinned_ == std::size(pinned_)) return;
    t->pinned_ = true;
    pinned_[npinned_++] = t;
}

void ThreadTable::unpin_all() noexcept {
    for (unsigned i = 0; i < npinned_; ++i) pinned_[i]->pinned_ = false;
    npinned_ = 0;
}

void ThreadTable::lru_unlink(Thread* t) noexcept {
    if (t->lru_prev_ != nullptr)
        t->lru_prev_->lru_next_ = t->lru_next_;
    else if (lru_oldest_ == t)
        lru_oldest_ = t->lru_next_;
    if (t->lru_next_ != nullptr)
        t->lru_next_->lru_prev_ = t->lru_prev_;
    else if (lru_newest_ == t)
        lru_newest_ = t->lru_prev_;
    t->lru_prev_ = t->lru_next_ = nullptr;
}

void ThreadTable::lru_append(Thread* t) noexcept {
    t->lru_prev_ = lru_newest_;
    t->lru_next_ = nullptr;
    if (lru_newest_ != nullptr)
        lru_newest_->lru_next_ = t;
    else
        lru_oldest_ = t;
    lru_newest_ = t;
}

bool ThreadTable::evict_one() {
    Thread* victim = lru_oldest_;
    while (victim != nullptr && victim->pinned_) victim = victim->lru_next_;
    if (victim == nullptr) return false;  // everything is pinned
    // An evicted process is not dead: its children keep their ppid, and it
    // is found again (as unknown) when it next shows up.
    remove_thread(victim);
    ++counters_.threads_evicted;
    return true;
}

const Process* ThreadTable::parent(const Process& p) const noexcept {
    if (p.ppid <= 0 || p.ppid == p.pid) return nullptr;
    return find_process(p.ppid);
}

const Process* ThreadTable::ancestor(const Process& p, unsigned n) const noexcept {
    const Process* cur = &p;
    for (unsigned i = 0; i < n && cur != nullptr && i < kMaxAncestorDepth; ++i) cur = parent(*cur);
    return n == 0 ? &p : cur;
}

}  // namespace lanner::state
