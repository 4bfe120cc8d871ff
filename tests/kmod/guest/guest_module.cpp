#include "guest_module.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace lanner::guest {
namespace {

GuestPaths g_paths;

}  // namespace

const GuestPaths& paths() {
    return g_paths;
}

void set_paths(GuestPaths p) {
    g_paths = std::move(p);
}

int load_module(const std::string& params) {
    const int fd = ::open(g_paths.module.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    const long r = ::syscall(SYS_finit_module, fd, params.c_str(), 0);
    const int err = r == 0 ? 0 : errno;
    ::close(fd);
    return err;
}

int unload_module() {
    return ::syscall(SYS_delete_module, "lanner", O_NONBLOCK) == 0 ? 0 : errno;
}

bool module_loaded() {
    struct stat st {};
    return ::stat("/sys/module/lanner", &st) == 0;
}

void set_ring_bytes(uint32_t bytes) {
    FILE* f = std::fopen("/sys/module/lanner/parameters/ring_bytes", "w");
    if (!f) return;
    std::fprintf(f, "%u\n", bytes);
    std::fclose(f);
}

}  // namespace lanner::guest
