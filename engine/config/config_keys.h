// The set of keys a Config knows, and what to say about a key it does not.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lanner::config {

// Every key path a Config has, in file order: "watch_config_files",
// "engine.kind", "webserver.listen_port"... A list of mappings (rules,
// throttle.rules, append_output) is one key; its items' keys are not listed.
const std::vector<std::string>& config_keys();

// Optimal string alignment distance (Levenshtein plus adjacent swaps).
size_t edit_distance(std::string_view a, std::string_view b);

// The message for an unknown key `key` under `parent` ("" at the top level,
// "webserver", "throttle.rules[0]") whose known keys are `siblings`:
// "unknown key (did you mean 'listen_port'?)", or, for a Falco key Lanner
// does not have, what it is and what to use instead.
std::string unknown_key_message(std::string_view parent, std::string_view key,
                                std::span<const std::string_view> siblings);

// The closest of `candidates` to `word` when close enough to be a likely
// typo, else "".
std::string_view closest(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace lanner::config
