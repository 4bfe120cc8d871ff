// The actor process: runs the actions, hands control back to the parent,
// which drains the driver and streams the records back through a pipe.
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "actions.h"

namespace lanner::guest {
namespace {

// The actor's ends of the two pipes, above every fd the actions open.
constexpr int kDoneFd = 900;     // actor -> parent: "actions done"
constexpr int kRecordsFd = 901;  // parent -> actor: length-prefixed records, then EOF

bool write_all(int fd, const void* data, size_t n) {
    const auto* b = static_cast<const uint8_t*>(data);
    while (n > 0) {
        const ssize_t w = ::write(fd, b, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        b += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

bool read_all(int fd, void* data, size_t n) {
    auto* b = static_cast<uint8_t*>(data);
    while (n > 0) {
        const ssize_t r = ::read(fd, b, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        b += r;
        n -= static_cast<size_t>(r);
    }
    return true;
}

Captured receive_records() {
    const char done = 'd';
    write_all(kDoneFd, &done, 1);
    Captured cap;
    uint32_t len = 0;
    while (read_all(kRecordsFd, &len, sizeof len)) {
        std::vector<uint8_t> r(len);
        if (!read_all(kRecordsFd, r.data(), len)) break;
        cap.records.push_back(std::move(r));
    }
    return cap;
}

[[noreturn]] void actor_main() {
    // Only 0-2 and the two pipes stay open: the driver's fds (which differ
    // between drivers) are the parent's business.
    ::syscall(SYS_close_range, 3, kDoneFd - 1, 0);
    ::syscall(SYS_close_range, kRecordsFd + 1, ~0U, 0);
    int rc = 0;
    try {
        const ScriptedFacts facts = scripted_actions();
        SyscallTour tour;
        tour.act();
        const Captured cap = receive_records();
        check(!cap.records.empty(), "records arrived ({})", cap.records.size());
        verify_scripted(facts, cap);
        tour.verify(cap, ::getpid());
    } catch (const std::exception& e) {
        check(false, "actor: exception: {}", e.what());
        rc = 1;
    }
    std::fflush(stdout);
    ::_exit(rc);
}

// Moves `fd` to `target` (closing the original).
void move_fd(int fd, int target) {
    ::dup2(fd, target);
    ::close(fd);
}

}  // namespace

ActorRun run_actor(Source& src) {
    ActorRun run;
    std::system("rm -rf /tmp/tour");
    ::signal(SIGPIPE, SIG_IGN);
    int done[2], recs[2];
    if (::pipe2(done, O_CLOEXEC) != 0 || ::pipe2(recs, O_CLOEXEC) != 0) {
        check(false, "actor: pipes: {}", std::strerror(errno));
        return run;
    }
    // At fixed numbers (the same under every driver), close-on-exec so the
    // actions' programs do not inherit them.
    move_fd(done[1], kDoneFd);
    move_fd(recs[0], kRecordsFd);
    ::fcntl(kDoneFd, F_SETFD, FD_CLOEXEC);
    ::fcntl(kRecordsFd, F_SETFD, FD_CLOEXEC);
    std::fflush(stdout);
    run.actor = ::fork();
    if (run.actor == 0) actor_main();
    ::close(kDoneFd);
    ::close(kRecordsFd);

    char byte = 0;
    const bool actions_done = read_all(done[0], &byte, 1);
    ::close(done[0]);
    drain(src, run.records);
    if (actions_done) {
        for (const auto& r : run.records.records) {
            const uint32_t len = static_cast<uint32_t>(r.size());
            if (!write_all(recs[1], &len, sizeof len) || !write_all(recs[1], r.data(), len)) break;
        }
    }
    ::close(recs[1]);
    const int st = wait_status(run.actor);
    run.finished = actions_done && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    check(run.finished, "the actor ran to the end (status {:#x})", st);
    return run;
}

}  // namespace lanner::guest
