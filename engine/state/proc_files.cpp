#include "state/proc_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace lanner::state {

namespace {

ReadResult classify(int err) {
    switch (err) {
        case ENOENT:
        case ESRCH:
        case ENOTDIR:
            return ReadResult::Gone;
        case EACCES:
        case EPERM:
            return ReadResult::Denied;
        default:
            return ReadResult::Error;
    }
}

}  // namespace

ReadResult read_proc_file(const std::string& path, std::string& out, size_t max, bool* truncated) {
    out.clear();
    if (truncated != nullptr) *truncated = false;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return classify(errno);
    char buf[4096];
    ReadResult result = ReadResult::Ok;
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            result = classify(errno);
            break;
        }
        if (n == 0) break;
        const size_t room = max - out.size();
        if (static_cast<size_t>(n) > room) {
            out.append(buf, room);
            if (truncated != nullptr) *truncated = true;
            break;
        }
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return result;
}

ReadResult read_link(const std::string& path, std::string& out) {
    out.clear();
    char buf[4096];
    const ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
    if (n < 0) return classify(errno);
    out.assign(buf, static_cast<size_t>(n));
    return ReadResult::Ok;
}

}  // namespace lanner::state
