// The syscall storm workload: tight loops a tracer slows down, timed from
// inside. bench/storm/storm.py runs it with and without Lanner attached.
//
//   syscall_storm cheap N      getppid (outside every interest set)
//   syscall_storm open N       open + read + close of a small file
//   syscall_storm fork N       fork + exec /bin/true + wait
//   syscall_storm mixed N      open loop with a loopback TCP connect/accept every 16th
//   syscall_storm open2 N      two processes each running the open loop
//
// Prints "LOOP N ITER_NS TOTAL_S" on stdout.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

const char* const kFile = "/etc/hostname";

void die(const char* what) {
    std::perror(what);
    std::exit(1);
}

void open_read_close() {
    char buf[64];
    const int fd = ::open(kFile, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("open");
    if (::read(fd, buf, sizeof buf) < 0) die("read");
    ::close(fd);
}

void fork_exec() {
    const pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        execl("/bin/true", "true", static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
}

// A listening socket on loopback, and one connect + accept + close pair.
struct Loopback {
    int listener = -1;
    sockaddr_in addr{};
    Loopback() {
        listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die("bind");
        socklen_t len = sizeof addr;
        getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
        if (listen(listener, 64) != 0) die("listen");
    }
    void round_trip() {
        const int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (connect(c, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) die("connect");
        const int a = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (a < 0) die("accept4");
        ::close(a);
        ::close(c);
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: syscall_storm cheap|open|fork|mixed|open2 N\n");
        return 2;
    }
    const std::string loop = argv[1];
    const long n = std::atol(argv[2]);
    const auto t0 = std::chrono::steady_clock::now();
    if (loop == "cheap") {
        for (long i = 0; i < n; ++i) syscall(SYS_getppid);
    } else if (loop == "open") {
        for (long i = 0; i < n; ++i) open_read_close();
    } else if (loop == "fork") {
        for (long i = 0; i < n; ++i) fork_exec();
    } else if (loop == "mixed") {
        Loopback lo;
        for (long i = 0; i < n; ++i) {
            open_read_close();
            if (i % 16 == 0) lo.round_trip();
        }
    } else if (loop == "open2") {
        const pid_t other = fork();
        if (other < 0) die("fork");
        for (long i = 0; i < n; ++i) open_read_close();
        if (other == 0) _exit(0);
        waitpid(other, nullptr, 0);
    } else {
        std::fprintf(stderr, "syscall_storm: unknown loop '%s'\n", loop.c_str());
        return 2;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s %ld %.1f %.4f\n", loop.c_str(), n, s * 1e9 / static_cast<double>(n), s);
    return 0;
}
