// The guest test groups, in the order main() runs them.
#pragma once

namespace lanner::guest {

// The module (module_tests.cpp).
void module_load();
void module_parameters_by_hand();
void module_version_and_exclusive_open();
void module_poll_watermark();
void module_storm_accounting();
void module_ioctl_fuzz();
void module_cycles_under_load();

// The eBPF driver (bpf_tests.cpp). bpf_can_run() checks and says why not.
bool bpf_can_run();
void bpf_storm_accounting();
void bpf_cycles_under_load(int cycles);

// The driver loader script (loader_tests.cpp).
void loader_commands();

// The engine binary (engine_tests.cpp).
void engine_with_module();
void engine_with_ebpf();

}  // namespace lanner::guest
