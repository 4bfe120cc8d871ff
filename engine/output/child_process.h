// A command run through /bin/sh -c with its standard input a pipe from us
// (its stdout and stderr are the engine's), for program_output.
//
// Writing never raises SIGPIPE in the engine: a write to a program that is
// gone returns false, whatever the thread's signal mask. The child starts
// with every signal at its default action and none blocked, so it behaves
// as it would from a shell. Destroying the object kills (SIGKILL) and reaps
// a child still running: no zombie is left behind.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lanner::output {

class ChildProcess {
  public:
    // Starts `command`. Throws lanner::Error when it cannot be started.
    explicit ChildProcess(const std::string& command);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }

    // Writes all of `data` to the child's stdin, blocking while the pipe is
    // full. False when the child no longer reads it (EPIPE); throws
    // lanner::Error on any other error.
    bool write_all(std::string_view data);
    // After write_all() returned false: how many of its bytes went in
    // before the program stopped reading (they are part of unread()).
    size_t failed_write_bytes() const noexcept { return failed_write_bytes_; }

    // Bytes written that the child has not read yet (still in the pipe).
    size_t unread() const noexcept;
    // How many bytes the pipe holds.
    size_t pipe_capacity() const noexcept { return pipe_capacity_; }

    // End of input for the child (EOF on its stdin).
    void close_stdin() noexcept;

    // The child's wait status if it has exited (reaping it), else nothing.
    std::optional<int> try_wait();
    // Waits for the child to exit; its wait status.
    int wait();
    // Waits up to `ms` for the child to exit, then SIGKILLs it; the status.
    int wait_or_kill(int ms);
    // Sends `sig` to the child if it is still running. Any thread.
    void signal(int sig) noexcept;
    bool exited() const noexcept { return exited_; }

    // "exit status 3", "killed by signal 9 (Killed)".
    static std::string describe_status(int status);

  private:
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    size_t pipe_capacity_ = 0;
    size_t failed_write_bytes_ = 0;
    bool exited_ = false;
    int status_ = 0;
    // Read by signal() from other threads; cleared once reaped, so a
    // recycled pid is never signalled.
    std::atomic<pid_t> live_pid_{-1};
};

}  // namespace lanner::output
