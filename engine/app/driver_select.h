// Choosing and opening the driver (engine.kind, --driver): the kernel module
// first, the eBPF driver when the module cannot run here, and every reason
// collected on the way, so the log says which driver runs and why.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lanner/driver_abi.h"
#include "source/source.h"

namespace lanner::app {

enum class DriverKind { Auto, Kmod, Ebpf };

// "auto", "kmod", "ebpf" (and Falco's "modern_ebpf"); nullopt otherwise.
std::optional<DriverKind> parse_driver_kind(std::string_view text) noexcept;

struct DriverRequest {
    DriverKind kind = DriverKind::Auto;
    ln_interest interest{};
    uint32_t snaplen = LN_DEFAULT_SNAPLEN;
    // Kernel module.
    std::string device = "/dev/lanner";
    std::string kmod_path;  // the .ko to load when the module is not loaded; "": search
                            // /lib/modules/$(uname -r) (where DKMS installs it)
    std::string modules_root = "/lib/modules";
    uint32_t kmod_ring_bytes = 0;  // module parameter at load; 0: the module's default
    // eBPF driver.
    uint32_t ebpf_ring_bytes = 8u << 20;
};

struct OpenedDriver {
    std::unique_ptr<Source> source;  // started
    std::string description;         // "kernel module (/dev/lanner, API 1, schema 1.1)"
    // Why the drivers tried before this one were not used, one line each.
    std::vector<std::string> fallback_reasons;
};

// Opens and starts the requested driver (for Auto: the module, else eBPF).
// Throws lanner::Error listing every reason when none can run.
OpenedDriver open_driver(const DriverRequest& request);

// What --support reports about the module, without loading it: loaded (the
// device exists), loadable from a path, or why not.
std::string kernel_module_status(const DriverRequest& request);

// Why the module cannot be loaded here, or nullopt after loading it (or when
// it already is). Classifies finit_module's errno: no module support,
// signature enforcement, lockdown or missing capability, not built for this
// kernel, built for another kernel.
std::optional<std::string> load_kernel_module(const DriverRequest& request);

}  // namespace lanner::app
