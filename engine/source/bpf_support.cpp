#include "source/bpf_support.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace lanner {

namespace {

constexpr const char* kBtfPath = "/sys/kernel/btf/vmlinux";
constexpr const char* kLockdownPath = "/sys/kernel/security/lockdown";

// The active lockdown mode ("none", "integrity", "confidentiality"), or ""
// when securityfs does not tell.
std::string lockdown_mode() {
    std::ifstream in(kLockdownPath);
    std::string line;
    if (!in || !std::getline(in, line)) return "";
    const auto open = line.find('[');
    const auto close = line.find(']', open);
    if (open == std::string::npos || close == std::string::npos) return "";
    return line.substr(open + 1, close - open - 1);
}

// CAP_BPF and CAP_PERFMON (5.8+), or CAP_SYS_ADMIN, in the effective set.
bool has_bpf_privileges() {
    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capget, &hdr, data) != 0) return geteuid() == 0;
    const auto has = [&](int cap) { return (data[cap / 32].effective >> (cap % 32)) & 1; };
    constexpr int kCapSysAdmin = 21, kCapPerfmon = 38, kCapBpf = 39;
    return has(kCapSysAdmin) || (has(kCapBpf) && has(kCapPerfmon));
}

}  // namespace

KernelVersion parse_kernel_release(const std::string& release) {
    KernelVersion v;
    if (std::sscanf(release.c_str(), "%d.%d", &v.major, &v.minor) != 2) return {};
    return v;
}

std::optional<std::string> bpf_unsupported_reason() {
#if !defined(LANNER_HAVE_BPF)
#if defined(LANNER_BPF_SKIPPED_REASON)
    return std::string(LANNER_BPF_SKIPPED_REASON);
#else
    return std::string("the eBPF driver was not built");
#endif
#else
    utsname u{};
    uname(&u);
    const KernelVersion v = parse_kernel_release(u.release);
    if (!v.at_least(5, 8))
        return fmt::format(
            "kernel {} is older than 5.8, which the eBPF driver needs (BPF ring buffers); "
            "use the kernel module",
            u.release);
    if (!std::filesystem::exists(kBtfPath))
        return fmt::format(
            "kernel {} has no BTF type information ({} is missing; CONFIG_DEBUG_INFO_BTF); "
            "use the kernel module",
            u.release, kBtfPath);
    if (lockdown_mode() == "confidentiality")
        return std::string(
            "the kernel is locked down (lockdown=confidentiality), which forbids BPF "
            "programs from reading kernel memory; use the kernel module");
    if (!has_bpf_privileges())
        return std::string(
            "the eBPF driver needs root (CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN)");
    return std::nullopt;
#endif
}

}  // namespace lanner
