// Loading and unloading the module under test, and its ring size.
#pragma once

#include <cstdint>
#include <string>

namespace lanner::guest {

// Paths the guest program was given (scripts/kernel-test puts them in /test).
struct GuestPaths {
    std::string module;  // lanner.ko built for this kernel
    std::string lanner;  // the engine binary; empty when not in the initramfs
};
const GuestPaths& paths();
void set_paths(GuestPaths p);

// finit_module of the module with `params`; 0 or the errno.
int load_module(const std::string& params = "");
// delete_module("lanner", O_NONBLOCK); 0 or the errno.
int unload_module();
bool module_loaded();
// The module parameter read at each open of /dev/lanner.
void set_ring_bytes(uint32_t bytes);

}  // namespace lanner::guest
