// Whether this host can run the eBPF driver, and if not, why, in one line
// (the kernel module is the answer where it cannot).
#pragma once

#include <optional>
#include <string>

namespace lanner {

// nullopt when the driver can be tried; otherwise the first reason found:
// not built, kernel older than 5.8, no BTF, lockdown=confidentiality, or
// missing privileges.
std::optional<std::string> bpf_unsupported_reason();

// "6.18.44" -> {6, 18}; {0, 0} when unreadable.
struct KernelVersion {
    int major = 0;
    int minor = 0;
    bool at_least(int ma, int mi) const { return major > ma || (major == ma && minor >= mi); }
};
KernelVersion parse_kernel_release(const std::string& release);

}  // namespace lanner
