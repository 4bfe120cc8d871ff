#include "app/driver_select.h"

#include <fcntl.h>
#include <linux/module.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "common/error.h"
#include "source/bpf_source.h"
#include "source/kmod_source.h"

namespace lanner::app {
namespace {

namespace fs = std::filesystem;

std::string kernel_release() {
    utsname u{};
    uname(&u);
    return u.release;
}

// The installed module for `release`: DKMS puts it below updates/dkms/, a
// manual install anywhere under the release's tree; compressed or not.
std::optional<fs::path> find_module(const fs::path& root, const std::string& release) {
    const fs::path tree = root / release;
    std::error_code ec;
    if (!fs::is_directory(tree, ec)) return std::nullopt;
    for (const char* name : {"lanner.ko", "lanner.ko.xz", "lanner.ko.zst", "lanner.ko.gz"}) {
        const fs::path dkms = tree / "updates" / "dkms" / name;
        if (fs::exists(dkms, ec)) return dkms;
    }
    for (auto it = fs::recursive_directory_iterator(
             tree, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string file = it->path().filename().string();
        if (file == "lanner.ko" || file.starts_with("lanner.ko.")) return it->path();
    }
    return std::nullopt;
}

std::string finit_failure(int err, const fs::path& ko, const std::string& release) {
    switch (err) {
        case ENOSYS:
            return "the kernel has no module support (CONFIG_MODULES is off)";
        case EKEYREJECTED:
        case ENOKEY:
        case EBADMSG:
            return fmt::format(
                "the kernel refused {}: module signature enforcement is on and the module is "
                "not signed with a trusted key ({}); enrol the DKMS signing key (mokutil "
                "--import) or use the eBPF driver",
                ko.string(), std::strerror(err));
        case EPERM:
            return fmt::format(
                "the kernel refused {}: kernel lockdown or a missing CAP_SYS_MODULE (EPERM)",
                ko.string());
        case ENOEXEC:
            return fmt::format(
                "{} is not a module for this kernel ({}): rebuild it with "
                "lanner-driver-loader build",
                ko.string(), release);
        case EINVAL:
            return fmt::format(
                "the kernel refused {} (EINVAL): built for another kernel than {}, or a bad "
                "parameter; rebuild it with lanner-driver-loader build",
                ko.string(), release);
        case ENOENT:
            return fmt::format(
                "{} needs symbols this kernel does not export (ENOENT): "
                "rebuild it for {}",
                ko.string(), release);
        default:
            return fmt::format("finit_module({}): {}", ko.string(), std::strerror(err));
    }
}

bool wait_for_device(const std::string& device) {
    // The misc device node appears as the module registers it (devtmpfs).
    for (int i = 0; i < 100; ++i) {
        struct stat st {};
        if (::stat(device.c_str(), &st) == 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

std::unique_ptr<Source> open_kmod(const DriverRequest& r, std::string& description) {
    KmodOptions o;
    o.device = r.device;
    o.interest = r.interest;
    o.snaplen = r.snaplen;
    auto src = std::make_unique<KmodSource>(o);
    src->start();
    const auto& v = src->version();
    description =
        fmt::format("kernel module ({}, API {}, schema {}.{}, {} rings)", r.device, v.api_version,
                    v.schema_version >> 16, v.schema_version & 0xffff, src->ring_count());
    return src;
}

std::unique_ptr<Source> open_ebpf(const DriverRequest& r, std::string& description) {
    if (auto why = BpfSource::unsupported_reason()) throw Error("{}", *why);
    BpfSourceOptions o;
    o.ring_bytes_per_cpu = r.ebpf_ring_bytes;
    o.snaplen = r.snaplen;
    o.interest = r.interest;
    auto src = std::make_unique<BpfSource>(o);
    src->start();
    description = fmt::format("eBPF driver (CO-RE, {} MiB ring per CPU)", r.ebpf_ring_bytes >> 20);
    return src;
}

}  // namespace

std::optional<DriverKind> parse_driver_kind(std::string_view text) noexcept {
    if (text == "auto") return DriverKind::Auto;
    if (text == "kmod") return DriverKind::Kmod;
    if (text == "ebpf" || text == "modern_ebpf") return DriverKind::Ebpf;
    return std::nullopt;
}

std::string kernel_module_status(const DriverRequest& r) {
    struct stat st {};
    if (::stat(r.device.c_str(), &st) == 0) return fmt::format("loaded ({} exists)", r.device);
    const std::string release = kernel_release();
    if (syscall(SYS_finit_module, -1, "", 0) != 0 && errno != EBADF)
        return "not loadable: " + finit_failure(errno, "the module", release);
    if (!r.kmod_path.empty()) return "not loaded; would load " + r.kmod_path;
    if (auto found = find_module(r.modules_root, release))
        return "not loaded; would load " + found->string();
    return fmt::format("not built for this kernel (no lanner.ko under {}/{})", r.modules_root,
                       release);
}

std::optional<std::string> load_kernel_module(const DriverRequest& r) {
    const std::string release = kernel_release();
    // Is there module support at all? finit_module checks its capability
    // and the kernel's support before it looks at the fd.
    if (syscall(SYS_finit_module, -1, "", 0) != 0 && errno != EBADF)
        return finit_failure(errno, "the module", release);

    fs::path ko;
    if (!r.kmod_path.empty()) {
        ko = r.kmod_path;
    } else if (auto found = find_module(r.modules_root, release)) {
        ko = *found;
    } else {
        return fmt::format(
            "the module is not built for this kernel (no lanner.ko under {}/{}): "
            "run lanner-driver-loader build (needs linux-headers-{})",
            r.modules_root, release, release);
    }
    const int fd = ::open(ko.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fmt::format("cannot open {}: {}", ko.string(), std::strerror(errno));
    const std::string params =
        r.kmod_ring_bytes != 0 ? fmt::format("ring_bytes={}", r.kmod_ring_bytes) : "";
    const bool compressed = ko.extension() != ".ko";
    int rc = static_cast<int>(syscall(SYS_finit_module, fd, params.c_str(),
                                      compressed ? MODULE_INIT_COMPRESSED_FILE : 0));
    const int err = errno;
    ::close(fd);
    if (rc != 0 && err != EEXIST) return finit_failure(err, ko, release);
    if (!wait_for_device(r.device))
        return fmt::format("the module is loaded but {} did not appear", r.device);
    return std::nullopt;
}

OpenedDriver open_driver(const DriverRequest& r) {
    OpenedDriver out;
    if (r.kind == DriverKind::Auto || r.kind == DriverKind::Kmod) {
        struct stat st {};
        std::optional<std::string> why;
        if (::stat(r.device.c_str(), &st) != 0) why = load_kernel_module(r);
        if (!why) {
            try {
                out.source = open_kmod(r, out.description);
                return out;
            } catch (const Error& e) {
                why = e.what();
            }
        }
        out.fallback_reasons.push_back("kernel module: " + *why);
        if (r.kind == DriverKind::Kmod) throw Error("the kernel module cannot run: {}", *why);
    }
    try {
        out.source = open_ebpf(r, out.description);
        return out;
    } catch (const Error& e) {
        out.fallback_reasons.push_back(fmt::format("eBPF driver: {}", e.what()));
    }
    throw Error("no driver can run on this host:\n  {}", fmt::join(out.fallback_reasons, "\n  "));
}

}  // namespace lanner::app
