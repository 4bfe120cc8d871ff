// Engine log: one line per message on stderr ("lanner: level: text"), with a
// minimum level. The configuration issue adds syslog; callers do not change.
#pragma once

#include <string_view>

#include <fmt/format.h>

namespace lanner::log {

enum class Level { Debug = 0, Info = 1, Notice = 2, Warning = 3, Error = 4, Critical = 5 };

void set_level(Level l) noexcept;
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
