// Notices changes to the configuration and rules files (watch_config_files),
// so the engine can reload them. Watches each file's directory with inotify,
// which also sees an editor's write-to-temporary-and-rename and a
// ConfigMap's symlink swap; for a watched directory, any *.yaml in it.
// Polled from the engine loop; never blocks.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lanner::app {

class FileWatch {
  public:
    // Throws lanner::Error when inotify is unavailable.
    explicit FileWatch(const std::vector<std::filesystem::path>& paths);
    ~FileWatch();
    FileWatch(const FileWatch&) = delete;
    FileWatch& operator=(const FileWatch&) = delete;

    // True when a watched file changed since the last call.
    bool changed();

  private:
    struct Watch {
        int wd;
        std::string file;  // name within the directory; empty: any *.yaml
    };
    int fd_ = -1;
    std::vector<Watch> watches_;
};

}  // namespace lanner::app
