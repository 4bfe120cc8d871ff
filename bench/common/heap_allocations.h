// Heap allocations counted across the whole program: linking this file
// replaces the global operator new/delete, so a benchmark can check that
// its steady state allocates nothing per event.
#pragma once

#include <cstdint>

namespace lanner::bench {

// Allocations made through operator new since the program started.
uint64_t heap_allocations() noexcept;

}  // namespace lanner::bench
