// Test support: runs the `lanner` command through its library entry point
// (run_cli, as main() calls it) and captures what it prints; temporary files
// for rules, configs and captures.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli.h"

namespace lanner::test {

struct CliRun {
    int code = 0;
    std::string out, err;
    std::vector<std::string> lines() const {
        std::vector<std::string> v;
        std::istringstream s(out);
        for (std::string l; std::getline(s, l);) v.push_back(l);
        return v;
    }
};

// An in-memory FILE* whose contents can be taken afterwards.
class MemoryFile {
  public:
    MemoryFile() : f_(open_memstream(&buf_, &len_)) {}
    ~MemoryFile() {
        if (f_) std::fclose(f_);
        std::free(buf_);
    }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    std::FILE* get() { return f_; }
    std::string take() {
        std::fclose(f_);
        f_ = nullptr;
        return std::string(buf_, len_);
    }
    // What has been flushed so far.
    std::string peek() { return std::string(buf_ ? buf_ : "", len_); }

  private:
    char* buf_ = nullptr;
    size_t len_ = 0;
    std::FILE* f_;
};

inline CliRun run_lanner(const std::vector<std::string>& args) {
    std::vector<const char*> argv{"lanner"};
    for (const auto& a : args) argv.push_back(a.c_str());
    MemoryFile out, err;
    const int code = app::run_cli(static_cast<int>(argv.size()), argv.data(), out.get(), err.get());
    return {code, out.take(), err.take()};
}

// A file under a fresh temporary directory, removed with the object.
class TempFile {
  public:
    TempFile(const std::string& name, const std::string& content) {
        static int n = 0;
        dir_ = std::filesystem::temp_directory_path() /
               ("lanner-test-" + std::to_string(getpid()) + "-" + std::to_string(n++));
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / name).string();
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempFile() { std::filesystem::remove_all(dir_); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }
    std::filesystem::path dir() const { return dir_; }

  private:
    std::filesystem::path dir_;
    std::string path_;
};

inline bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}

}  // namespace lanner::test
