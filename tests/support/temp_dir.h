// A fresh directory for one test (mkdtemp under /tmp), removed with
// everything in it when the test is done. LANNER_TEST_KEEP=1 keeps it and
// prints where, to look at what a failed test left.
#pragma once

#include <stdlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace lanner::test {

class TempDir {
  public:
    explicit TempDir(std::string_view prefix = "lanner-test") {
        std::string tmpl = "/tmp/" + std::string(prefix) + "-XXXXXX";
        if (mkdtemp(tmpl.data()) == nullptr)
            throw std::runtime_error("mkdtemp " + tmpl + ": " + std::strerror(errno));
        path_ = tmpl;
    }
    ~TempDir() {
        if (std::getenv("LANNER_TEST_KEEP")) {
            std::printf("kept %s (LANNER_TEST_KEEP)\n", path_.c_str());
            return;
        }
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // The path of `name` in the directory (nothing is created).
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    // Writes `text` to `name` (creating its parent directories); its path.
    std::filesystem::path write(const std::string& name, const std::string& text) const {
        const std::filesystem::path p = path_ / name;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream out(p, std::ios::binary);
        out << text;
        if (!out.flush()) throw std::runtime_error("writing " + p.string() + " failed");
        return p;
    }

  private:
    std::filesystem::path path_;
};

}  // namespace lanner::test
