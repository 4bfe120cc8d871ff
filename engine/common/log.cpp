#include "common/log.h"

#include <syslog.h>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace lanner::log {
namespace {
std::atomic<Level> g_level{Level::Info};
std::mutex g_mutex;  // keeps lines whole when several threads log
std::FILE* g_stream = stderr;
bool g_syslog = false;
bool g_syslog_open = false;
constexpr int kSyslogPriority[] = {LOG_DEBUG, LOG_INFO, LOG_NOTICE, LOG_WARNING, LOG_ERR, LOG_CRIT};
constexpr std::string_view kNames[] = {"debug", "info", "notice", "warning", "error", "critical"};
}  // namespace

void set_level(Level l) noexcept {
    g_level.store(l, std::memory_order_relaxed);
}
Level level() noexcept {
    return g_level.load(std::memory_order_relaxed);
}

bool parse_level(std::string_view text, Level& out) noexcept {
    for (size_t i = 0; i < std::size(kNames); ++i) {
        if (kNames[i] == text) {
            out = static_cast<Level>(i);
            return true;
        }
    }
    if (text == "warn") {
        out = Level::Warning;
        return true;
    }
    return false;
}

void set_destinations(std::FILE* stream, bool to_syslog) noexcept {
    std::lock_guard lock(g_mutex);
    g_stream = stream;
    g_syslog = to_syslog;
    if (to_syslog && !g_syslog_open) {
        openlog("lanner", LOG_PID, LOG_DAEMON);
        g_syslog_open = true;
    }
}

std::FILE* stream() noexcept {
    std::lock_guard lock(g_mutex);
    return g_stream;
}

void write(Level l, std::string_view msg) {
    std::lock_guard lock(g_mutex);
    if (g_stream != nullptr) {
        fmt::print(g_stream, "lanner: {}: {}\n", kNames[static_cast<int>(l)], msg);
        std::fflush(g_stream);
    }
    if (g_syslog)
        syslog(kSyslogPriority[static_cast<int>(l)], "%.*s", static_cast<int>(msg.size()),
               msg.data());
}

}  // namespace lanner::log
