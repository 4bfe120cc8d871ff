// The drivers' tests inside a qemu guest, run by scripts/kernel-test as
// root with the module built for the guest's kernel: the module's own tests,
// the scripted actions and the syscall tour under the module and under the
// eBPF driver, the parity of the two drivers' records, stress, and the
// engine binary with each driver. Each check prints "ok" or "not ok"; the
// end prints "LANNER-RESULT: <driver> pass|fail <passed> <failed>" per
// driver (kmod, ebpf, parity) and "N passed, M failed"; the exit status is 0
// only when nothing failed. Metrics lines start with "metric:".
//
//   kmod_guest_test MODULE.ko [LANNER [--only GROUP,...]]
//
// Groups (all by default): module, actions (both drivers, then parity),
// bpf-stress, engine (the driver loader and the engine binary, when LANNER
// is given). --only is for working on one part; kernel-test passes
// it with --guest-args.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <set>
#include <string>

#include <fmt/format.h>

#include "actions.h"
#include "guest_check.h"
#include "guest_module.h"
#include "guest_tests.h"
#include "parity.h"
#include "source/bpf_source.h"
#include "source/kmod_source.h"

using namespace lanner;
using namespace lanner::guest;

namespace {

// eBPF start/stop cycles under load; each start loads and verifies the
// whole program set, which TCG makes slow.
constexpr int kBpfCycles = 5;
// Parity differences printed (all are counted).
constexpr size_t kMaxDifferencesShown = 100;

std::set<std::string> g_only;  // empty: every group

bool wanted(const char* group) {
    return g_only.empty() || g_only.count(group);
}

void run(Section s, const char* name, const std::function<void()>& fn) {
    set_section(s);
    fmt::print("# {}\n", name);
    std::fflush(stdout);
    try {
        fn();
    } catch (const std::exception& e) {
        check(false, "{}: exception: {}", name, e.what());
    }
}

ActorRun actions_under(Source& src, const char* metric) {
    const auto t0 = Clock::now();
    src.start();
    fmt::print("metric: {}={:.1f}\n", metric, ms_since(t0));
    ActorRun r = run_actor(src);
    src.stop();
    return r;
}

void parity(const ActorRun& kmod, const ActorRun& ebpf) {
    if (!check(kmod.finished && ebpf.finished, "both drivers ran the actor to the end")) return;
    const ParityReport rep = compare_runs(kmod, "kmod", ebpf, "ebpf");
    for (size_t i = 0; i < rep.differences.size() && i < kMaxDifferencesShown; ++i)
        fmt::print("  diff: {}\n", rep.differences[i]);
    check(rep.threads >= 9 && rep.records >= 140, "parity: {} threads, {} records compared",
          rep.threads, rep.records);
    check(rep.differences.empty(), "parity: the module and the eBPF driver agree ({} differences)",
          rep.differences.size());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || (argc > 3 && (argc != 5 || std::strcmp(argv[3], "--only") != 0))) {
        fmt::print(stderr, "usage: {} MODULE.ko [LANNER [--only GROUP,...]]\n", argv[0]);
        return 2;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    init_checks();
    set_paths({argv[1], argc > 2 ? argv[2] : ""});
    if (argc == 5) {
        std::string groups = argv[4];
        for (size_t pos = 0; pos <= groups.size();) {
            const size_t comma = std::min(groups.find(',', pos), groups.size());
            g_only.insert(groups.substr(pos, comma - pos));
            pos = comma + 1;
        }
    }

    ActorRun kmod_run, ebpf_run;
    run(Section::Kmod, "load", module_load);
    if (wanted("module")) {
        run(Section::Kmod, "parameters by hand", module_parameters_by_hand);
        run(Section::Kmod, "version and exclusive open", module_version_and_exclusive_open);
    }
    bool bpf = false;
    run(Section::Ebpf, "eBPF support", [&] { bpf = bpf_can_run(); });
    if (wanted("actions")) {
        run(Section::Kmod, "actions under the module", [&] {
            KmodSource src({});
            kmod_run = actions_under(src, "attach_ms");
        });
        if (bpf)
            run(Section::Ebpf, "actions under the eBPF driver", [&] {
                BpfSource src;
                ebpf_run = actions_under(src, "ebpf_attach_ms");
            });
        run(Section::Parity, "driver parity", [&] { parity(kmod_run, ebpf_run); });
    }
    if (wanted("module")) {
        run(Section::Kmod, "poll watermark", module_poll_watermark);
        run(Section::Kmod, "storm accounting", module_storm_accounting);
        run(Section::Kmod, "ioctl fuzz", module_ioctl_fuzz);
        run(Section::Kmod, "cycles under load", module_cycles_under_load);
    }
    if (bpf && wanted("bpf-stress")) {
        run(Section::Ebpf, "eBPF storm accounting", bpf_storm_accounting);
        run(Section::Ebpf, "eBPF cycles under load", [] { bpf_cycles_under_load(kBpfCycles); });
    }
    if (wanted("engine")) {
        if (!paths().lanner.empty()) run(Section::Kmod, "driver loader", loader_commands);
        run(Section::Kmod, "engine with the module", engine_with_module);
        if (bpf) run(Section::Ebpf, "engine with the eBPF driver", engine_with_ebpf);
    }
    run(Section::Kmod, "final unload", [] {
        if (module_loaded()) check(unload_module() == 0, "module unloads");
        check(!module_loaded(), "the module is not loaded at the end");
    });
    return print_results() == 0 ? 0 : 1;
}
