// Text forms the state-backed fields share: command lines, environments,
// capability sets and working directories as Falco prints them. Each
// appends to `out` and allocates nothing once `out` has the capacity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "state/thread_table.h"

namespace lanner::fields {

// proc.args: argv[1..] separated by single spaces.
void append_args(const state::Process& p, std::string& out);
// proc.cmdline: the name followed by each argument, space-separated
// ("bash -c ls"; just "bash" without arguments).
void append_cmdline(std::string_view name, const state::Process& p, std::string& out);
// proc.exeline: argv[0], a space, then the arguments.
void append_exeline(const state::Process& p, std::string& out);
// proc.env: NAME=value entries separated by spaces.
void append_env(const state::Process& p, std::string& out);
// proc.env[NAME]: the value of the first NAME=... entry, or nullopt.
std::optional<std::string_view> env_value(const state::Process& p, std::string_view name);
// thread.cap_*: the CAP_ names of the set bits in bit order, space-separated
// ("CAP_CHOWN CAP_KILL"); nothing for an empty set.
void append_capabilities(uint64_t caps, std::string& out);
// proc.cwd: Falco keeps a trailing '/' on working directories ("/root/").
void append_cwd(std::string_view cwd, std::string& out);

}  // namespace lanner::fields
