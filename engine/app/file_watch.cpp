#include "app/file_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace lanner::app {

namespace fs = std::filesystem;

FileWatch::FileWatch(const std::vector<fs::path>& paths) {
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) throw Error("inotify_init1: {}", std::strerror(errno));
    constexpr uint32_t kMask =
        IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_ATTRIB;
    for (const auto& p : paths) {
        std::error_code ec;
        const bool dir = fs::is_directory(p, ec);
        const fs::path watched = dir ? p : (p.has_parent_path() ? p.parent_path() : ".");
        const int wd = inotify_add_watch(fd_, watched.c_str(), kMask);
        if (wd < 0) {
            const int err = errno;
            ::close(fd_);
            throw Error("cannot watch {}: {}", watched.string(), std::strerror(err));
        }
        watches_.push_back({wd, dir ? std::string() : p.filename().string()});
    }
}

FileWatch::~FileWatch() {
    if (fd_ >= 0) ::close(fd_);
}

bool FileWatch::changed() {
    bool any = false;
    alignas(inotify_event) char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) break;
        for (ssize_t off = 0; off < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
            off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            const std::string_view name = ev->len ? std::string_view(ev->name) : "";
            for (const auto& w : watches_) {
                if (w.wd != ev->wd) continue;
                // Kubernetes ConfigMaps swap a "..data" symlink.
                if (w.file.empty() ? name.ends_with(".yaml") || name == "..data"
                                   : name == w.file || name == "..data")
                    any = true;
            }
        }
    }
    return any;
}

}  // namespace lanner::app
