#include "storm_accounting.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lanner::guest {

void close_storm(Source& src, Captured& cap, int calls) {
    for (int phase = 0; phase < 2; ++phase) {
        for (int i = 0; i < calls / 2; ++i) ::syscall(SYS_close, -1);
        drain(src, cap, std::chrono::milliseconds(100));
    }
    ::syscall(SYS_close, -1);
    drain(src, cap, std::chrono::milliseconds(100));
}

void check_storm_accounting(std::string_view driver, const CpuDropStats& c0, const Captured& cap,
                            int calls) {
    uint64_t drops = 0, lost = 0, read_cpu0 = 0;
    for (auto d : c0.drops) drops += d;
    for (const auto& r : cap.records) {
        Event ev;
        if (Event::decode(r, ev) || ev.hdr().cpu != 0) continue;
        lost += ev.hdr().lost;
        ++read_cpu0;
    }
    fmt::print("metric: {} storm produced={} delivered={} dropped={} ring_full={}\n", driver,
               c0.produced, c0.delivered, drops, c0.drops[LN_DROP_RING_FULL]);
    check(c0.produced >= static_cast<uint64_t>(calls + 1), "storm: produced {} >= {}", c0.produced,
          calls + 1);
    check(c0.delivered + drops == c0.produced, "storm: delivered {} + dropped {} == produced {}",
          c0.delivered, drops, c0.produced);
    check(read_cpu0 == c0.delivered, "storm: records read {} == delivered {}", read_cpu0,
          c0.delivered);
    check(drops > 0 && c0.drops[LN_DROP_RING_FULL] == drops, "storm: drops are ring-full drops");
    check(lost == drops, "storm: sum of 'lost' {} == dropped {}", lost, drops);
}

// A child that opens files and forks until killed.
pid_t start_load() {
    const pid_t load = ::fork();
    if (load == 0) {
        for (unsigned i = 0;; ++i) {
            const int f = ::open("/etc/passwd", O_RDONLY);
            if (f >= 0) ::close(f);
            if (i % 200 == 0) {
                const pid_t c = ::fork();
                if (c == 0) ::_exit(0);
                ::waitpid(c, nullptr, 0);
            }
        }
    }
    return load;
}

}  // namespace lanner::guest
