#include "output/file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace lanner::output {

FileSink::FileSink(std::string path, bool keep_alive)
    : path_(std::move(path)), keep_alive_(keep_alive) {
    if (path_.empty()) throw Error("file_output: the filename is empty");
}

FileSink::~FileSink() {
    close_file();
}

void FileSink::open_file() {
    if (fd_ >= 0) return;
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);
    if (fd_ < 0) throw Error("cannot open {}: {}", path_, std::strerror(errno));
}

void FileSink::close_file() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void FileSink::write_out() {
    if (buffer_.empty()) return;
    std::string pending;
    pending.swap(buffer_);  // whatever happens, these bytes are done with
    open_file();
    size_t done = 0;
    while (done < pending.size()) {
        const ssize_t n = ::write(fd_, pending.data() + done, pending.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            close_file();
            throw Error("cannot write to {}: {}", path_, std::strerror(err));
        }
        done += static_cast<size_t>(n);
    }
    buffer_.swap(pending);  // keep the capacity for the next alerts
    buffer_.clear();
}

void FileSink::deliver(const RenderedAlert& alert) {
    buffer_ += alert.line();
    buffer_ += '\n';
    if (!keep_alive_) {
        try {
            write_out();
        } catch (...) {
            close_file();
            throw;
        }
        close_file();
    }
    // With keep_alive the alert waits for flush(), which the queue calls
    // after every alert, or every few hundred with buffered_outputs: a
    // failed write then fails exactly the alerts it carried.
}

void FileSink::flush() {
    write_out();
}

void FileSink::reopen() {
    write_out();
    close_file();
}

void FileSink::close() {
    write_out();
    close_file();
}

}  // namespace lanner::output
