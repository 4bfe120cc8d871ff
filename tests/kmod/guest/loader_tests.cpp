// scripts/lanner-driver-loader where modules load: status, load (the module
// found where DKMS installs it, a refused parameter, a missing file),
// unload (refused while a reader is attached), --ebpf, and build without
// headers; every failure says what is missing and what to do.
#include <sys/stat.h>

#include <string>
#include <vector>

#include "guest_check.h"
#include "guest_module.h"
#include "guest_tests.h"
#include "source/kmod_source.h"

namespace lanner::guest {
namespace {

constexpr const char* kLoader = "/usr/sbin/lanner-driver-loader";

ProgramRun loader(std::vector<std::string> args) {
    args.insert(args.begin(), {"/bin/bash", kLoader});
    return run_program(args);
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// One check, with the loader's output when it fails.
void expect(bool ok, const ProgramRun& r, const std::string& what) {
    if (!check(ok, "loader: {}", what))
        fmt::print("  status {:#x}\n  stdout: {}\n  stderr: {}\n", r.status, r.out, r.err);
}

}  // namespace

void loader_commands() {
    struct stat st {};
    if (!check(::stat(kLoader, &st) == 0, "the driver loader is in the guest")) return;
    if (module_loaded()) unload_module();

    ProgramRun r = loader({"status"});
    expect(r.exited(0) && has(r.out, "module: not loaded") &&
               has(r.out, "installed for this kernel: /lib/modules/") &&
               has(r.out, "accepts unsigned modules"),
           r, "status: not loaded, installed where DKMS puts it, unsigned modules accepted");

    r = loader({"load", "--ring-bytes", "12345"});
    expect(r.exited(1) && has(r.err, "ring_bytes must be a power of two") && !module_loaded(), r,
           "load --ring-bytes 12345 is refused, saying what ring_bytes must be");

    r = loader({"load", "--ring-bytes", "1048576"});
    expect(r.exited(0) && has(r.out, "loaded: /dev/lanner 600 root") && module_loaded(), r,
           "load finds the installed module and loads it (/dev/lanner 600 root)");

    r = loader({"status"});
    expect(r.exited(0) && has(r.out, "module: loaded (version 0.1.0, ring_bytes 1048576)") &&
               has(r.out, "device: /dev/lanner 600 root"),
           r, "status: loaded, its version, ring size and device");

    {
        KmodSource reader({});
        r = loader({"unload"});
        expect(r.exited(1) && has(r.err, "a reader has /dev/lanner open") && module_loaded(), r,
               "unload is refused while a reader is attached, saying why");
    }
    r = loader({"unload"});
    expect(r.exited(0) && has(r.out, "unloaded") && !module_loaded(), r, "unload");

    r = loader({"load", "--path", "/nonexistent/lanner.ko"});
    expect(r.exited(1) && has(r.err, "no module at /nonexistent/lanner.ko") &&
               has(r.err, "lanner-driver-loader build"),
           r, "load of a missing file says what to run");

    r = loader({"build"});
    expect(r.exited(1) && has(r.err, "install linux-headers-"), r,
           "build without headers says which package to install");

    r = loader({"--ebpf"});
    expect(r.exited(0) && has(r.out, "the eBPF driver can run"), r, "--ebpf");
}

}  // namespace lanner::guest
