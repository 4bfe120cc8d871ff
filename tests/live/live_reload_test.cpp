// Reloads under live load (issue 6): while a loop opens files without a
// pause, the rules file is broken and SIGHUP sent (the old rules keep
// alerting), then replaced with a new version (its alerts take over), then
// changed again with no signal at all (watch_config_files). Every file the
// loop opened raises exactly one alert: no event is lost across reloads.
#define BOOST_TEST_MODULE live_reload
#define BOOST_TEST_NO_MAIN
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "lanner_process.h"
#include "live_support.h"

using namespace lanner::live;
namespace fs = std::filesystem;

namespace {

std::string rules_version(const fs::path& marks, const std::string& version) {
    return "- rule: Reload marker\n"
           "  desc: A file of the reload test opened.\n"
           "  condition: evt.type in (open, openat) and fd.directory = " +
           marks.string() +
           "\n"
           "  output: marker " +
           version +
           " %fd.filename\n"
           "  priority: NOTICE\n";
}

void write_file(const fs::path& p, const std::string& text) {
    // Write-then-rename, as editors and config managers do.
    const fs::path tmp = p.string() + ".new";
    std::ofstream(tmp) << text;
    fs::rename(tmp, p);
}

// Opens marks/f-N for N = 0, 1, ... until stopped; returns how many.
class OpenLoop {
  public:
    explicit OpenLoop(fs::path marks) : marks_(std::move(marks)) {
        thread_ = std::thread([this] {
            while (!stop_) {
                const std::string name = (marks_ / ("f-" + std::to_string(n_))).string();
                const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
                if (fd >= 0) ::close(fd);
                ++n_;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
    }
    size_t finish() {
        stop_ = true;
        thread_.join();
        return n_;
    }

  private:
    fs::path marks_;
    std::atomic<bool> stop_{false};
    std::atomic<size_t> n_{0};
    std::thread thread_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(reloads_lose_no_event_and_bad_rules_keep_the_old_ones) {
    TempDir dir("lanner-live-reload");
    const fs::path marks = dir.path() / "marks";
    fs::create_directories(marks);
    const fs::path rules = dir.path() / "rules.yaml";
    write_file(rules, rules_version(marks, "v1"));
    std::vector<std::string> args = common_lanner_args();
    args.insert(args.end(), {"-r", rules.string()});
    LannerProcess lanner(args, dir.path().string());
    lanner.wait_ready();

    OpenLoop loop(marks);
    BOOST_REQUIRE(lanner.wait_for_alert("marker v1"));
    // A broken file: the reload is refused, v1 goes on.
    write_file(rules, "- rule: Broken\n  condition: evt.type = openat\n");
    BOOST_REQUIRE(lanner.wait_for_log("reload failed"));  // the watched file changed
    lanner.signal(SIGHUP);
    BOOST_TEST(lanner.wait_for_log("reloading the configuration and rules (SIGHUP)"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    // v2 with SIGHUP (the watch sees the change too: whichever comes first).
    write_file(rules, rules_version(marks, "v2"));
    lanner.signal(SIGHUP);
    BOOST_REQUIRE(lanner.wait_for_alert("marker v2"));
    // v3 with no signal: watch_config_files.
    write_file(rules, rules_version(marks, "v3"));
    BOOST_REQUIRE(lanner.wait_for_alert("marker v3"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const size_t opened = loop.finish();
    // Let the last records through before stopping.
    BOOST_REQUIRE(lanner.wait_for_alert("f-" + std::to_string(opened - 1) + " "));
    BOOST_TEST(lanner.stop() == 0);

    std::map<size_t, std::vector<std::string>> seen;  // file number -> versions
    for (const auto& a : lanner.alerts()) {
        if (a["rule"] != "Reload marker") continue;
        const std::string out = a["output"];
        const size_t at = out.find("marker v");
        const std::string version = out.substr(at + 7, 2);
        const size_t f = out.find("f-", at);
        seen[std::stoul(out.substr(f + 2))].push_back(version);
    }
    size_t missing = 0, doubled = 0;
    std::string last = "v1";
    bool ordered = true;
    for (size_t i = 0; i < opened; ++i) {
        const auto it = seen.find(i);
        if (it == seen.end()) {
            ++missing;
            continue;
        }
        doubled += it->second.size() > 1;
        // Versions only move forward: v1, then v2, then v3.
        if (it->second[0] < last) ordered = false;
        last = it->second[0];
    }
    BOOST_TEST(opened > 500u);
    BOOST_TEST(missing == 0u, missing << " of " << opened << " opens raised no alert\n"
                                      << lanner.log());
    BOOST_TEST(doubled == 0u);
    BOOST_TEST(ordered);
    BOOST_TEST(last == "v3");
    const std::string log = lanner.log();
    BOOST_TEST(log.find("the running configuration and rules stay") != std::string::npos, log);
    BOOST_TEST(log.find("lanner: notice: reloaded: ") != std::string::npos, log);
}

int main(int argc, char** argv) {
    return run_live_tests(argc, argv, &init_unit_test, Needs{});
}
