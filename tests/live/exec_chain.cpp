// Test helper for process ancestry: each link of the chain forks, the child
// executes the next program named on the command line with the rest of the
// list, and the parent waits for it. The programs are links to this helper
// under distinct names, so every ancestor has its own proc.name; the last
// program of the list is executed as the leaf (typically /bin/true MARKER).
//   exec_chain LINK2 LINK3 ... LEAF [LEAF_ARGS...] -- run through the chain
// The first link is this process (started by the test under a link's name).
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: exec_chain NEXT [ARGS...]\n");
        return 2;
    }
    const pid_t child = fork();
    if (child < 0) {
        std::perror("exec_chain: fork");
        return 1;
    }
    if (child == 0) {
        execv(argv[1], argv + 1);
        std::fprintf(stderr, "exec_chain: %s: %s\n", argv[1], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
