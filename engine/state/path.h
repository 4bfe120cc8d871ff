// File-system path arithmetic as the state tracker needs it: resolve a path
// a process passed against its cwd or a directory fd's name, normalised the
// way Falco shows fd.name ("." and ".." applied, "//" collapsed, no trailing
// "/"). Purely lexical: symbolic links are not followed (the kernel's view
// of the final path is not in the record).
#pragma once

#include <string>
#include <string_view>

namespace lanner::state {

// Writes into `out` (cleared first; its capacity is reused) the normalised
// form of `path`, resolved against `base` when `path` is relative. An
// absolute `path` ignores `base`. With an empty or relative `base` a relative
// `path` stays relative (what is known of it, normalised). ".." never climbs
// above "/".
void resolve_path(std::string_view base, std::string_view path, std::string& out);

// Lexical parts of a normalised absolute path: "/a/b" -> "/a" and "b";
// "/a" -> "/" and "a"; "/" -> "/" and "".
std::string_view path_directory(std::string_view path) noexcept;
std::string_view path_basename(std::string_view path) noexcept;

}  // namespace lanner::state
