// The effective configuration as text (for --support and -o checks): every
// key with its value, in lanner.yaml's order, in a form load_config reads
// back to the same Config.
#pragma once

#include <string>

#include "config/config.h"
#include "config/config_node.h"

namespace lanner::config {

// The Config as a tree of typed scalars (origins: the built-in defaults).
ConfigNode to_node(const Config& cfg);

std::string render_yaml(const Config& cfg);
std::string render_json(const Config& cfg, int indent = 2);

std::string to_yaml(const ConfigNode& node);
std::string to_json(const ConfigNode& node, int indent = 2);

}  // namespace lanner::config
