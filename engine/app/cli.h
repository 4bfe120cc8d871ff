// The `lanner` command line: parses options and runs the chosen action.
#pragma once

namespace lanner::app {

// Runs the command; returns the process exit status (2 for usage errors).
int run_cli(int argc, char** argv);

}  // namespace lanner::app
