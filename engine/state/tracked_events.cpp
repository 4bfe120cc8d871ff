#include "state/tracked_events.h"

#include "lanner/events.h"

namespace lanner::state {
namespace {

// Every type StateTracker::on_event() changes state on (state_tracker.cpp,
// process_events.cpp, fd_events.cpp) except the data transfers.
constexpr uint16_t kTracked[] = {
    LN_EVT_OPEN,
    LN_EVT_OPENAT,
    LN_EVT_OPENAT2,
    LN_EVT_CREAT,
    LN_EVT_OPEN_BY_HANDLE_AT,
    LN_EVT_CLOSE,
    LN_EVT_CLOSE_RANGE,
    LN_EVT_DUP,
    LN_EVT_DUP2,
    LN_EVT_DUP3,
    LN_EVT_FCNTL,
    LN_EVT_PIPE,
    LN_EVT_PIPE2,
    LN_EVT_SOCKET,
    LN_EVT_SOCKETPAIR,
    LN_EVT_CONNECT,
    LN_EVT_ACCEPT,
    LN_EVT_ACCEPT4,
    LN_EVT_BIND,
    LN_EVT_LISTEN,
    LN_EVT_GETSOCKOPT,
    LN_EVT_EVENTFD,
    LN_EVT_EVENTFD2,
    LN_EVT_SIGNALFD,
    LN_EVT_SIGNALFD4,
    LN_EVT_TIMERFD_CREATE,
    LN_EVT_EPOLL_CREATE,
    LN_EVT_EPOLL_CREATE1,
    LN_EVT_INOTIFY_INIT,
    LN_EVT_INOTIFY_INIT1,
    LN_EVT_USERFAULTFD,
    LN_EVT_IO_URING_SETUP,
    LN_EVT_PIDFD_OPEN,
    LN_EVT_BPF,
    LN_EVT_MEMFD_CREATE,
    LN_EVT_PIDFD_GETFD,
    LN_EVT_SETUID,
    LN_EVT_SETGID,
    LN_EVT_SETREUID,
    LN_EVT_SETREGID,
    LN_EVT_SETRESUID,
    LN_EVT_SETRESGID,
    LN_EVT_CAPSET,
    LN_EVT_CHDIR,
    LN_EVT_FCHDIR,
    LN_EVT_CHROOT,
    LN_EVT_SETSID,
    LN_EVT_SETPGID,
    LN_EVT_PRCTL,
    LN_EVT_CLONE,
    LN_EVT_CLONE3,
    LN_EVT_FORK,
    LN_EVT_VFORK,
    LN_EVT_EXECVE,
    LN_EVT_EXECVEAT,
    LN_EVT_PROCEXIT,
};

}  // namespace

std::span<const uint16_t> tracked_events() noexcept {
    return kTracked;
}

}  // namespace lanner::state
