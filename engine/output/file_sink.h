// file_output: alerts appended to a file, one per line, in the configured
// form (text or JSON).
//
// keep_alive true (Falco's default is false) keeps the file open and, with
// buffered_outputs, batches writes; reopen() (SIGUSR1 after logrotate
// renamed the file) flushes to the old file, closes it and opens the path
// anew at the next alert. keep_alive false opens, appends and closes for
// every alert, so a renamed file is never written again.
//
// A file Lanner creates gets mode 0600 (alerts carry command lines and file
// names); an existing file keeps its mode. A write error closes the file, so
// the next alert tries to open the path again.
#pragma once

#include <string>

#include "output/sink.h"

namespace lanner::output {

class FileSink final : public Sink {
  public:
    FileSink(std::string path, bool keep_alive);
    ~FileSink() override;

    std::string name() const override { return "file " + path_; }
    void deliver(const RenderedAlert& alert) override;
    void flush() override;
    void reopen() override;
    void close() override;

    const std::string& path() const noexcept { return path_; }

  private:
    void open_file();
    void close_file() noexcept;
    // Writes buffer_ out (keeping the file open), emptying it even on error.
    void write_out();

    std::string path_;
    bool keep_alive_;
    int fd_ = -1;
    std::string buffer_;
};

}  // namespace lanner::output
