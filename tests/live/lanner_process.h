// The `lanner` binary under test, run as a child process: its alerts (JSON,
// one object per line) go to a file that the test reads while it runs, its
// log to another. Ready once it logs its /proc scan; stopped with SIGINT as
// a user would.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lanner::live {

class LannerProcess {
  public:
    // Starts `lanner ARGS...`, writing into `dir` (alerts.json, lanner.log).
    LannerProcess(const std::vector<std::string>& args, const std::string& dir);
    ~LannerProcess();  // kills it if still running
    LannerProcess(const LannerProcess&) = delete;
    LannerProcess& operator=(const LannerProcess&) = delete;

    // Waits until lanner has started capturing and scanned /proc; fails the
    // test (with lanner's log) if it exits or takes longer than `limit`.
    void wait_ready(std::chrono::seconds limit = std::chrono::seconds(60));
    // Waits until an alert line contains `text`; false after `limit`.
    bool wait_for_alert(const std::string& text,
                        std::chrono::seconds limit = std::chrono::seconds(30)) const;
    // SIGINT, then waits for a clean exit (exit code 0 expected).
    int stop(std::chrono::seconds limit = std::chrono::seconds(30));
    // Waits for lanner to end by itself (a replay); its exit code.
    int wait_exit(std::chrono::seconds limit = std::chrono::seconds(60));

    // Sends a signal (SIGHUP: reload, SIGUSR1: reopen outputs).
    void signal(int sig) const;
    // Waits until the log contains `text`; false after `limit`.
    bool wait_for_log(const std::string& text,
                      std::chrono::seconds limit = std::chrono::seconds(30)) const;

    std::vector<std::string> alert_lines() const;
    std::vector<nlohmann::json> alerts() const;
    std::string log() const;

  private:
    pid_t pid_ = -1;
    std::string alerts_path_, log_path_;
};

// Runs `lanner ARGS...` to its end (a replay) and returns its alert lines;
// fails the test if it does not exit with 0.
std::vector<std::string> run_lanner_to_end(const std::vector<std::string>& args,
                                           std::chrono::seconds limit = std::chrono::seconds(60));

// Arguments every live run shares: JSON alerts written as they are made, no
// web server (parallel runs would compete for its port), and the pid and
// container of each alert's process, so a test picks its own alerts out of
// everything the machine does meanwhile.
std::vector<std::string> common_lanner_args();

}  // namespace lanner::live
