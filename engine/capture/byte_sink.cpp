#include "capture/byte_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace lanner::capture {
namespace {

class FileSink final : public ByteSink {
  public:
    explicit FileSink(std::string path) : path_(std::move(path)) {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd_ < 0) throw Error("capture {}: cannot create: {}", path_, std::strerror(errno));
    }
    ~FileSink() override {
        if (fd_ >= 0) ::close(fd_);
    }
    const std::string& name() const override { return path_; }

    void write(std::span<const uint8_t> bytes) override {
        if (fd_ < 0) throw Error("capture {}: write after close", path_);
        const uint8_t* p = bytes.data();
        size_t left = bytes.size();
        while (left > 0) {
            const ssize_t n = ::write(fd_, p, left);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw Error("capture {}: write failed at byte {}: {}", path_, written_,
                            std::strerror(errno));
            }
            p += n;
            left -= static_cast<size_t>(n);
            written_ += static_cast<uint64_t>(n);
        }
    }

    void sync() override {
        if (fd_ >= 0 && ::fdatasync(fd_) != 0)
            throw Error("capture {}: fdatasync failed: {}", path_, std::strerror(errno));
    }

    void close() override {
        if (fd_ < 0) return;
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0 && errno != EINTR)
            throw Error("capture {}: close failed: {}", path_, std::strerror(errno));
    }

  private:
    std::string path_;
    int fd_ = -1;
    uint64_t written_ = 0;
};

class MemorySink final : public ByteSink {
  public:
    explicit MemorySink(std::vector<uint8_t>& out) : out_(out) {}
    const std::string& name() const override { return name_; }
    void write(std::span<const uint8_t> bytes) override {
        out_.insert(out_.end(), bytes.begin(), bytes.end());
    }
    void sync() override {}
    void close() override {}

  private:
    std::vector<uint8_t>& out_;
    std::string name_ = "<memory>";
};

}  // namespace

std::unique_ptr<ByteSink> open_file_sink(const std::string& path) {
    return std::make_unique<FileSink>(path);
}

std::unique_ptr<ByteSink> memory_sink(std::vector<uint8_t>& out) {
    return std::make_unique<MemorySink>(out);
}

}  // namespace lanner::capture
