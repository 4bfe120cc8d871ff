// `lanner` watching this host: the driver chosen and started, then /proc
// scanned (capture first, so no process is born unseen between the two),
// then events until SIGINT/SIGTERM or -M.
#pragma once

#include <cstdio>

#include "app/options.h"
#include "app/run_config.h"

namespace lanner::app {

int run_live(const CommandOptions& options, const RunConfig& rc, std::FILE* out, std::FILE* err);

// Why this process cannot trace the host (neither root nor CAP_BPF with
// CAP_PERFMON, nor CAP_SYS_ADMIN), in one line; empty when it can.
std::string missing_privilege();

}  // namespace lanner::app
