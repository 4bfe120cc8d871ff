// Decoding a merged configuration tree into a Config: every key checked
// for its type and value, unknown keys warned about, each problem reported
// at the place its value came from.
#pragma once

#include <map>
#include <string>

#include "config/config.h"
#include "config/config_diagnostics.h"
#include "config/config_node.h"

namespace lanner::config {

// Where each decoded key's value came from, by key path
// ("webserver.listen_port", "throttle.rules[0].rule").
using KeyOrigins = std::map<std::string, Origin, std::less<>>;

// Decodes `root` (a mapping) over `out`: keys absent or null in `root` keep
// the value `out` has. Values with errors keep it too.
void decode_config(const ConfigNode& root, const SourceTable& sources, Diagnostics& diags,
                   Config& out, KeyOrigins& origins);

// Only `config_files` from `root`, for finding the drop-ins before the rest
// is merged (messages about it come from decode_config later).
std::vector<ConfigFileRef> decode_config_files(const ConfigNode& root, const SourceTable& sources);

}  // namespace lanner::config
