// File-descriptor tracking: every call that creates, duplicates, names or
// closes an fd. Failed calls change nothing (close failing with EINTR still
// closes: Linux always releases the fd).
//
// Names follow Falco's fd.name: files by their absolute path (resolved
// against the dirfd's name or the cwd); sockets by their connection
// ("cip:cport->sip:sport", "sip:sport" when only bound) or, for unix
// sockets, "source->peer path"; kernel objects without a path by the name the
// kernel gives them in /proc/PID/fd ("pipe:[INO]", "anon_inode:[eventfd]",
// "memfd:NAME"), so an fd reads the same whether the /proc scan or an event
// created it.
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/close_range.h>
#include <linux/memfd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "state/path.h"
#include "state/record_fields.h"
#include "state/state_tracker.h"

namespace lanner::state {

namespace {

constexpr int64_t kAtFdCwd = AT_FDCWD;
constexpr uint32_t kStatusFlags = O_APPEND | O_ASYNC | O_DIRECT | O_NOATIME | O_NONBLOCK;

ln_fd_type socket_type_of(uint8_t family) {
    switch (family) {
        case LN_AF_INET:
            return LN_FD_IPV4_SOCK;
        case LN_AF_INET6:
            return LN_FD_IPV6_SOCK;
        case LN_AF_UNIX:
            return LN_FD_UNIX_SOCK;
        default:
            return LN_FD_OTHER_SOCK;
    }
}

uint8_t l4proto_of(int32_t domain, uint32_t type, uint32_t proto) {
    if (domain != AF_INET && domain != AF_INET6) return 0;
    if (proto != 0) return static_cast<uint8_t>(proto);
    switch (type & 0xf) {
        case SOCK_STREAM:
            return IPPROTO_TCP;
        case SOCK_DGRAM:
            return IPPROTO_UDP;
        case SOCK_RAW:
            return IPPROTO_RAW;
        default:
            return 0;
    }
}

// SOCK_NONBLOCK / SOCK_CLOEXEC as open flags.
uint32_t socket_open_flags(uint32_t type) {
    return ((type & SOCK_NONBLOCK) ? O_NONBLOCK : 0) | ((type & SOCK_CLOEXEC) ? O_CLOEXEC : 0);
}

// Name and closing flags of the anonymous-inode fds.
struct AnonKind {
    ln_fd_type type;
    std::string_view name;
    bool always_cloexec;
};

AnonKind anon_kind(uint16_t event, int32_t bpf_cmd) {
    switch (event) {
        case LN_EVT_EVENTFD:
        case LN_EVT_EVENTFD2:
            return {LN_FD_EVENT, "anon_inode:[eventfd]", false};
        case LN_EVT_SIGNALFD:
        case LN_EVT_SIGNALFD4:
            return {LN_FD_SIGNALFD, "anon_inode:[signalfd]", false};
        case LN_EVT_TIMERFD_CREATE:
            return {LN_FD_TIMERFD, "anon_inode:[timerfd]", false};
        case LN_EVT_EPOLL_CREATE:
        case LN_EVT_EPOLL_CREATE1:
            return {LN_FD_EVENTPOLL, "anon_inode:[eventpoll]", false};
        case LN_EVT_INOTIFY_INIT:
        case LN_EVT_INOTIFY_INIT1:
            return {LN_FD_INOTIFY, "anon_inode:inotify", false};
        case LN_EVT_USERFAULTFD:
            return {LN_FD_USERFAULTFD, "anon_inode:[userfaultfd]", false};
        case LN_EVT_IO_URING_SETUP:
            return {LN_FD_IO_URING, "anon_inode:[io_uring]", true};
        case LN_EVT_PIDFD_OPEN:
            return {LN_FD_PIDFD, "anon_inode:[pidfd]", true};
        case LN_EVT_BPF:
            switch (bpf_cmd) {
                case BPF_MAP_CREATE:
                case BPF_MAP_GET_FD_BY_ID:
                    return {LN_FD_BPF, "anon_inode:bpf-map", true};
                case BPF_PROG_LOAD:
                case BPF_PROG_GET_FD_BY_ID:
                    return {LN_FD_BPF, "anon_inode:bpf-prog", true};
                case BPF_LINK_CREATE:
                case BPF_LINK_GET_FD_BY_ID:
                case BPF_RAW_TRACEPOINT_OPEN:
                    return {LN_FD_BPF, "anon_inode:bpf_link", true};
                case BPF_BTF_LOAD:
                case BPF_BTF_GET_FD_BY_ID:
                    return {LN_FD_BPF, "anon_inode:btf", true};
                case BPF_OBJ_GET:
                    return {LN_FD_BPF, "anon_inode:bpf", true};
                case BPF_ITER_CREATE:
                    return {LN_FD_BPF, "anon_inode:bpf_iter", true};
                default:
                    return {LN_FD_UNKNOWN, {}, false};  // returns no fd
            }
        default:
            return {LN_FD_UNKNOWN, {}, false};
    }
}

// Parameter index a or b (the generated indices are distinct enum types).
template <typename A, typename B>
constexpr unsigned pick(bool first, A a, B b) {
    return first ? static_cast<unsigned>(a) : static_cast<unsigned>(b);
}

// The flags parameter of the anon-fd calls, where they have one.
uint32_t anon_flags(const Event& ev) {
    int idx = -1;
    switch (ev.type()) {
        case LN_EVT_EVENTFD:
            idx = LN_P_EVENTFD_FLAGS;
            break;
        case LN_EVT_EVENTFD2:
            idx = LN_P_EVENTFD2_FLAGS;
            break;
        case LN_EVT_SIGNALFD:
            idx = LN_P_SIGNALFD_FLAGS;
            break;
        case LN_EVT_SIGNALFD4:
            idx = LN_P_SIGNALFD4_FLAGS;
            break;
        case LN_EVT_TIMERFD_CREATE:
            idx = LN_P_TIMERFD_CREATE_FLAGS;
            break;
        case LN_EVT_EPOLL_CREATE1:
            idx = LN_P_EPOLL_CREATE1_FLAGS;
            break;
        case LN_EVT_INOTIFY_INIT1:
            idx = LN_P_INOTIFY_INIT1_FLAGS;
            break;
        case LN_EVT_USERFAULTFD:
            idx = LN_P_USERFAULTFD_FLAGS;
            break;
        case LN_EVT_PIDFD_OPEN:
            idx = LN_P_PIDFD_OPEN_FLAGS;
            break;
        default:
            return 0;
    }
    // Every one of these spells close-on-exec and non-blocking as O_CLOEXEC
    // and O_NONBLOCK; their other bits mean something else.
    return u32_param(ev, static_cast<unsigned>(idx)).value_or(0) & (O_CLOEXEC | O_NONBLOCK);
}

}  // namespace

void StateTracker::on_open(const Event& ev, Thread* t) {
    const int64_t fd = s64_param(ev, 0).value_or(-1);
    if (fd < 0) return;
    FdTable& fds = *t->process->fds;
    if (stale(ev, fds.scan_ts)) return;

    int64_t dirfd = kAtFdCwd;
    Text path;
    uint32_t flags = 0;
    std::optional<uint32_t> dev;
    std::optional<uint64_t> ino;
    switch (ev.type()) {
        case LN_EVT_OPEN:
            path = text_param(ev, LN_P_OPEN_NAME);
            flags = u32_param(ev, LN_P_OPEN_FLAGS).value_or(0);
            dev = u32_param(ev, LN_P_OPEN_DEV);
            ino = u64_param(ev, LN_P_OPEN_INO);
            break;
        case LN_EVT_OPENAT:
            dirfd = s64_param(ev, LN_P_OPENAT_DIRFD).value_or(kAtFdCwd);
            path = text_param(ev, LN_P_OPENAT_NAME);
            flags = u32_param(ev, LN_P_OPENAT_FLAGS).value_or(0);
            dev = u32_param(ev, LN_P_OPENAT_DEV);
            ino = u64_param(ev, LN_P_OPENAT_INO);
            break;
        case LN_EVT_OPENAT2:
            dirfd = s64_param(ev, LN_P_OPENAT2_DIRFD).value_or(kAtFdCwd);
            path = text_param(ev, LN_P_OPENAT2_NAME);
            flags = u32_param(ev, LN_P_OPENAT2_FLAGS).value_or(0);
            dev = u32_param(ev, LN_P_OPENAT2_DEV);
            ino = u64_param(ev, LN_P_OPENAT2_INO);
            break;
        case LN_EVT_CREAT:
            path = text_param(ev, LN_P_CREAT_NAME);
            flags = O_CREAT | O_WRONLY | O_TRUNC;
            dev = u32_param(ev, LN_P_CREAT_DEV);
            ino = u64_param(ev, LN_P_CREAT_INO);
            break;
        case LN_EVT_OPEN_BY_HANDLE_AT:
            path = text_param(ev, LN_P_OPEN_BY_HANDLE_AT_PATH);  // absolute, from the new fd
            flags = u32_param(ev, LN_P_OPEN_BY_HANDLE_AT_FLAGS).value_or(0);
            break;
        default:
            return;
    }

    // Resolve before creating the entry: creating may evict the dirfd's.
    std::string_view base = t->fs->cwd;
    if (dirfd != kAtFdCwd) {
        const FdInfo* dir = fds.find(dirfd);
        base = dir != nullptr ? std::string_view(dir->name) : std::string_view();
    }
    resolve_path(base, path.value, path_scratch_);

    FdInfo* f = fds.create(fd);
    f->name.assign(path_scratch_);
    if (path.value != f->name)
        f->name_raw.assign(path.value);
    else
        f->name_raw.clear();
    // O_TMPFILE includes the O_DIRECTORY bit but makes an unnamed file.
    const bool tmpfile = (flags & O_TMPFILE) == O_TMPFILE;
    f->type = (!tmpfile && (flags & O_DIRECTORY)) ? LN_FD_DIRECTORY : LN_FD_FILE;
    f->open_flags = flags;
    f->dev = dev.value_or(0);
    f->ino = ino.value_or(0);
    ctx_.fd = f;
}

void StateTracker::rename_fd(FdInfo* f, const FdTuple& tuple, std::string_view unix_path) {
    format_socket_name(tuple, unix_path, path_scratch_);
    if (path_scratch_ == f->name) return;
    f->name.assign(path_scratch_);
    ctx_.fd_name_changed = true;
}

FdInfo* StateTracker::socket_for(Thread* t, int64_t fd, uint8_t family) {
    FdTable& fds = *t->process->fds;
    FdInfo* f = fds.edit(fd);
    if (f == nullptr) {
        if (fd < 0 || family == 0) return nullptr;
        f = fds.create(fd);
        f->type = socket_type_of(family);
        ++counters_.unknown_fds;
    }
    // An IPv6 socket talking to IPv4-mapped addresses reads as IPv4 (Falco).
    if (f->type == LN_FD_IPV6_SOCK && family == LN_AF_INET) f->type = LN_FD_IPV4_SOCK;
    // The kernel says it is a socket; an entry saying otherwise is stale.
    if (!f->is_socket() && family != 0) f->type = socket_type_of(family);
    return f;
}

void StateTracker::on_socket(const Event& ev, Thread* t) {
    const int64_t fd = s64_param(ev, 0).value_or(-1);
    FdTable& fds = *t->process->fds;
    if (fd < 0 || stale(ev, fds.scan_ts)) return;
    const int32_t domain = s32_param(ev, LN_P_SOCKET_DOMAIN).value_or(0);
    const uint32_t type = u32_param(ev, LN_P_SOCKET_TYPE).value_or(0);
    const uint32_t proto = u32_param(ev, LN_P_SOCKET_PROTO).value_or(0);
    FdInfo* f = fds.create(fd);
    switch (domain) {
        case AF_INET:
            f->type = LN_FD_IPV4_SOCK;
            break;
        case AF_INET6:
            f->type = LN_FD_IPV6_SOCK;
            break;
        case AF_UNIX:
            f->type = LN_FD_UNIX_SOCK;
            break;
        case AF_NETLINK:
            f->type = LN_FD_NETLINK;
            break;
        default:
            f->type = LN_FD_OTHER_SOCK;
            break;
    }
    f->l4proto = l4proto_of(domain, type, proto);
    f->open_flags = O_RDWR | socket_open_flags(type);
    ctx_.fd = f;
}

void StateTracker::on_connect(const Event& ev, Thread* t) {
    const int64_t res = s64_param(ev, 0).value_or(-1);
    const int64_t fd = s64_param(ev, LN_P_CONNECT_FD).value_or(-1);
    if (stale(ev, t->process->fds->scan_ts)) return;
    if (res < 0 && res != -EINPROGRESS) {
        if (FdInfo* f = t->process->fds->edit(fd)) f->sock_state = SocketState::Failed;
        return;
    }
    FdTuple tuple;
    std::string_view unix_path;
    if (!parse_socktuple(ev.param(LN_P_CONNECT_TUPLE).str(), tuple, unix_path)) {
        // No tuple (e.g. TCP fast open): the destination is the address argument.
        tuple = FdTuple{};
        InetEndpoint dest;
        if (!parse_sockaddr(ev.param(LN_P_CONNECT_ADDR).str(), tuple.family, dest, unix_path))
            return;
        tuple.server = dest;
    }
    FdInfo* f = socket_for(t, fd, tuple.family);
    if (f == nullptr) return;
    if (tuple.family == LN_AF_UNIX && unix_path.empty()) {
        InetEndpoint unused;
        uint8_t family = 0;
        parse_sockaddr(ev.param(LN_P_CONNECT_ADDR).str(), family, unused, unix_path);
    }
    f->tuple = tuple;
    rename_fd(f, tuple, unix_path);
    if (f->role == FdRole::None) f->role = FdRole::Client;
    f->sock_state = res == 0 ? SocketState::Connected : SocketState::Pending;
    ctx_.fd = f;
}

void StateTracker::on_accept(const Event& ev, Thread* t) {
    const int64_t fd = s64_param(ev, 0).value_or(-1);
    FdTable& fds = *t->process->fds;
    if (fd < 0 || stale(ev, fds.scan_ts)) return;
    const bool v4 = ev.type() == LN_EVT_ACCEPT4;
    const int64_t listen_fd =
        s64_param(ev, pick(v4, LN_P_ACCEPT4_LISTEN_FD, LN_P_ACCEPT_LISTEN_FD)).value_or(-1);
    FdTuple tuple;
    std::string_view unix_path;
    const bool have_tuple = parse_socktuple(
        ev.param(pick(v4, LN_P_ACCEPT4_TUPLE, LN_P_ACCEPT_TUPLE)).str(), tuple, unix_path);
    uint8_t l4proto = 0;
    ln_fd_type listen_type = LN_FD_UNKNOWN;
    // A unix tuple without a path takes the listening socket's bound path.
    std::string_view listen_path;
    if (const FdInfo* lf = fds.find(listen_fd)) {
        l4proto = lf->l4proto;
        listen_type = lf->type;
        if (lf->type == LN_FD_UNIX_SOCK) {
            const size_t space = lf->name.find(' ');
            listen_path = space == std::string::npos ? std::string_view(lf->name)
                                                     : std::string_view(lf->name).substr(space + 1);
        }
    }
    if (have_tuple && tuple.family == LN_AF_UNIX && unix_path.empty()) unix_path = listen_path;
    if (have_tuple)
        format_socket_name(tuple, unix_path, path_scratch_);
    else
        path_scratch_.clear();

    FdInfo* f = fds.create(fd);
    f->type = have_tuple ? socket_type_of(tuple.family)
                         : (listen_type != LN_FD_UNKNOWN ? listen_type : LN_FD_OTHER_SOCK);
    if (have_tuple) f->tuple = tuple;
    f->name.assign(path_scratch_);
    f->role = FdRole::Server;
    f->sock_state = SocketState::Connected;
    f->l4proto = l4proto != 0 ? l4proto : (f->is_inet() ? IPPROTO_TCP : 0);
    f->open_flags = O_RDWR;
    if (v4) f->open_flags |= socket_open_flags(u32_param(ev, LN_P_ACCEPT4_FLAGS).value_or(0));
    ctx_.fd = f;
}

void StateTracker::on_bind(const Event& ev, Thread* t) {
    if (s64_param(ev, 0).value_or(-1) != 0 || stale(ev, t->process->fds->scan_ts)) return;
    uint8_t family = 0;
    InetEndpoint ep;
    std::string_view unix_path;
    if (!parse_sockaddr(ev.param(LN_P_BIND_ADDR).str(), family, ep, unix_path)) return;
    FdInfo* f = socket_for(t, s64_param(ev, LN_P_BIND_FD).value_or(-1), family);
    if (f == nullptr) return;
    if (family == LN_AF_UNIX) {
        path_scratch_.assign(unix_path);
        if (!path_scratch_.empty() && path_scratch_.front() == '\0') path_scratch_.front() = '@';
        if (path_scratch_ != f->name) {
            f->name.assign(path_scratch_);
            ctx_.fd_name_changed = true;
        }
        f->role = FdRole::Server;
    } else {
        f->tuple = FdTuple{};
        f->tuple.family = family;
        f->tuple.server = ep;
        rename_fd(f, f->tuple, {});
        // Falco's rule: bound to a port means it will serve.
        if (ep.port != 0) f->role = FdRole::Server;
    }
    ctx_.fd = f;
}

void StateTracker::on_listen(const Event& ev, Thread* t) {
    if (s64_param(ev, 0).value_or(-1) != 0) return;
    if (FdInfo* f = t->process->fds->edit(s64_param(ev, LN_P_LISTEN_FD).value_or(-1)))
        f->role = FdRole::Server;
}

void StateTracker::on_getsockopt(const Event& ev, Thread* t) {
    // SO_ERROR after a non-blocking connect tells how the connection ended.
    if (s64_param(ev, 0).value_or(-1) != 0) return;
    if (s32_param(ev, LN_P_GETSOCKOPT_LEVEL).value_or(-1) != SOL_SOCKET ||
        s32_param(ev, LN_P_GETSOCKOPT_OPTNAME).value_or(-1) != SO_ERROR)
        return;
    FdInfo* f = t->process->fds->edit(s64_param(ev, LN_P_GETSOCKOPT_FD).value_or(-1));
    if (f == nullptr || !f->is_socket()) return;
    f->sock_state = s64_param(ev, LN_P_GETSOCKOPT_VAL).value_or(0) == 0 ? SocketState::Connected
                                                                        : SocketState::Failed;
}

void StateTracker::on_transfer(const Event& ev, Thread* t) {
    // Unconnected (UDP) sockets learn their peer from each message.
    unsigned fd_idx = 0, tuple_idx = 0;
    bool sending = true;
    switch (ev.type()) {
        case LN_EVT_SENDTO:
            fd_idx = LN_P_SENDTO_FD, tuple_idx = LN_P_SENDTO_TUPLE;
            break;
        case LN_EVT_SENDMSG:
            fd_idx = LN_P_SENDMSG_FD, tuple_idx = LN_P_SENDMSG_TUPLE;
            break;
        case LN_EVT_SENDMMSG:
            fd_idx = LN_P_SENDMMSG_FD, tuple_idx = LN_P_SENDMMSG_TUPLE;
            break;
        case LN_EVT_RECVFROM:
            fd_idx = LN_P_RECVFROM_FD, tuple_idx = LN_P_RECVFROM_TUPLE, sending = false;
            break;
        case LN_EVT_RECVMSG:
            fd_idx = LN_P_RECVMSG_FD, tuple_idx = LN_P_RECVMSG_TUPLE, sending = false;
            break;
        case LN_EVT_RECVMMSG:
            fd_idx = LN_P_RECVMMSG_FD, tuple_idx = LN_P_RECVMMSG_TUPLE, sending = false;
            break;
        default:
            return;
    }
    if (s64_param(ev, 0).value_or(-1) < 0 || stale(ev, t->process->fds->scan_ts)) return;
    FdTuple got;
    std::string_view unix_path;
    if (!parse_socktuple(ev.param(tuple_idx).str(), got, unix_path)) return;
    // Records give (local, remote) when sending and (remote, local) when
    // receiving; names keep the fd's role: a client shows local->remote.
    const auto oriented_for = [&](FdRole role) {
        FdTuple o = got;
        if (sending != (role == FdRole::Client)) {
            std::swap(o.client, o.server);
            std::swap(o.unix_source, o.unix_peer);
        }
        return o;
    };
    const int64_t fd = s64_param(ev, fd_idx).value_or(-1);
    // A connected socket's messages tell nothing new: leave its entry alone
    // (untouched, a table sharing its entries after a fork is not copied).
    if (const FdInfo* seen = t->process->fds->find(fd);
        seen != nullptr && seen->is_socket() && seen->role != FdRole::None &&
        !(seen->type == LN_FD_IPV6_SOCK && got.family == LN_AF_INET) &&
        oriented_for(seen->role) == seen->tuple)
        return;
    FdInfo* f = socket_for(t, fd, got.family);
    if (f == nullptr || !f->is_socket()) return;
    if (f->role == FdRole::None) f->role = sending ? FdRole::Client : FdRole::Server;
    const FdTuple oriented = oriented_for(f->role);
    if (oriented == f->tuple) return;  // a connected socket: nothing new
    f->tuple = oriented;
    rename_fd(f, oriented, unix_path);
    ctx_.fd = f;
}

void StateTracker::dup_into(FdTable& fds, int64_t oldfd, int64_t newfd, bool cloexec) {
    if (newfd < 0 || oldfd == newfd) return;
    const FdInfo* old = fds.find(oldfd);
    if (old == nullptr) {
        fds.remove(newfd);  // newfd now refers to something unknown
        return;
    }
    FdInfo* f = fds.create(newfd, oldfd);
    f->copy_from(*old);
    if (cloexec)
        f->open_flags |= O_CLOEXEC;
    else
        f->open_flags &= ~static_cast<uint32_t>(O_CLOEXEC);
    ctx_.fd = f;
}

void StateTracker::on_dup(const Event& ev, Thread* t) {
    const int64_t res = s64_param(ev, 0).value_or(-1);
    FdTable& fds = *t->process->fds;
    if (res < 0 || stale(ev, fds.scan_ts)) return;
    switch (ev.type()) {
        case LN_EVT_DUP:
            dup_into(fds, s64_param(ev, LN_P_DUP_OLDFD).value_or(-1), res, false);
            break;
        case LN_EVT_DUP2:
            dup_into(fds, s64_param(ev, LN_P_DUP2_OLDFD).value_or(-1), res, false);
            break;
        case LN_EVT_DUP3: {
            const uint32_t flags = u32_param(ev, LN_P_DUP3_FLAGS).value_or(0);
            dup_into(fds, s64_param(ev, LN_P_DUP3_OLDFD).value_or(-1), res, flags & O_CLOEXEC);
            break;
        }
        default:
            break;
    }
}

void StateTracker::on_fcntl(const Event& ev, Thread* t) {
    const int64_t res = s64_param(ev, 0).value_or(-1);
    FdTable& fds = *t->process->fds;
    if (res < 0 || stale(ev, fds.scan_ts)) return;
    const int64_t fd = s64_param(ev, LN_P_FCNTL_FD).value_or(-1);
    const int32_t cmd = s32_param(ev, LN_P_FCNTL_CMD).value_or(-1);
    const uint64_t arg = u64_param(ev, LN_P_FCNTL_ARG).value_or(0);
    switch (cmd) {
        case F_DUPFD:
        case F_DUPFD_CLOEXEC:
            set_context_fd(res);
            dup_into(fds, fd, res, cmd == F_DUPFD_CLOEXEC);
            break;
        case F_SETFD:
            if (FdInfo* f = fds.edit(fd)) {
                if (arg & FD_CLOEXEC)
                    f->open_flags |= O_CLOEXEC;
                else
                    f->open_flags &= ~static_cast<uint32_t>(O_CLOEXEC);
            }
            break;
        case F_SETFL:
            if (FdInfo* f = fds.edit(fd))
                f->open_flags = (f->open_flags & ~kStatusFlags) | (arg & kStatusFlags);
            break;
        default:
            break;
    }
}

void StateTracker::on_pipe(const Event& ev, Thread* t) {
    FdTable& fds = *t->process->fds;
    if (s64_param(ev, 0).value_or(-1) != 0 || stale(ev, fds.scan_ts)) return;
    const bool two = ev.type() == LN_EVT_PIPE2;
    const int64_t fd1 = s64_param(ev, pick(two, LN_P_PIPE2_FD1, LN_P_PIPE_FD1)).value_or(-1);
    const int64_t fd2 = s64_param(ev, pick(two, LN_P_PIPE2_FD2, LN_P_PIPE_FD2)).value_or(-1);
    const uint64_t ino = u64_param(ev, pick(two, LN_P_PIPE2_INO, LN_P_PIPE_INO)).value_or(0);
    const uint32_t flags =
        two ? u32_param(ev, LN_P_PIPE2_FLAGS).value_or(0) & (O_CLOEXEC | O_NONBLOCK | O_DIRECT) : 0;
    if (fd1 < 0 || fd2 < 0 || fd1 == fd2) {
        ++counters_.malformed_records;
        return;
    }
    char name[40];
    const int n = snprintf(name, sizeof name, "pipe:[%llu]", static_cast<unsigned long long>(ino));
    const std::string_view pipe_name(name, n > 0 ? static_cast<size_t>(n) : 0);
    FdInfo* read_end = fds.create(fd1);
    read_end->type = LN_FD_PIPE;
    read_end->name.assign(pipe_name);
    read_end->ino = ino;
    read_end->open_flags = O_RDONLY | flags;
    FdInfo* write_end = fds.create(fd2, fd1);
    write_end->copy_from(*read_end);
    write_end->open_flags = O_WRONLY | flags;
    set_context_fd(fd1);
    ctx_.fd = read_end;
}

void StateTracker::on_socketpair(const Event& ev, Thread* t) {
    FdTable& fds = *t->process->fds;
    if (s64_param(ev, 0).value_or(-1) != 0 || stale(ev, fds.scan_ts)) return;
    const int64_t fd1 = s64_param(ev, LN_P_SOCKETPAIR_FD1).value_or(-1);
    const int64_t fd2 = s64_param(ev, LN_P_SOCKETPAIR_FD2).value_or(-1);
    if (fd1 < 0 || fd2 < 0 || fd1 == fd2) {
        ++counters_.malformed_records;
        return;
    }
    const int32_t domain = s32_param(ev, LN_P_SOCKETPAIR_DOMAIN).value_or(AF_UNIX);
    const uint32_t type = u32_param(ev, LN_P_SOCKETPAIR_TYPE).value_or(0);
    const uint32_t proto = u32_param(ev, LN_P_SOCKETPAIR_PROTO).value_or(0);
    FdTuple tuple;
    tuple.family = LN_AF_UNIX;
    tuple.unix_source = u64_param(ev, LN_P_SOCKETPAIR_SOURCE).value_or(0);
    tuple.unix_peer = u64_param(ev, LN_P_SOCKETPAIR_PEER).value_or(0);

    FdInfo* a = fds.create(fd1);
    a->type = domain == AF_UNIX ? LN_FD_UNIX_SOCK : LN_FD_OTHER_SOCK;
    a->l4proto = l4proto_of(domain, type, proto);
    a->open_flags = O_RDWR | socket_open_flags(type);
    a->sock_state = SocketState::Connected;
    a->tuple = tuple;
    format_socket_name(tuple, {}, a->name);
    FdInfo* b = fds.create(fd2, fd1);
    b->copy_from(*a);
    std::swap(b->tuple.unix_source, b->tuple.unix_peer);
    format_socket_name(b->tuple, {}, b->name);
    set_context_fd(fd1);
    ctx_.fd = a;
}

void StateTracker::on_anon_fd(const Event& ev, Thread* t) {
    const int64_t fd = s64_param(ev, 0).value_or(-1);
    FdTable& fds = *t->process->fds;
    if (fd < 0 || stale(ev, fds.scan_ts)) return;
    const uint16_t type = ev.type();
    // signalfd on an existing signalfd only changes its mask.
    if ((type == LN_EVT_SIGNALFD || type == LN_EVT_SIGNALFD4) &&
        s64_param(ev, pick(type == LN_EVT_SIGNALFD, LN_P_SIGNALFD_FD, LN_P_SIGNALFD4_FD))
                .value_or(-1) >= 0)
        return;
    const AnonKind kind = anon_kind(type, s32_param(ev, LN_P_BPF_CMD).value_or(-1));
    if (kind.type == LN_FD_UNKNOWN) {
        set_context_fd(-1);  // a bpf command that returns no fd
        return;
    }
    FdInfo* f = fds.create(fd);
    f->type = kind.type;
    f->name.assign(kind.name);
    f->open_flags = O_RDWR | anon_flags(ev) | (kind.always_cloexec ? O_CLOEXEC : 0);
    if (type == LN_EVT_PIDFD_OPEN) f->pidfd_pid = s64_param(ev, LN_P_PIDFD_OPEN_PID).value_or(0);
    ctx_.fd = f;
}

void StateTracker::on_memfd(const Event& ev, Thread* t) {
    const int64_t fd = s64_param(ev, 0).value_or(-1);
    FdTable& fds = *t->process->fds;
    if (fd < 0 || stale(ev, fds.scan_ts)) return;
    FdInfo* f = fds.create(fd);
    f->type = LN_FD_MEMFD;
    f->name.assign("memfd:");
    f->name.append(text_param(ev, LN_P_MEMFD_CREATE_NAME).value);
    const uint32_t flags = u32_param(ev, LN_P_MEMFD_CREATE_FLAGS).value_or(0);
    f->open_flags = O_RDWR | ((flags & MFD_CLOEXEC) ? O_CLOEXEC : 0);
    ctx_.fd = f;
}

void StateTracker::on_pidfd_getfd(const Event& ev, Thread* t) {
    const int64_t fd = s64_param(ev, 0).value_or(-1);
    FdTable& fds = *t->process->fds;
    if (fd < 0 || stale(ev, fds.scan_ts)) return;
    const FdInfo* pidfd = fds.find(s64_param(ev, LN_P_PIDFD_GETFD_PIDFD).value_or(-1));
    const int64_t target_fd = s64_param(ev, LN_P_PIDFD_GETFD_TARGETFD).value_or(-1);
    const bool in_pidns = t->vtid != 0 && t->vtid != t->tid;
    const Process* target = (pidfd != nullptr && pidfd->type == LN_FD_PIDFD && !in_pidns)
                                ? table_.find_process(pidfd->pidfd_pid)
                                : nullptr;
    const FdInfo* src = target != nullptr ? target->fds->find(target_fd) : nullptr;
    if (src == nullptr) {
        fds.remove(fd);  // a copy of something unknown
        return;
    }
    // The copy is close-on-exec (pidfd_getfd(2)).
    FdInfo* f = fds.create(fd, target->fds == &fds ? target_fd : -1);
    f->copy_from(*src);
    f->open_flags |= O_CLOEXEC;
    ctx_.fd = f;
}

void StateTracker::on_close(const Event& ev, Thread* t) {
    const int64_t res = s64_param(ev, 0).value_or(-1);
    if (res != 0 && res != -EINTR) return;
    FdTable* fds = t->process->fds;
    const int64_t fd = s64_param(ev, LN_P_CLOSE_FD).value_or(-1);
    if (fd < 0 || stale(ev, fds->scan_ts) || fds->find(fd) == nullptr) return;
    // Removed at the next event, so rules still see what was closed.
    pending_closes_.push_back({table_.share_fd_table(fds), fd, fd});
}

void StateTracker::on_close_range(const Event& ev, Thread* t) {
    if (s64_param(ev, 0).value_or(-1) != 0) return;
    Process* p = t->process;
    if (stale(ev, p->fds->scan_ts)) return;
    const int64_t lo = s64_param(ev, LN_P_CLOSE_RANGE_FD).value_or(-1);
    // max_fd is an unsigned int in the call: ~0U means "to the end".
    int64_t hi = s64_param(ev, LN_P_CLOSE_RANGE_MAX_FD).value_or(-1);
    if (hi < 0 || hi >= 0xffffffffLL) hi = INT64_MAX;
    const uint32_t flags = u32_param(ev, LN_P_CLOSE_RANGE_FLAGS).value_or(0);
    if (lo < 0 || hi < lo) return;
    if (flags & CLOSE_RANGE_UNSHARE) table_.unshare_fd_table(p);
    if (flags & CLOSE_RANGE_CLOEXEC) {
        p->fds->set_cloexec_range(lo, hi);
        return;
    }
    pending_closes_.push_back({table_.share_fd_table(p->fds), lo, hi});
}

}  // namespace lanner::state
