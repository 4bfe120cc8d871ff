#include "output/stdout_sink.h"

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace lanner::output {
namespace {

[[noreturn]] void stream_error(std::FILE* stream, const char* what) {
    const int err = errno;
    std::clearerr(stream);
    throw Error("{}: {}", what, err ? std::strerror(err) : "stream error");
}

}  // namespace

void StdoutSink::deliver(const RenderedAlert& alert) {
    const std::string& line = alert.line();
    errno = 0;
    if (std::fwrite(line.data(), 1, line.size(), stream_) != line.size() ||
        std::fputc('\n', stream_) == EOF)
        stream_error(stream_, "cannot write");
}

void StdoutSink::flush() {
    errno = 0;
    if (std::fflush(stream_) != 0) stream_error(stream_, "cannot flush");
}

}  // namespace lanner::output
