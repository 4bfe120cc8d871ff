#include "output/syslog_sink.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "common/error.h"

namespace lanner::output {
namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// The errors of a send that mean the listening socket went away.
bool socket_gone(int err) {
    return err == ECONNREFUSED || err == ENOTCONN || err == EPIPE || err == ECONNRESET ||
           err == ENOENT || err == EDESTADDRREQ;
}

}  // namespace

SyslogSink::SyslogSink(SyslogSinkOptions options) : options_(std::move(options)) {
    sockaddr_un addr{};
    if (options_.socket_path.empty() || options_.socket_path.size() >= sizeof addr.sun_path)
        throw Error("syslog_output: socket path '{}' is empty or too long", options_.socket_path);
}

SyslogSink::~SyslogSink() {
    disconnect();
}

int SyslogSink::pri(rules::Priority p) noexcept {
    // Falco's priorities are syslog's severities, in the same order.
    return LOG_DAEMON | static_cast<int>(p);
}

std::string SyslogSink::format_message(rules::Priority p, std::time_t when, std::string_view tag,
                                       long pid, std::string_view text) {
    struct tm tm {};
    localtime_r(&when, &tm);
    // syslog(3)'s "%h %e %T", spelled out so the locale cannot change it.
    return fmt::format("<{}>{} {:>2} {:02}:{:02}:{:02} {}[{}]: {}", pri(p), kMonths[tm.tm_mon],
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tag, pid, text);
}

void SyslogSink::connect_socket() {
    if (fd_.load() >= 0) return;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, options_.socket_path.data(), options_.socket_path.size());
    int last_err = 0;
    for (int type : {SOCK_DGRAM, SOCK_STREAM}) {
        const int fd = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
        if (fd < 0) throw Error("syslog_output: cannot create a socket: {}", std::strerror(errno));
        timeval tv{};
        tv.tv_sec = static_cast<time_t>(options_.send_timeout.count() / 1000);
        tv.tv_usec = static_cast<suseconds_t>(options_.send_timeout.count() % 1000) * 1000;
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) {
            stream_ = type == SOCK_STREAM;
            fd_.store(fd);
            return;
        }
        last_err = errno;
        ::close(fd);
        if (last_err != EPROTOTYPE) break;  // a stream socket refuses datagrams so
    }
    throw Error("syslog_output: cannot connect to {}: {}", options_.socket_path,
                std::strerror(last_err));
}

void SyslogSink::disconnect() noexcept {
    const int fd = fd_.exchange(-1);
    if (fd >= 0) ::close(fd);
}

bool SyslogSink::send_message() {
    const int fd = fd_.load();
    if (fd < 0) return false;
    const size_t len = message_.size() + (stream_ ? 1 : 0);  // the stream form sends the NUL
    size_t done = 0;
    while (done < len) {
        const ssize_t n = ::send(fd, message_.c_str() + done, len - done, MSG_NOSIGNAL);
        if (n >= 0) {
            done += static_cast<size_t>(n);
            if (!stream_) break;  // one datagram, whole or not at all
            continue;
        }
        if (errno == EINTR) continue;
        if (socket_gone(errno)) return false;
        const int err = errno;
        disconnect();
        if (err == EAGAIN || err == EWOULDBLOCK)
            throw Error("syslog_output: {} did not take the message within {} ms",
                        options_.socket_path, options_.send_timeout.count());
        throw Error("syslog_output: cannot send to {}: {}", options_.socket_path,
                    std::strerror(err));
    }
    return true;
}

void SyslogSink::deliver(const RenderedAlert& alert) {
    message_ = format_message(alert.alert().priority, std::time(nullptr), options_.tag,
                              static_cast<long>(::getpid()), alert.line());
    connect_socket();
    if (send_message()) return;
    // The daemon went away (restarted, its socket replaced): reconnect once.
    disconnect();
    connect_socket();
    if (send_message()) return;
    disconnect();
    throw Error("syslog_output: {} refused the message", options_.socket_path);
}

void SyslogSink::reopen() {
    disconnect();
}

void SyslogSink::close() {
    disconnect();
}

void SyslogSink::cancel() noexcept {
    const int fd = fd_.load();
    if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace lanner::output
