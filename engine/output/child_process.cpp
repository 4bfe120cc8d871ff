#include "output/child_process.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "common/error.h"

extern char** environ;

namespace lanner::output {
namespace {

// Blocks SIGPIPE on this thread for one write and takes back the SIGPIPE
// that write raised, so the engine never dies of a program gone away
// (Falco's program output ignores SIGPIPE process-wide; a library should not).
class SigpipeGuard {
  public:
    SigpipeGuard() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    }
    ~SigpipeGuard() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
    SigpipeGuard(const SigpipeGuard&) = delete;
    SigpipeGuard& operator=(const SigpipeGuard&) = delete;

    // After an EPIPE: the write raised SIGPIPE for this thread; consume it.
    void consume() noexcept {
        if (was_pending_) return;
        const struct timespec zero {};
        while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }

  private:
    sigset_t pipe_;
    sigset_t old_;
    bool was_pending_ = false;
};

// A pipe end numbered 3 or above, so dup2() onto 0 always happens (and
// clears close-on-exec) even when the engine runs with stdin closed.
int above_stdio(int fd) {
    if (fd > 2) return fd;
    const int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    const int err = errno;
    ::close(fd);
    if (moved < 0)
        throw Error("program_output: cannot move a pipe descriptor: {}", std::strerror(err));
    return moved;
}

}  // namespace

ChildProcess::ChildProcess(const std::string& command) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw Error("program_output: cannot create a pipe: {}", std::strerror(errno));
    int read_end = -1, write_end = -1;
    try {
        read_end = above_stdio(fds[0]);
        fds[0] = -1;
        write_end = above_stdio(fds[1]);
        fds[1] = -1;
    } catch (...) {
        if (fds[0] >= 0) ::close(fds[0]);
        if (fds[1] >= 0) ::close(fds[1]);
        if (read_end >= 0) ::close(read_end);
        throw;
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, read_end, 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(read_end);
    if (rc != 0) {
        ::close(write_end);
        throw Error("program_output: cannot run /bin/sh -c '{}': {}", command, std::strerror(rc));
    }
    pid_ = pid;
    live_pid_.store(pid);
    stdin_fd_ = write_end;
    const int cap = fcntl(stdin_fd_, F_GETPIPE_SZ);
    pipe_capacity_ = cap > 0 ? static_cast<size_t>(cap) : 65536;
}

ChildProcess::~ChildProcess() {
    close_stdin();
    if (!exited_ && pid_ > 0) {
        signal(SIGKILL);
        wait();
    }
}

bool ChildProcess::write_all(std::string_view data) {
    failed_write_bytes_ = 0;
    if (stdin_fd_ < 0) return false;
    SigpipeGuard guard;
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(stdin_fd_, data.data() + done, data.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EPIPE) {
            failed_write_bytes_ = done;
            guard.consume();
            return false;
        }
        throw Error("program_output: cannot write to the program (pid {}): {}", pid_,
                    n < 0 ? std::strerror(errno) : "no progress");
    }
    return true;
}

size_t ChildProcess::unread() const noexcept {
    int n = 0;
    if (stdin_fd_ < 0 || ioctl(stdin_fd_, FIONREAD, &n) != 0 || n < 0) return 0;
    return static_cast<size_t>(n);
}

void ChildProcess::close_stdin() noexcept {
    if (stdin_fd_ >= 0) ::close(stdin_fd_);
    stdin_fd_ = -1;
}

std::optional<int> ChildProcess::try_wait() {
    if (exited_) return status_;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
        live_pid_.store(-1);
        exited_ = true;
        status_ = status;
        return status_;
    }
    if (r < 0 && errno == ECHILD) {  // reaped elsewhere (a SIGCHLD handler)
        live_pid_.store(-1);
        exited_ = true;
        status_ = 0;
        return status_;
    }
    return std::nullopt;
}

int ChildProcess::wait() {
    while (!exited_) {
        int status = 0;
        const pid_t r = waitpid(pid_, &status, 0);
        if (r < 0 && errno == EINTR) continue;
        live_pid_.store(-1);
        exited_ = true;
        status_ = r == pid_ ? status : 0;
    }
    return status_;
}

int ChildProcess::wait_or_kill(int ms) {
    for (int waited = 0; waited < ms; waited += 10) {
        if (try_wait()) return status_;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    signal(SIGKILL);
    return wait();
}

void ChildProcess::signal(int sig) noexcept {
    const pid_t p = live_pid_.load();
    if (p > 0) ::kill(p, sig);
}

std::string ChildProcess::describe_status(int status) {
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
               strsignal(WTERMSIG(status)) + ")";
    return "wait status " + std::to_string(status);
}

}  // namespace lanner::output
