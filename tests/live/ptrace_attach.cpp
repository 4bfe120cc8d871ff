// Test helper for process injection: starts a child that waits, attaches to
// it with PTRACE_ATTACH as a debugger or an injector would, then detaches and
// ends it. Exits 0 when the attach succeeded.
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

int main() {
    const pid_t target = fork();
    if (target < 0) {
        std::perror("ptrace_attach: fork");
        return 1;
    }
    if (target == 0) {
        for (;;) pause();
    }
    int rc = 0;
    if (ptrace(PTRACE_ATTACH, target, nullptr, nullptr) != 0) {
        std::perror("ptrace_attach: PTRACE_ATTACH");
        rc = 1;
    } else {
        int status = 0;
        waitpid(target, &status, 0);  // the target stops on attach
        ptrace(PTRACE_DETACH, target, nullptr, nullptr);
    }
    kill(target, SIGKILL);
    waitpid(target, nullptr, 0);
    return rc;
}
