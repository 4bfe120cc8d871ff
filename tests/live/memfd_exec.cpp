// Test helper for fileless execution: copies an executable into an anonymous
// memory file (memfd_create) and executes it through its fd (fexecve), the
// way in-memory loaders run a payload that never touches the disk.
//   memfd_exec PROGRAM [ARGS...]   runs a copy of PROGRAM with ARGS
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

extern char** environ;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: memfd_exec PROGRAM [ARGS...]\n");
        return 2;
    }
    const int src = open(argv[1], O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (src < 0 || fstat(src, &st) != 0) {
        std::fprintf(stderr, "memfd_exec: %s: %s\n", argv[1], std::strerror(errno));
        return 1;
    }
    // Not MFD_CLOEXEC: fexecve of an fd closed on exec fails for scripts, and
    // an ELF program does not mind inheriting it.
    const int mem = memfd_create("lanner-fileless", 0);
    if (mem < 0) {
        std::perror("memfd_exec: memfd_create");
        return 1;
    }
    for (off_t off = 0; off < st.st_size;) {
        const ssize_t n = sendfile(mem, src, &off, static_cast<size_t>(st.st_size - off));
        if (n <= 0) {
            std::perror("memfd_exec: copy");
            return 1;
        }
    }
    close(src);
    fexecve(mem, argv + 1, environ);
    std::perror("memfd_exec: fexecve");
    return 1;
}
