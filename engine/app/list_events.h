#pragma once

#include <cstdio>

namespace lanner::app {

// Prints the event table (--list-events): one block per event with its
// category, source syscalls and parameters.
void print_event_table(std::FILE* out);

}  // namespace lanner::app
