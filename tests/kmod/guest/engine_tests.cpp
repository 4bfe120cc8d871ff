// The engine binary in the guest: `lanner --driver auto|kmod|ebpf` with the
// default rules starts, logs the driver it chose, counts events while the
// scripted actions run, and stops cleanly on SIGINT; the module unloads
// afterwards. Each run with actions raises the alerts they call for: the
// default rules' sensitive read and protected write, and two guest rules
// (a shell as pid 1 of a new pid namespace, a loopback connect), as JSON
// alerts on stdout.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "guest_check.h"
#include "guest_module.h"
#include "guest_tests.h"

namespace lanner::guest {
namespace {

struct EngineRun {
    bool started = false;  // the run loop began (the /proc scan was logged)
    double ready_ms = 0;   // from exec to that line
    int status = -1;       // waitpid status
    std::string output;    // stdout and stderr
};

// Reads from `fd` into `out` until `until` appears (if given), EOF or the
// deadline; true when `until` appeared (or EOF, when not given).
bool read_until(int fd, std::string& out, const char* until, Clock::time_point deadline) {
    char buf[4096];
    while (Clock::now() < deadline) {
        if (until && out.find(until) != std::string::npos) return true;
        pollfd pf{fd, POLLIN, 0};
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (::poll(&pf, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) continue;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return until == nullptr;
        out.append(buf, static_cast<size_t>(n));
    }
    return false;
}

// What the engine should see: the actions of issue 5, briefly.
void engine_actions() {
    const int fd = ::open("/etc/shadow", O_RDONLY);
    char b[32];
    if (fd >= 0) {
        (void)!::read(fd, b, sizeof b);
        ::close(fd);
    }
    const int w = ::open("/etc/lanner-engine-probe", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (w >= 0) ::close(w);
    ::unlink("/etc/lanner-engine-probe");
    wait_status(spawn("/bin/unshare", {"unshare", "-m", "-p", "-f", "/bin/sh", "-c", "exit 0"}));
    wait_status(spawn("/bin/true", {"true"}));
    // A loopback TCP connect, accepted.
    const int l = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(l, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(l, 4) == 0 &&
        ::getsockname(l, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
        const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (::connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
            const int acc = ::accept4(l, nullptr, nullptr, SOCK_CLOEXEC);
            if (acc >= 0) ::close(acc);
        }
        ::close(c);
    }
    ::close(l);
}

// Rules for the actions the default rules leave alone (they alert on
// shells in containers and on non-local connections only).
const char* const kGuestRules = R"(
- rule: Guest shell as pid 1 of a new namespace
  desc: unshare -p -f started a shell that is pid 1 of its namespace.
  condition: evt.type in (execve, execveat) and evt.res = SUCCESS and proc.name = sh and proc.vpid = 1
  output: namespace shell (cmdline=%proc.cmdline vpid=%proc.vpid)
  priority: NOTICE
- rule: Guest loopback connect
  desc: A TCP connect to 127.0.0.1.
  condition: evt.type = connect and evt.res = SUCCESS and fd.sip = 127.0.0.1 and fd.l4proto = tcp
  output: loopback connect (connection=%fd.name)
  priority: NOTICE
)";

constexpr const char* kGuestRulesPath = "/tmp/lanner-guest-rules.yaml";

// What a run with the actions must alert on (JSON alerts name the rule).
constexpr const char* kExpectedRules[] = {
    "Read sensitive file by untrusted program",
    "Write below protected directory",
    "Guest shell as pid 1 of a new namespace",
    "Guest loopback connect",
};

// The arguments every run with actions adds: JSON alerts and both rule sets.
std::vector<std::string> with_rules(std::vector<std::string> args) {
    if (std::FILE* f = std::fopen(kGuestRulesPath, "w")) {
        std::fputs(kGuestRules, f);
        std::fclose(f);
    }
    args.insert(args.end(), {"--json", "-r", "/etc/lanner/rules.d", "-r", kGuestRulesPath, "-o",
                             "webserver.enabled=false"});
    return args;
}

EngineRun run_engine(const std::vector<std::string>& args, bool run_actions) {
    EngineRun run;
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return run;
    std::vector<const char*> argv{paths().lanner.c_str()};
    for (const auto& a : args) argv.push_back(a.c_str());
    argv.push_back(nullptr);
    const auto t0 = Clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(out[1], 1);
        ::dup2(out[1], 2);
        ::execv(argv[0], const_cast<char* const*>(argv.data()));
        ::_exit(127);
    }
    ::close(out[1]);
    // Rules load and, for eBPF, the verifier take a while under TCG.
    run.started = read_until(out[0], run.output,
                             "lanner: notice: state:", Clock::now() + std::chrono::seconds(120));
    run.ready_ms = ms_since(t0);
    if (run.started) {
        if (run_actions) engine_actions();
        ::usleep(500 * 1000);  // the engine reads what the actions produced
        ::kill(pid, SIGINT);
    }
    if (!read_until(out[0], run.output, nullptr, Clock::now() + std::chrono::seconds(60)))
        ::kill(pid, SIGKILL);
    ::close(out[0]);
    run.status = wait_status(pid);
    return run;
}

bool exited_0(const EngineRun& r) {
    return WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0;
}

// N in "lanner: N events", or nullopt.
std::optional<long> events_counted(const std::string& out) {
    const auto at = out.find("\nlanner: ");
    for (size_t pos = at; pos != std::string::npos; pos = out.find("\nlanner: ", pos + 1)) {
        long n = 0;
        char word[16] = {};
        if (std::sscanf(out.c_str() + pos, "\nlanner: %ld %15s", &n, word) == 2 &&
            std::strncmp(word, "events", 6) == 0)
            return n;
    }
    return std::nullopt;
}

void print_output(const EngineRun& r) {
    size_t start = 0;
    while (start < r.output.size()) {
        const size_t end = r.output.find('\n', start);
        fmt::print("  | {}\n", r.output.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
}

// The common assertions of a run that should have started and stopped.
void check_run(const EngineRun& r, const char* what, const char* driver_line) {
    bool ok =
        check(r.started, "{}: the engine starts ({:.0f} ms to the run loop)", what, r.ready_ms);
    ok &=
        check(r.output.find(driver_line) != std::string::npos, "{}: logs '{}'", what, driver_line);
    const auto n = events_counted(r.output);
    ok &= check(n && *n > 0, "{}: counts events ({})", what, n.value_or(-1));
    ok &= check(r.output.find("(stopped)") != std::string::npos &&
                    r.output.find("Events detected:") != std::string::npos,
                "{}: SIGINT stops it with a summary", what);
    ok &= check(exited_0(r), "{}: exit status 0 ({:#x})", what, r.status);
    ok &= check(r.output.find("lanner: error") == std::string::npos &&
                    r.output.find("dropped by the driver") == std::string::npos,
                "{}: no error and no drop logged", what);
    if (!ok) print_output(r);
    fmt::print("metric: engine_start_ms[{}]={:.0f}\n", what, r.ready_ms);
}

// The alerts of a run with the actions.
void check_alerts(const EngineRun& r, const char* what) {
    bool ok = true;
    for (const char* rule : kExpectedRules)
        ok &= check(r.output.find(fmt::format("\"rule\":\"{}\"", rule)) != std::string::npos,
                    "{}: alert '{}'", what, rule);
    if (!ok) print_output(r);
}

}  // namespace

void engine_with_module() {
    if (!check(!paths().lanner.empty(), "the engine binary is in the guest")) return;
    unload_module();

    // auto, nothing loaded: the engine finds the module where DKMS installs
    // it (/lib/modules/RELEASE/updates/dkms, placed there by kernel-test),
    // loads it and uses it.
    EngineRun r = run_engine(with_rules({"--driver", "auto"}), true);
    check_run(r, "--driver auto (module not loaded)", "driver: kernel module");
    check_alerts(r, "--driver auto (module)");
    check(r.output.find("not using") == std::string::npos, "auto: no fallback reason logged");
    check(unload_module() == 0, "the module unloads after the engine stopped");

    // kmod, the module already loaded: the engine opens the existing device.
    check(load_module() == 0, "insmod before the engine starts");
    r = run_engine(with_rules({"--driver", "kmod"}), true);
    check_run(r, "--driver kmod (module loaded)", "driver: kernel module");
    check_alerts(r, "--driver kmod");
    check(unload_module() == 0, "the module unloads after the engine stopped");

    // kmod with a module that cannot be loaded: a one-line reason, exit 1.
    r = run_engine({"--driver", "kmod", "--kmod-path", "/nonexistent/lanner.ko", "--dry-run"},
                   false);
    check(!exited_0(r) && r.output.find("/nonexistent/lanner.ko") != std::string::npos,
          "--driver kmod with a missing module fails naming it");
}

void engine_with_ebpf() {
    if (!check(!paths().lanner.empty(), "the engine binary is in the guest")) return;
    unload_module();
    EngineRun r = run_engine(with_rules({"--driver", "ebpf"}), true);
    check_run(r, "--driver ebpf", "driver: eBPF driver");
    check_alerts(r, "--driver ebpf");

    // auto falls back to eBPF when the module cannot load, and says why.
    r = run_engine({"--driver", "auto", "--kmod-path", "/nonexistent/lanner.ko", "--dry-run"},
                   false);
    check(exited_0(r) && r.output.find("driver: eBPF driver") != std::string::npos &&
              r.output.find("not using the kernel module: cannot open /nonexistent") !=
                  std::string::npos,
          "auto falls back to eBPF with the module's reason");
    if (!exited_0(r)) print_output(r);
    check(!module_loaded(), "the eBPF runs left the module unloaded");
}

}  // namespace lanner::guest
