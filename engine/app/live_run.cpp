#include "app/live_run.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/format.h>

#include "app/live_session.h"

namespace lanner::app {

std::string missing_privilege() {
    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (syscall(SYS_capget, &hdr, data) != 0)
        return geteuid() == 0 ? "" : "lanner needs root to watch this host (run it with sudo)";
    const auto has = [&](int cap) { return (data[cap / 32].effective >> (cap % 32)) & 1; };
    constexpr int kCapSysAdmin = 21, kCapPerfmon = 38, kCapBpf = 39;
    if (has(kCapSysAdmin) || (has(kCapBpf) && has(kCapPerfmon))) return "";
    return "lanner needs root (or CAP_BPF and CAP_PERFMON) to watch this host: run it with sudo";
}

int run_live(const CommandOptions& o, const RunConfig& rc, std::FILE* out, std::FILE* err) {
    if (const std::string why = missing_privilege(); !why.empty()) {
        fmt::print(err, "lanner: {}\n", why);
        return 1;
    }
    LiveSession session(o, rc, out, err);
    return session.run();
}

}  // namespace lanner::app
