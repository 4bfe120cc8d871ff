#include "capture/byte_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "capture/capture_error.h"
#include "common/error.h"

namespace lanner::capture {
namespace {

// Large enough that a read(2) costs little per record and several blocks fit;
// grows only for a block larger than this.
constexpr size_t kReadBuffer = 4 * 1024 * 1024;

class FileInput final : public ByteInput {
  public:
    explicit FileInput(const std::string& path) {
        if (path == "-") {
            name_ = "<stdin>";
            fd_ = STDIN_FILENO;
            owns_fd_ = false;
        } else {
            name_ = path;
            fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd_ < 0) throw Error("capture {}: cannot open: {}", path, std::strerror(errno));
            struct stat st {};
            if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
                ::close(fd_);
                throw Error("capture {}: is a directory, not a capture file", path);
            }
            ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
        }
        buf_.resize(kReadBuffer);
    }
    ~FileInput() override {
        if (owns_fd_ && fd_ >= 0) ::close(fd_);
    }
    const std::string& name() const override { return name_; }

    std::span<const uint8_t> window(uint64_t pos, size_t n) override {
        if (pos < base_) throw Error("capture {}: internal error: read before the window", name_);
        // Drop what lies before pos (or skip past it, if pos is beyond the buffer).
        const uint64_t drop = pos - base_;
        if (drop >= end_) {
            skip(drop - end_);
            base_ = pos;
            end_ = 0;
        } else if (drop > 0 && end_ - drop < n) {
            std::memmove(buf_.data(), buf_.data() + drop, end_ - drop);
            base_ = pos;
            end_ -= drop;
        }
        size_t start = static_cast<size_t>(pos - base_);
        if (end_ - start < n && !eof_) {
            if (start + n > buf_.size()) {
                // Room for n bytes from pos: compact, then grow if still short.
                if (start > 0) {
                    std::memmove(buf_.data(), buf_.data() + start, end_ - start);
                    end_ -= start;
                    base_ = pos;
                    start = 0;
                }
                if (n > buf_.size()) buf_.resize(n);
            }
            fill(start + n);
        }
        return {buf_.data() + start, end_ - start};
    }

  private:
    // Reads until the buffer holds `want` bytes or the input ends; reads as
    // much as fits each time so a read(2) serves many records.
    void fill(size_t want) {
        while (end_ < want && !eof_) {
            const ssize_t got = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
            if (got < 0) {
                if (errno == EINTR) continue;
                throw CaptureError(name_, base_ + end_,
                                   std::string("read failed: ") + std::strerror(errno));
            }
            if (got == 0) eof_ = true;
            end_ += static_cast<size_t>(got);
        }
    }

    // Discards the next `n` bytes of input (none of them buffered).
    void skip(uint64_t n) {
        while (n > 0) {
            const size_t chunk = n < buf_.size() ? static_cast<size_t>(n) : buf_.size();
            const ssize_t got = ::read(fd_, buf_.data(), chunk);
            if (got < 0) {
                if (errno == EINTR) continue;
                throw CaptureError(name_, base_ + end_,
                                   std::string("read failed: ") + std::strerror(errno));
            }
            if (got == 0) {
                eof_ = true;
                return;
            }
            n -= static_cast<uint64_t>(got);
        }
    }

    std::string name_;
    int fd_ = -1;
    bool owns_fd_ = true;
    std::vector<uint8_t> buf_;
    uint64_t base_ = 0;  // file offset of buf_[0]
    size_t end_ = 0;     // bytes of buf_ holding file data
    bool eof_ = false;
};

class MemoryInput final : public ByteInput {
  public:
    MemoryInput(std::span<const uint8_t> data, std::string name)
        : data_(data), name_(std::move(name)) {}
    const std::string& name() const override { return name_; }
    std::span<const uint8_t> window(uint64_t pos, size_t) override {
        if (pos >= data_.size()) return {};
        return data_.subspan(static_cast<size_t>(pos));
    }

  private:
    std::span<const uint8_t> data_;
    std::string name_;
};

}  // namespace

std::unique_ptr<ByteInput> open_file_input(const std::string& path) {
    return std::make_unique<FileInput>(path);
}

std::unique_ptr<ByteInput> memory_input(std::span<const uint8_t> data, std::string name) {
    return std::make_unique<MemoryInput>(data, std::move(name));
}

}  // namespace lanner::capture
