// Engine log: one line per message ("lanner: level: text") on a stream
// (stderr unless configured otherwise) and/or syslog (log_stderr,
// log_syslog, log_level in the configuration), with a minimum level.
#pragma once

#include <cstdio>
#include <string_view>

#include <fmt/format.h>

namespace lanner::log {

enum class Level { Debug = 0, Info = 1, Notice = 2, Warning = 3, Error = 4, Critical = 5 };

void set_level(Level l) noexcept;
// Where lines go: `stream` (nullptr: nowhere) and, when `to_syslog`, the
// daemon facility of syslog as "lanner". The stream must outlive its use.
void set_destinations(std::FILE* stream, bool to_syslog) noexcept;
std::FILE* stream() noexcept;
Level level() noexcept;
bool parse_level(std::string_view text, Level& out) noexcept;
void write(Level l, std::string_view msg);

template <typename... Args>
void debug(fmt::format_string<Args...> f, Args&&... a) {
    if (level() <= Level::Debug) write(Level::Debug, fmt::format(f, std::forward<Args>(a)...));
}
template <typename... Args>
void info(fmt::format_string<Args...> f, Args&&... a) {
    if (level() <= Level::Info) write(Level::Info, fmt::format(f, std::forward<Args>(a)...));
}
template <typename... Args>
void notice(fmt::format_string<Args...> f, Args&&... a) {
    if (level() <= Level::Notice) write(Level::Notice, fmt::format(f, std::forward<Args>(a)...));
}
template <typename... Args>
void warn(fmt::format_string<Args...> f, Args&&... a) {
    if (level() <= Level::Warning) write(Level::Warning, fmt::format(f, std::forward<Args>(a)...));
}
template <typename... Args>
void error(fmt::format_string<Args...> f, Args&&... a) {
    write(Level::Error, fmt::format(f, std::forward<Args>(a)...));
}

}  // namespace lanner::log
