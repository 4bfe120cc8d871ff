// The scripted actions (a read of /etc/shadow, a write below /etc, execs, a
// shell in new namespaces, a loopback connect) and the syscall tour (every
// syscall event of the schema once), run by a fresh child process, the
// actor, while a driver captures. The same actor runs under each driver, so
// its records are what the parity check compares.
#pragma once

#include <netinet/in.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <functional>
#include <vector>

#include "guest_check.h"
#include "source/source.h"

namespace lanner::guest {

// What the scripted actions did, for checking their records afterwards.
struct ScriptedFacts {
    int self = 0;
    int shadow_fd = -1;
    struct stat shadow_st {};
    long unlink_res = 0;
    pid_t child = 0;  // /bin/true a1 "second arg"
    int child_status = 0;
    pid_t bad = 0;    // exec of a missing program
    pid_t three = 0;  // sh -c 'exit 3'
    int connect_res = 0;
    int client_fd = -1, server_fd = -1;
    sockaddr_in server{}, local{};
};

ScriptedFacts scripted_actions();
void verify_scripted(const ScriptedFacts& f, const Captured& cap);

// Every event the drivers produce, once: each syscall is made directly and
// its record must arrive, decode, and carry the result the call returned;
// some must carry expected values too.
class SyscallTour {
  public:
    using Check = std::function<bool(const Event&)>;
    // A record of `type` with result `ret` must arrive; `values`, when
    // given, must hold for it. Checks capture what they need by value.
    void expect(uint16_t type, long ret, Check values = {}) {
        expected_.push_back({type, ret, std::move(values)});
    }
    // Makes the syscalls (in /tmp/tour, which must not exist yet).
    void act();
    void verify(const Captured& cap, int self) const;

  private:
    struct Expected {
        uint16_t type;
        long ret;
        Check values;
    };
    std::vector<Expected> expected_;
};

struct ActorRun {
    pid_t actor = -1;       // the actor's pid: the root of the records compared
    bool finished = false;  // it ran to the end and exited 0
    Captured records;       // everything the source delivered while it ran
};

// Forks the actor while `src` captures (it must be started): the actor
// makes the scripted actions and the tour, then receives the records read
// meanwhile and checks them itself. Before the actor starts, its fds are
// reduced to 0-2 (and two pipes at fixed numbers), so fd numbers are the
// same under every driver.
ActorRun run_actor(Source& src);

}  // namespace lanner::guest
