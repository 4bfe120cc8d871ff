#include "lanner_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "live_support.h"

namespace lanner::live {

using Clock = std::chrono::steady_clock;

namespace {

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream s(text);
    for (std::string l; std::getline(s, l);)
        if (!l.empty()) lines.push_back(l);
    return lines;
}

// Has the child exited? Reaps it and stores its status if so.
bool reaped(pid_t pid, int& status) {
    return waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

std::vector<std::string> common_lanner_args() {
    return {"--json", "-U",
            "-o",     "webserver.enabled=false",
            "-p",     "pid=%proc.pid ppid=%proc.ppid container=%container.id"};
}

LannerProcess::LannerProcess(const std::vector<std::string>& args, const std::string& dir)
    : alerts_path_(dir + "/alerts.json"), log_path_(dir + "/lanner.log") {
    const int out = open(alerts_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int err = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    BOOST_REQUIRE_MESSAGE(out >= 0 && err >= 0, "cannot create files in " << dir);
    std::vector<std::string> argv{lanner_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargs;  // built before fork: the child only execs
    for (auto& a : argv) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    pid_ = fork();
    BOOST_REQUIRE_MESSAGE(pid_ >= 0, "fork: " << std::strerror(errno));
    if (pid_ == 0) {
        dup2(out, 1);
        dup2(err, 2);
        const int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        execv(cargs[0], cargs.data());
        std::fprintf(stderr, "exec %s: %s\n", cargs[0], std::strerror(errno));
        _exit(127);
    }
    close(out);
    close(err);
}

LannerProcess::~LannerProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
}

void LannerProcess::wait_ready(std::chrono::seconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        if (log().find("notice: state: ") != std::string::npos) return;
        int status = 0;
        if (reaped(pid_, status)) {
            pid_ = -1;
            BOOST_FAIL("lanner exited before it was ready (status " << status << "):\n" << log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    BOOST_FAIL("lanner was not ready after " << limit.count() << " s:\n" << log());
}

bool LannerProcess::wait_for_alert(const std::string& text, std::chrono::seconds limit) const {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        if (read_whole(alerts_path_).find(text) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

bool LannerProcess::wait_for_log(const std::string& text, std::chrono::seconds limit) const {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        if (read_whole(log_path_).find(text) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

void LannerProcess::signal(int sig) const {
    BOOST_REQUIRE(pid_ > 0);
    kill(pid_, sig);
}

int LannerProcess::stop(std::chrono::seconds limit) {
    BOOST_REQUIRE(pid_ > 0);
    kill(pid_, SIGINT);
    return wait_exit(limit);
}

int LannerProcess::wait_exit(std::chrono::seconds limit) {
    BOOST_REQUIRE(pid_ > 0);
    const auto deadline = Clock::now() + limit;
    int status = 0;
    while (!reaped(pid_, status)) {
        if (Clock::now() >= deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            pid_ = -1;
            BOOST_FAIL("lanner did not end within " << limit.count() << " s:\n" << log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> LannerProcess::alert_lines() const {
    return lines_of(read_whole(alerts_path_));
}

std::vector<nlohmann::json> LannerProcess::alerts() const {
    std::vector<nlohmann::json> out;
    for (const auto& line : alert_lines()) {
        auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        BOOST_REQUIRE_MESSAGE(j.is_object(), "an alert line is not a JSON object: " << line);
        out.push_back(std::move(j));
    }
    return out;
}

std::string LannerProcess::log() const {
    return read_whole(log_path_);
}

std::vector<std::string> run_lanner_to_end(const std::vector<std::string>& args,
                                           std::chrono::seconds limit) {
    TempDir dir("lanner-live-replay");
    LannerProcess lanner(args, dir.path().string());
    const int code = lanner.wait_exit(limit);
    BOOST_REQUIRE_MESSAGE(code == 0, "lanner exited with " << code << ":\n" << lanner.log());
    return lanner.alert_lines();
}

}  // namespace lanner::live
