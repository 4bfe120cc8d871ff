// The actions of the live tests, performed for real on this host while a
// `lanner` watches: a credentials read, a write below /etc, a loopback TCP
// connection, a fork/exec chain, a fileless (memfd) execution, a ptrace
// attach, a symlink to /etc/shadow, a program run from /tmp, shell history
// and log removal, a refused setuid(0), and two runc containers: one with a
// terminal where a shell runs a package manager, user management and a
// reverse shell (busybox nc -e) to a listener of the test, one with every
// capability that mounts, spawns a shell from awk, connects to an address of
// this host outside the private ranges and tries to load a kernel module.
//
// Every action runs in a child process whose pid is recorded, or in a
// container whose id is recorded, so the tests find its alerts among those
// the rest of the machine raises meanwhile. A marker unique to the run names
// its files and the test rules (write_test_rules) that match its loopback
// connection, its exec chain and its end.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include <vector>

#include "alert_set.h"
#include "busybox_container.h"
#include "live_support.h"

namespace lanner::live {

class LiveScenario {
  public:
    explicit LiveScenario(const TempDir& dir);  // prepares, performs nothing
    ~LiveScenario();                            // removes what it made outside dir
    LiveScenario(const LiveScenario&) = delete;
    LiveScenario& operator=(const LiveScenario&) = delete;

    // A rules file (in dir) whose rules match this run's loopback connect and
    // accept, the leaf of its exec chain, and its end marker, printing the
    // fields the tests check.
    std::string write_test_rules() const;
    // Performs every action, in the order of the members below.
    void perform();
    // Starts the program whose alert (text: end_marker()) says that lanner
    // has handled every earlier event.
    void signal_end();
    const std::string& end_marker() const { return end_marker_; }

    const std::string marker;  // unique to the run
    const pid_t test_pid;
    const std::string test_comm;  // proc.name of the test process

    pid_t shadow_reader = -1;  // cat /etc/shadow
    pid_t etc_writer = -1;     // creates etc_file (removed afterwards)
    std::string etc_file;
    pid_t connector = -1;  // connects to 127.0.0.1:server_port from client_port;
    uint16_t server_port = 0, client_port = 0;  // the test process accepts
    pid_t chain_head = -1;    // chain_a -> chain_b -> chain_c -> true MARKER-chain
    pid_t memfd_runner = -1;  // executes a memfd copy of /bin/true
    pid_t tracer = -1;        // ptrace_attach: PTRACE_ATTACH to its own child
    pid_t symlinker = -1;     // ln -s /etc/shadow symlink_path
    std::string symlink_path;
    pid_t tmp_runner = -1;  // runs tmp_program, a copy of /bin/true in /tmp
    std::string tmp_program;
    pid_t history_remover = -1;  // creates and unlinks history_file
    std::string history_file;
    pid_t log_truncator = -1;  // truncates log_file below /var/log (removed afterwards)
    std::string log_file;
    pid_t root_seeker = -1;  // setpriv as nobody asking for uid 0 (refused)

    const BusyboxContainer& interactive() const { return *interactive_; }  // terminal
    const BusyboxContainer& capable() const { return *capable_; }          // every capability
    uint16_t redirect_port = 0;  // where the interactive container's nc connects
    // An address of this host outside the private ranges (empty if it has
    // none) where the capable container's nc connects: an outbound
    // connection that never leaves the host.
    std::string outbound_address;
    uint16_t outbound_port = 0;
    std::string interactive_output, capable_output;  // what the containers printed
    std::string reverse_shell_output;                // what the shell behind nc sent to the test

  private:
    void serve_redirect();  // accepts the reverse shell, makes it exit

    const TempDir& dir_;
    std::string end_marker_;
    int server_fd_ = -1, redirect_fd_ = -1, outbound_fd_ = -1;
    std::unique_ptr<BusyboxContainer> interactive_, capable_;
    std::thread redirect_server_;
};

// What lanner made of a whole scenario.
struct ScenarioRun {
    std::vector<std::string> alert_lines;  // as written, one JSON alert a line
    AlertSet alerts;
    std::string log;
};

// Runs `lanner ARGS...` (writing into `dir`) through the whole scenario: once
// it is ready, performs every action and waits for the end marker's alert,
// then stops it. Fails the test, with lanner's log, if the marker never comes
// or lanner does not exit cleanly.
ScenarioRun run_scenario(LiveScenario& scenario, const std::vector<std::string>& args,
                         const std::string& dir);

}  // namespace lanner::live
