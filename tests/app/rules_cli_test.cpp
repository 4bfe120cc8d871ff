// The rules commands of `lanner`: -V (the compatibility corpus among them),
// -L, -l, --list, -D/-t/-T, --dry-run.
#define BOOST_TEST_MODULE rules_cli
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli_harness.h"

using namespace lanner::test;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(LANNER_SHARED_DIR) / "compat" / "rules";

const std::string kSmallRules = R"(
- list: shells
  items: [bash, sh]
- macro: spawned
  condition: evt.type = execve
- rule: Shell started
  desc: A shell ran.
  condition: spawned and proc.name in (shells)
  output: shell %proc.name
  priority: WARNING
  tags: [shell, mitre_execution]
- rule: Shadow read
  desc: Someone read the shadow file.
  condition: evt.type = openat and fd.name = /etc/shadow
  output: read %fd.name
  priority: error
  tags: [files]
)";

}  // namespace

BOOST_AUTO_TEST_CASE(every_corpus_file_validates) {
    if (!fs::exists(kCorpus)) {
        BOOST_TEST_MESSAGE("no compatibility corpus at " << kCorpus << ": skipped");
        return;
    }
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(kCorpus)) {
        if (entry.path().extension() != ".yaml") continue;
        ++files;
        const auto r = run_lanner({"-V", entry.path().string()});
        BOOST_TEST(r.code == 0, entry.path() << ":\n" << r.out << r.err);
        BOOST_TEST(contains(r.out, entry.path().string() + ": Ok"), r.out);
    }
    BOOST_TEST(files >= 6u);
    // Items of sources Lanner lacks are skipped and say so.
    const auto k8s = run_lanner({"-V", (kCorpus / "k8s_audit_rules.yaml").string()});
    BOOST_TEST(contains(k8s.out, "rules of source 'k8s_audit'"), k8s.out);
    // The three syscall files load together, in Falco's order.
    const auto all = run_lanner({"-V", (kCorpus / "falco_rules.yaml").string(), "-V",
                                 (kCorpus / "falco-incubating_rules.yaml").string(), "-V",
                                 (kCorpus / "falco-sandbox_rules.yaml").string()});
    BOOST_TEST(all.code == 0, all.out);
}

BOOST_AUTO_TEST_CASE(validation_errors_name_file_line_and_item) {
    TempFile bad("bad.yaml",
                 "- rule: Broken\n  desc: x\n  condition: proc.nosuch = 1\n"
                 "  output: x\n  priority: warning\n");
    TempFile good("good.yaml", kSmallRules);
    const auto r = run_lanner({"-V", good.path(), "-V", bad.path()});
    BOOST_TEST(r.code == 1);
    BOOST_TEST(contains(r.out, good.path() + ": Ok"), r.out);
    BOOST_TEST(contains(r.out, bad.path() + ": Invalid"), r.out);
    BOOST_TEST(contains(r.out, bad.path() + ":3:"), r.out);
    BOOST_TEST(contains(r.out, "rule 'Broken'"), r.out);
    BOOST_TEST(contains(r.out, "proc.nosuch"), r.out);
}

BOOST_AUTO_TEST_CASE(list_and_describe_rules) {
    TempFile rules("r.yaml", kSmallRules);
    auto r = run_lanner({"-r", rules.path(), "-L"});
    BOOST_TEST(r.code == 0, r.err);
    const auto lines = r.lines();
    BOOST_REQUIRE(lines.size() == 3u);
    BOOST_TEST(contains(lines[1], "Shell started"));
    BOOST_TEST(contains(lines[1], "Warning"));
    BOOST_TEST(contains(lines[1], "A shell ran."));
    BOOST_TEST(contains(lines[2], "Shadow read"));

    r = run_lanner({"-r", rules.path(), "-l", "Shadow read"});
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(contains(r.out, "Priority: Error"), r.out);
    BOOST_TEST(contains(r.out, "Event types: openat"), r.out);
    BOOST_TEST(contains(r.out, "Tags: [files]"), r.out);
    BOOST_TEST(contains(r.out, rules.path() + ":"), r.out);

    r = run_lanner({"-r", rules.path(), "-l", "No such rule"});
    BOOST_TEST(r.code == 1);
    BOOST_TEST(contains(r.err, "no rule named 'No such rule'"), r.err);
}

BOOST_AUTO_TEST_CASE(selections_disable_rules) {
    TempFile rules("r.yaml", kSmallRules);
    auto state = [&](std::vector<std::string> args, const std::string& rule) {
        args.insert(args.begin(), {"-r", rules.path(), "-l", rule});
        const auto r = run_lanner(args);
        BOOST_REQUIRE(r.code == 0);
        return contains(r.out, "Enabled: true");
    };
    BOOST_TEST(state({}, "Shell started"));
    BOOST_TEST(!state({"-D", "Shell"}, "Shell started"));
    BOOST_TEST(state({"-D", "Shell"}, "Shadow read"));
    BOOST_TEST(!state({"-T", "files"}, "Shadow read"));
    BOOST_TEST(state({"-t", "shell"}, "Shell started"));
    BOOST_TEST(!state({"-t", "shell"}, "Shadow read"));
}

BOOST_AUTO_TEST_CASE(list_fields) {
    auto r = run_lanner({"--list", "-N"});
    BOOST_TEST(r.code == 0);
    const auto names = r.lines();
    auto listed = [&](const std::string& f) {
        return std::find(names.begin(), names.end(), f) != names.end();
    };
    BOOST_TEST(listed("proc.name"));
    BOOST_TEST(listed("fd.name"));
    BOOST_TEST(listed("evt.type"));
    r = run_lanner({"--list", "syscall"});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(r.out.size() > names.size() * 20);  // descriptions, not only names
    r = run_lanner({"--list", "k8s_audit"});
    BOOST_TEST(r.code == 1);
    BOOST_TEST(contains(r.err, "no event source 'k8s_audit'"), r.err);
    r = run_lanner({"--list", "--markdown"});
    BOOST_TEST(contains(r.out, "| "), r.out.substr(0, 200));
}

BOOST_AUTO_TEST_CASE(bad_rules_stop_a_run_before_it_starts) {
    TempFile bad("bad.yaml", "- rule: Broken\n  condition: evt.type = execve\n");
    const auto r = run_lanner({"-r", bad.path(), "-e", "/nonexistent.lncap"});
    BOOST_TEST(r.code == 1);
    BOOST_TEST(contains(r.err, "cannot open"), r.err);  // the capture is opened first
    const auto dry = run_lanner({"-r", bad.path(), "-L"});
    BOOST_TEST(dry.code == 1);
    BOOST_TEST(contains(dry.err, bad.path() + ":1:"), dry.err);
    BOOST_TEST(contains(dry.err, "error"), dry.err);
}

BOOST_AUTO_TEST_CASE(support_prints_what_a_bug_report_needs) {
    TempFile rules("r.yaml", kSmallRules);
    const auto r = run_lanner({"--support", "-r", rules.path(), "-o", "json_output=true"});
    BOOST_TEST(r.code == 0, r.err);
    const auto j = nlohmann::json::parse(r.out);
    BOOST_TEST(j["version"] == LANNER_VERSION);
    BOOST_TEST(!j["system_info"]["release"].get<std::string>().empty());
    BOOST_TEST(j["drivers"].contains("kmod"));
    BOOST_TEST(j["drivers"].contains("ebpf"));
    BOOST_TEST(j["config"]["json_output"] == true);  // the effective configuration
    BOOST_TEST(j["rules"]["loaded"] == 2);
    BOOST_TEST(j["rules"]["files"][0]["name"] == rules.path());
    BOOST_TEST(j["rules"]["files"][0]["content"] == kSmallRules);
    BOOST_TEST(contains(j["cmdline_options"].get<std::string>(), "json_output=true"));
}
