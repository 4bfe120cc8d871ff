// The upstream rule files in ../shared/compat/rules (read in place, never
// copied) against the real field classes: every field they use exists and
// is implemented, and the rules a Falco user expects fire on replayed
// synthetic behaviour. Skipped when ../shared is absent.
#define BOOST_TEST_MODULE compat_rules
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "field_replay.h"

using namespace lanner;
using namespace lanner::capture;

namespace {

// ../shared next to the repository, or where LANNER_SHARED_DIR points (a
// git worktree kept elsewhere).
std::filesystem::path shared_dir() {
    const char* env = std::getenv("LANNER_SHARED_DIR");
    return env != nullptr && *env != '\0' ? std::filesystem::path(env)
                                          : std::filesystem::path(LANNER_SHARED_DIR);
}

const std::filesystem::path kRulesDir = shared_dir() / "compat/rules";

// falco_rules.yaml first (the others use its macros and lists), then the
// rest in name order.
std::vector<std::filesystem::path> rule_files() {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(kRulesDir))
        if (e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
        const bool sa = a.filename() == "falco_rules.yaml", sb = b.filename() == "falco_rules.yaml";
        return sa != sb ? sa : a < b;
    });
    return files;
}

bool have_rules() {
    if (std::filesystem::is_directory(kRulesDir)) return true;
    BOOST_TEST_MESSAGE("skipped: " << kRulesDir << " is absent");
    return false;
}

rules::LoadResult load_all(const std::shared_ptr<fields::FieldRegistry>& registry) {
    rules::RulesLoader loader(registry);
    for (const auto& f : rule_files()) loader.add_path(f);
    auto result = loader.load();
    std::string errors;
    for (const auto& d : result.diagnostics)
        if (d.severity == rules::Severity::Error) errors += d.to_string(false) + "\n";
    BOOST_REQUIRE_MESSAGE(result.ok(), "the upstream rules do not load:\n" << errors);
    return result;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_field_the_upstream_rules_use_is_implemented) {
    if (!have_rules()) return;
    SyntheticCapture empty;
    test::FieldReplay replay(empty);
    const auto result = load_all(replay.registry());
    std::set<std::string> pending;
    size_t fields = 0;
    for (const auto& slot : result.ruleset->slots()) {
        if (!slot.field) continue;
        ++fields;
        if (slot.field->def().pending) pending.insert(slot.name);
    }
    BOOST_TEST_MESSAGE(fields << " distinct field uses in " << result.ruleset->rules().size()
                              << " rules");
    BOOST_TEST(fields > 100u);
    std::string list;
    for (const auto& p : pending) list += p + " ";
    BOOST_TEST(pending.empty(), "fields still pending: " << list);
    for (const auto& d : result.diagnostics)
        BOOST_TEST(d.message.find("unknown field") == std::string::npos, d.to_string(false));
}

namespace {

// The rules (by name) that match each event of a replay, all rules enabled
// as Falco's -A-less default leaves them, every match reported.
std::vector<std::set<std::string>> matches_per_event(const SyntheticCapture& cap) {
    test::FieldReplay replay(cap);
    auto result = load_all(replay.registry());
    for (const auto& rule : result.ruleset->rules()) result.ruleset->set_enabled(rule.name, true);
    rules::RuleEvaluator eval(result.ruleset, rules::RuleMatching::All);
    std::vector<std::set<std::string>> out;
    std::vector<const rules::CompiledRule*> matches;
    for (size_t i = 1; i <= cap.event_records(); ++i) {
        replay.to_event(i);
        eval.evaluate(replay.event(), matches);
        std::set<std::string> names;
        for (const auto* m : matches) names.insert(m->name);
        out.push_back(std::move(names));
    }
    return out;
}

const std::string kContainer = "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592";

}  // namespace

BOOST_AUTO_TEST_CASE(upstream_rules_fire_on_classic_behaviour) {
    if (!have_rules()) return;
    SyntheticCapture cap;
    cap.add_standard_accounts();
    cap.add_user(1000, "eve", 1000, "/home/eve", "/bin/bash");
    // cat /etc/shadow by a user's shell.
    cap.add_thread(SyntheticThread(100, "/usr/sbin/sshd").args({"-D"}));
    cap.add_thread(SyntheticThread(101, "/bin/bash").ptid(100).tty(34816).uid(1000).loginuid(1000));
    cap.add_std_fds(101);
    cap.spawn(101, 102, "/usr/bin/cat", {"/etc/shadow"});
    cap.open(102, "/etc/shadow", 3);
    const size_t shadow = cap.event_records();
    // A terminal shell as the entry point into a container (docker exec -it),
    // and a shell spawned by a web server in it.
    cap.add_thread(SyntheticThread(200, "/usr/bin/containerd-shim").container(kContainer));
    cap.add_thread(SyntheticThread(201, "/usr/sbin/nginx").ptid(200).container(kContainer));
    cap.spawn(200, 202, "/bin/bash", {"-i"}).set("tty", 34817u);
    const size_t shell = cap.event_records();
    cap.spawn(201, 203, "/bin/sh", {"-c", "id"});
    const size_t web_shell = cap.event_records();
    // Fileless execution from a memfd.
    cap.add_thread(SyntheticThread(300, "/usr/bin/python3").uid(1000));
    cap.event("memfd_create", 300).set("fd", int64_t{3}).set("name", "x").set("flags", uint64_t{0});
    cap.spawn(300, 301, "/memfd:x (deleted)", {}).set("flags", uint64_t{LN_EXE_FROM_MEMFD});
    const size_t memfd = cap.event_records();

    // A reverse shell's redirection of stdout to a socket, in a container.
    cap.add_thread(SyntheticThread(210, "/bin/sh").ptid(201).container(kContainer));
    cap.event("socket", 210)
        .set("fd", int64_t{3})
        .set("domain", int64_t{AF_INET})
        .set("type", uint64_t{SOCK_STREAM})
        .set("proto", uint64_t{0});
    cap.connect(210, 3, "203.0.113.5", 4444);
    cap.event("dup2", 210).set("res", int64_t{1}).set("oldfd", int64_t{3}).set("newfd", int64_t{1});
    const size_t redirect = cap.event_records();
    // apt in a container.
    cap.spawn(201, 211, "/usr/bin/apt-get", {"install", "-y", "nmap"});
    const size_t apt = cap.event_records();
    // A kernel module loaded from a container with CAP_SYS_MODULE.
    cap.add_thread(SyntheticThread(220, "/sbin/insmod").ptid(200).container(kContainer));
    cap.add_fd(220, 3, "/tmp/rootkit.ko", LN_FD_FILE, O_RDONLY);
    cap.event("finit_module", 220)
        .set("res", int64_t{0})
        .set("fd", int64_t{3})
        .set("uargs", "")
        .set("flags", uint64_t{0});
    const size_t module = cap.event_records();
    // A symlink over /etc/shadow.
    cap.event("symlinkat", 101)
        .set("res", int64_t{0})
        .set("target", "/etc/shadow")
        .set("linkdirfd", int64_t{-100})
        .set("linkpath", "s");
    const size_t symlink = cap.event_records();

    const auto fired = matches_per_event(cap);
    auto names = [](const std::set<std::string>& s) {
        std::string out;
        for (const auto& n : s) out += "'" + n + "' ";
        return out;
    };
    BOOST_TEST(fired[shadow - 1].count("Read sensitive file untrusted") == 1u,
               "on cat /etc/shadow: " << names(fired[shadow - 1]));
    BOOST_TEST(fired[shell - 1].count("Terminal shell in container") == 1u,
               "on bash -i in a container: " << names(fired[shell - 1]));
    BOOST_TEST(fired[web_shell - 1].count("Run shell untrusted") == 1u,
               "on nginx running sh: " << names(fired[web_shell - 1]));
    BOOST_TEST(fired[web_shell - 1].count("Terminal shell in container") == 0u);
    const std::pair<size_t, const char*> expected[] = {
        {redirect, "Redirect STDOUT/STDIN to Network Connection in Container"},
        {apt, "Launch Package Management Process in Container"},
        {module, "Linux Kernel Module Injection Detected"},
        {symlink, "Create Symlink Over Sensitive Files"},
    };
    for (const auto& [event, rule] : expected)
        BOOST_TEST(fired[event - 1].count(rule) == 1u,
                   rule << " on event " << event << ": " << names(fired[event - 1]));
    BOOST_TEST(fired[memfd - 1].count("Fileless execution via memfd_create") == 1u,
               "on the memfd exec: " << names(fired[memfd - 1]));
}
