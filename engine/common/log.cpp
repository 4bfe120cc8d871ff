#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace lanner::log {
namespace {
std::atomic<Level> g_level{Level::Info};
std::mutex g_mutex;  // keeps lines whole when several threads log
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

void write(Level l, std::string_view msg) {
    std::lock_guard lock(g_mutex);
    fmt::print(stderr, "lanner: {}: {}\n", kNames[static_cast<int>(l)], msg);
    std::fflush(stderr);
}

}  // namespace lanner::log
