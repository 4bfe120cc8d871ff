// The error type every layer throws: a message that already names what is
// wrong and where (file:line, field, value). Callers add context by wrapping.
#pragma once

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace lanner {

class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& what) : std::runtime_error(what) {}
    template <typename... Args>
    explicit Error(fmt::format_string<Args...> f, Args&&... args)
        : std::runtime_error(fmt::format(f, std::forward<Args>(args)...)) {}
};

}  // namespace lanner
