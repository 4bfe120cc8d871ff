// Checks that involve more than one key (an enabled output without its
// target, drop actions that contradict each other), made after decoding.
#pragma once

#include "config/config.h"
#include "config/config_decode.h"
#include "config/config_diagnostics.h"

namespace lanner::config {

void validate_config(const Config& cfg, const KeyOrigins& origins, const SourceTable& sources,
                     Diagnostics& diags);

}  // namespace lanner::config
