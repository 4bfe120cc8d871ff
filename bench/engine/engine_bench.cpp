// Engine throughput: a 1M-event synthetic capture with a realistic syscall
// mix (bench/common/syscall_mix) replayed through the whole engine: capture
// reader, state tracker, every rule of the given files enabled. Reports the
// time to load and compile the rules, events/s on one core, heap
// allocations per event once warm, and the peak RSS.
//
//   engine_bench [--events N] [--runs N] [RULES_FILE...]
//   engine_bench --write-capture FILE [--events N]   (the capture alone, for lanner -e)
//
// Without rule files: Falco's stable, incubating and sandbox files from
// ../shared/compat/rules when present, else Lanner's default rules.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>
#include <string>
#include <vector>

#include "app/engine.h"
#include "heap_allocations.h"
#include "rules/rules_loader.h"
#include "source/replay_source.h"
#include "syscall_mix.h"

namespace {

using namespace lanner;
namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<fs::path> default_rules() {
    const fs::path shared = fs::path(LANNER_SHARED_DIR) / "compat" / "rules";
    if (fs::exists(shared / "falco_rules.yaml"))
        return {shared / "falco_rules.yaml", shared / "falco-incubating_rules.yaml",
                shared / "falco-sandbox_rules.yaml"};
    return {fs::path(LANNER_SOURCE_DIR) / "rules" / "lanner_rules.yaml"};
}

// Loads the rules into `engine` with every rule enabled; returns the count.
size_t load_all_enabled(app::Engine& engine, const std::vector<fs::path>& files) {
    rules::RulesLoader loader(engine.registry());
    for (const auto& f : files) loader.add_path(f);
    auto r = loader.load();
    if (!r.ok()) {
        for (const auto& d : r.diagnostics) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        std::exit(1);
    }
    std::vector<std::string> names;
    for (const auto& rule : r.ruleset->rules()) names.push_back(rule.name);
    for (const auto& n : names) r.ruleset->set_enabled(n, true);
    engine.use_ruleset(r.ruleset);
    return names.size();
}

}  // namespace

int main(int argc, char** argv) {
    size_t events = 1'000'000;
    int runs = 5;
    std::vector<fs::path> files;
    std::string write_only;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--write-capture") == 0 && i + 1 < argc) {
            write_only = argv[++i];
            continue;
        }
        if (std::strcmp(argv[i], "--events") == 0 && i + 1 < argc)
            events = std::strtoull(argv[++i], nullptr, 10);
        else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = std::atoi(argv[++i]);
        else
            files.emplace_back(argv[i]);
    }
    if (!write_only.empty()) {
        std::printf("%zu records in %s\n", bench::write_syscall_mix_capture(write_only, events),
                    write_only.c_str());
        return 0;
    }
    if (files.empty()) files = default_rules();

    // The capture is written by a child, so building it does not count in
    // this process's peak RSS.
    const std::string capture =
        (fs::temp_directory_path() / ("lanner-engine-bench-" + std::to_string(getpid()) + ".lncap"))
            .string();
    const pid_t child = fork();
    if (child == 0) {
        bench::write_syscall_mix_capture(capture, events);
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "engine_bench: writing the capture failed\n");
        return 1;
    }

    std::printf("rules:");
    for (const auto& f : files) std::printf(" %s", f.filename().c_str());
    std::printf("\n");

    // Load + compile, best of `runs`.
    double best_load = 1e9;
    size_t nrules = 0;
    for (int i = 0; i < runs; ++i) {
        app::Engine engine;
        const auto t0 = std::chrono::steady_clock::now();
        nrules = load_all_enabled(engine, files);
        best_load = std::min(best_load, seconds_since(t0));
    }

    double best = 1e9;
    uint64_t n = 0, matches = 0, steady_allocs = 0, steady_events = 0;
    for (int run = 0; run < runs; ++run) {
        ReplaySource source(capture);
        app::EngineOptions eo;
        eo.hostname = source.info().hostname;
        eo.boot_time_ns = source.info().boot_time_ns;
        eo.matching = rules::RuleMatching::All;
        app::Engine engine(eo);
        load_all_enabled(engine, files);
        source.start();
        Event ev;
        n = matches = 0;
        uint64_t allocs_at_half = 0;
        const auto t0 = std::chrono::steady_clock::now();
        while (source.next(ev, std::chrono::milliseconds(0)) == NextStatus::Event) {
            if (++n == events / 2) allocs_at_half = lanner::bench::heap_allocations();
            matches += engine.process(ev).size();
        }
        best = std::min(best, seconds_since(t0));
        steady_allocs = lanner::bench::heap_allocations() - allocs_at_half;
        steady_events = n - events / 2;
    }
    fs::remove(capture);

    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::printf("rules enabled:        %zu\n", nrules);
    std::printf("load + compile:       %.1f ms (best of %d)\n", best_load * 1e3, runs);
    std::printf("records replayed:     %llu (%llu matches)\n", static_cast<unsigned long long>(n),
                static_cast<unsigned long long>(matches));
    std::printf("throughput:           %.3f M events/s, %.0f ns/event (best of %d)\n",
                static_cast<double>(n) / best / 1e6, best * 1e9 / static_cast<double>(n), runs);
    std::printf("steady-state allocs:  %llu over %llu events (%.4f per event)\n",
                static_cast<unsigned long long>(steady_allocs),
                static_cast<unsigned long long>(steady_events),
                static_cast<double>(steady_allocs) / static_cast<double>(steady_events));
    std::printf("peak RSS:             %.1f MiB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
    return 0;
}
