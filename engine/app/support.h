// `lanner --support`: what a bug report needs, as JSON on stdout: versions,
// the kernel, which drivers could run and why not, the effective
// configuration and the rules (names, counts, contents), in the spirit of
// `falco --support`.
#pragma once

#include <cstdio>

#include "app/options.h"
#include "app/run_config.h"

namespace lanner::app {

int print_support(const CommandOptions& options, const RunConfig& rc, std::FILE* out,
                  std::FILE* err);

}  // namespace lanner::app
