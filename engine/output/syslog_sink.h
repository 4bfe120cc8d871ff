// syslog_output: each alert sent to the local syslog socket as syslog(3)
// sends it, which is what Falco's syslog output does:
//
//   <PRI>Mmm dd hh:mm:ss lanner[pid]: <the alert line>
//
// PRI is the daemon facility with the severity of the rule priority
// (Emergency -> LOG_EMERG ... Debug -> LOG_DEBUG, the same scale); the
// timestamp is the local time of sending, as syslog(3) writes it; the
// message is the text line, or the JSON object with json_output.
//
// The socket (/dev/log unless told otherwise) is a datagram socket, or a
// stream socket (messages then end in a NUL, as glibc sends them) when the
// daemon listens on one. When the daemon goes away (restart, rotation of
// the socket) the send fails; the sink reconnects and sends again once
// before counting the alert as failed. A daemon that stops reading makes
// send block at most `send_timeout`.
#pragma once

#include <atomic>
#include <chrono>
#include <ctime>
#include <string>
#include <string_view>

#include "output/sink.h"
#include "rules/priority.h"

namespace lanner::output {

struct SyslogSinkOptions {
    std::string socket_path = "/dev/log";
    std::string tag = "lanner";
    std::chrono::milliseconds send_timeout{5000};
};

class SyslogSink final : public Sink {
  public:
    explicit SyslogSink(SyslogSinkOptions options = {});
    ~SyslogSink() override;

    std::string name() const override { return "syslog"; }
    void deliver(const RenderedAlert& alert) override;
    void reopen() override;
    void close() override;
    void cancel() noexcept override;

    // LOG_DAEMON | severity.
    static int pri(rules::Priority p) noexcept;
    // One message as sent (without the stream socket's NUL).
    static std::string format_message(rules::Priority p, std::time_t when, std::string_view tag,
                                      long pid, std::string_view text);

  private:
    void connect_socket();
    void disconnect() noexcept;
    // False when the socket is gone (the caller reconnects); throws on
    // other errors.
    bool send_message();

    SyslogSinkOptions options_;
    std::atomic<int> fd_{-1};
    bool stream_ = false;
    std::string message_;  // reused buffer
};

}  // namespace lanner::output
