#include "busybox_container.h"

#include <linux/capability.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

namespace lanner::live {

namespace fs = std::filesystem;

namespace {

// Capability names by number, as the OCI spec spells them.
#define LIVE_CAP(name) \
    { CAP_##name, "CAP_" #name }
struct CapName {
    int number;
    const char* name;
};
constexpr CapName kCapNames[] = {
    LIVE_CAP(CHOWN),
    LIVE_CAP(DAC_OVERRIDE),
    LIVE_CAP(DAC_READ_SEARCH),
    LIVE_CAP(FOWNER),
    LIVE_CAP(FSETID),
    LIVE_CAP(KILL),
    LIVE_CAP(SETGID),
    LIVE_CAP(SETUID),
    LIVE_CAP(SETPCAP),
    LIVE_CAP(LINUX_IMMUTABLE),
    LIVE_CAP(NET_BIND_SERVICE),
    LIVE_CAP(NET_BROADCAST),
    LIVE_CAP(NET_ADMIN),
    LIVE_CAP(NET_RAW),
    LIVE_CAP(IPC_LOCK),
    LIVE_CAP(IPC_OWNER),
    LIVE_CAP(SYS_MODULE),
    LIVE_CAP(SYS_RAWIO),
    LIVE_CAP(SYS_CHROOT),
    LIVE_CAP(SYS_PTRACE),
    LIVE_CAP(SYS_PACCT),
    LIVE_CAP(SYS_ADMIN),
    LIVE_CAP(SYS_BOOT),
    LIVE_CAP(SYS_NICE),
    LIVE_CAP(SYS_RESOURCE),
    LIVE_CAP(SYS_TIME),
    LIVE_CAP(SYS_TTY_CONFIG),
    LIVE_CAP(MKNOD),
    LIVE_CAP(LEASE),
    LIVE_CAP(AUDIT_WRITE),
    LIVE_CAP(AUDIT_CONTROL),
    LIVE_CAP(SETFCAP),
    LIVE_CAP(MAC_OVERRIDE),
    LIVE_CAP(MAC_ADMIN),
    LIVE_CAP(SYSLOG),
    LIVE_CAP(WAKE_ALARM),
    LIVE_CAP(BLOCK_SUSPEND),
    LIVE_CAP(AUDIT_READ),
    LIVE_CAP(PERFMON),
    LIVE_CAP(BPF),
    LIVE_CAP(CHECKPOINT_RESTORE),
};
#undef LIVE_CAP

// "Every capability" is what this process may pass on: its bounding set
// (a sandbox may lack some, and runc refuses to grant those).
nlohmann::json bounding_capabilities() {
    std::ifstream in("/proc/self/status");
    uint64_t bits = 0;
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("CapBnd:")) bits = std::stoull(line.substr(7), nullptr, 16);
    nlohmann::json caps = nlohmann::json::array();
    for (const auto& c : kCapNames)
        if (bits & (uint64_t{1} << c.number)) caps.push_back(c.name);
    return caps;
}

void write_file(const fs::path& path, std::string_view text) {
    std::ofstream(path, std::ios::binary) << text;
}

void make_rootfs(const fs::path& root) {
    for (const char* d : {"bin", "proc", "dev", "sys", "tmp", "etc", "mnt", "root"})
        fs::create_directories(root / d);
    fs::copy_file("/usr/bin/busybox", root / "bin/busybox");
    const ProgramResult list = run_program({"/usr/bin/busybox", "--list"});
    BOOST_REQUIRE_MESSAGE(list.ok(), "busybox --list: " << list.describe());
    std::istringstream applets(list.output);
    for (std::string a; std::getline(applets, a);)
        if (!a.empty() && a != "busybox") fs::create_symlink("busybox", root / "bin" / a);
    // A package manager's and a user management tool's names, which this
    // busybox lacks: it answers "applet not found", but the program started
    // under that name, which is what the rules see.
    for (const char* name : {"apk", "useradd"}) fs::create_symlink("busybox", root / "bin" / name);
    write_file(root / "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    write_file(root / "etc/group", "root:x:0:\n");
    // Not a module: the kernel is asked to load it all the same.
    write_file(root / "x.ko", "not a kernel module\n");
}

}  // namespace

BusyboxContainer::BusyboxContainer(const std::string& dir, const Options& options)
    : dir_(dir), rootfs_(dir + "/rootfs"), id_(random_hex_id()), terminal_(options.terminal) {
    fs::create_directories(dir_);
    make_rootfs(rootfs_);
    const ProgramResult spec = run_program({"runc", "spec", "--bundle", dir_});
    BOOST_REQUIRE_MESSAGE(spec.ok(), "runc spec: " << spec.describe());
    nlohmann::json config;
    {
        std::ifstream in(dir_ + "/config.json");
        config = nlohmann::json::parse(in);
    }
    config["root"] = {{"path", "rootfs"}, {"readonly", false}};
    config["process"]["terminal"] = options.terminal;
    config["process"]["args"] = options.args;
    config["hostname"] = "lanner-live";
    auto& lx = config["linux"];
    lx["cgroupsPath"] = "/docker/" + id_;
    nlohmann::json namespaces = nlohmann::json::array();
    for (const auto& ns : lx["namespaces"])
        if (ns.value("type", "") != "network") namespaces.push_back(ns);
    lx["namespaces"] = namespaces;
    if (options.all_capabilities) {
        const nlohmann::json caps = bounding_capabilities();
        for (const char* set : {"bounding", "effective", "permitted", "ambient"})
            config["process"]["capabilities"][set] = caps;
    }
    std::ofstream(dir_ + "/config.json") << config.dump(2);
}

BusyboxContainer::~BusyboxContainer() {
    run_program({"runc", "delete", "--force", id_}, "", std::chrono::seconds(10));
}

ProgramResult BusyboxContainer::run(const std::string& input) {
    // runc gives the container a pty only when it runs on one itself:
    // script(1) provides it and types our input on it.
    const ProgramResult r =
        terminal_
            ? run_program({"script", "-qec", "runc run --bundle " + dir_ + " " + id_, "/dev/null"},
                          input)
            : run_program({"runc", "run", "--bundle", dir_, id_}, input);
    BOOST_REQUIRE_MESSAGE(r.ok(), "runc run " << id_ << ": " << r.describe());
    return r;
}

}  // namespace lanner::live
