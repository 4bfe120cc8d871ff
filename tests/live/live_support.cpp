#include "live_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "source/bpf_source.h"

namespace lanner::live {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string lanner_binary() {
    return LANNER_BINARY;
}

std::string helper(const char* name) {
    return std::string(LIVE_HELPER_DIR) + "/" + name;
}

fs::path source_root() {
    return LANNER_SOURCE_ROOT;
}

fs::path upstream_rules() {
    return fs::path(LANNER_SHARED_DIR) / "compat" / "rules";
}

namespace {

bool found_in_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/sbin:/usr/bin:/sbin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return true;
    return false;
}

std::optional<std::string> missing_for_containers() {
    for (const char* tool : {"runc", "script"})
        if (!found_in_path(tool)) return std::string(tool) + " is not installed";
    if (access("/usr/bin/busybox", X_OK) != 0)
        return std::string("/usr/bin/busybox is missing (apt install busybox-static)");
    // The container's root holds busybox alone: it must need no libraries.
    const ProgramResult r = run_program({"ldd", "/usr/bin/busybox"});
    if (r.output.find("not a dynamic executable") == std::string::npos)
        return std::string("/usr/bin/busybox is dynamically linked (install busybox-static)");
    const ProgramResult v = run_program({"runc", "--version"});
    if (!v.ok()) return "runc does not run: " + v.describe();
    return std::nullopt;
}

}  // namespace

std::optional<std::string> missing_precondition(const Needs& needs) {
    if (geteuid() != 0) return std::string("the live tests run as root");
    if (access(lanner_binary().c_str(), X_OK) != 0) return lanner_binary() + " is not built";
    if (auto reason = BpfSource::unsupported_reason()) return "eBPF is unusable: " + *reason;
    if (needs.containers) {
        if (auto reason = missing_for_containers()) return reason;
    }
    return std::nullopt;
}

int run_live_tests(int argc, char** argv, bool (*init)(), const Needs& needs) {
    if (needs.upstream_rules && !fs::exists(upstream_rules() / "falco_rules.yaml")) {
        std::printf("skipped: %s is absent\n", upstream_rules().c_str());
        return 77;
    }
    if (auto reason = missing_precondition(needs)) {
        const char* ci = std::getenv("CI");
        if (ci && std::string_view(ci) == "true") {
            std::fprintf(stderr, "FAILED: live tests cannot run under CI: %s\n", reason->c_str());
            return 1;
        }
        std::printf("skipped: %s\n", reason->c_str());
        return 77;
    }
    // Boost.Test reports SIGCHLD as a system error; children are expected.
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    return boost::unit_test::unit_test_main(init, argc, argv);
}

bool ProgramResult::ok() const {
    return !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string ProgramResult::describe() const {
    std::ostringstream s;
    if (timed_out)
        s << "timed out";
    else if (WIFEXITED(status))
        s << "exit " << WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        s << "signal " << WTERMSIG(status);
    s << "; output:\n" << output;
    return s.str();
}

ProgramResult run_program(const std::vector<std::string>& argv, const std::string& input,
                          std::chrono::seconds limit) {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    std::vector<char*> args;  // built before fork: the child only execs
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ProgramResult r;
    r.pid = fork();
    if (r.pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (r.pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        setpgid(0, 0);  // so a deadline ends the program and its children
        execvp(args[0], args.data());
        std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    // The input is small (a few commands): the pipe holds it.
    if (!input.empty() && write(in[1], input.data(), input.size()) < 0) r.output = "(stdin lost)";
    close(in[1]);
    const auto deadline = Clock::now() + limit;
    char buf[4096];
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            r.timed_out = true;
            kill(-r.pid, SIGKILL);
            break;
        }
        pollfd p{out[0], POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        const ssize_t n = read(out[0], buf, sizeof(buf));
        if (n <= 0) break;  // every writer is gone
        r.output.append(buf, static_cast<size_t>(n));
    }
    close(out[0]);
    waitpid(r.pid, &r.status, 0);
    return r;
}

std::string random_hex_id() {
    std::random_device rd;
    std::string id;
    static const char digits[] = "0123456789abcdef";
    while (id.size() < 64) {
        const unsigned v = rd();
        for (int i = 0; i < 8 && id.size() < 64; ++i) id += digits[(v >> (4 * i)) & 0xf];
    }
    return id;
}

std::string own_comm() {
    std::ifstream in("/proc/self/comm");
    std::string comm;
    std::getline(in, comm);
    return comm;
}

}  // namespace lanner::live
