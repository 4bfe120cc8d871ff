// A real container for the live tests: an OCI bundle whose root file system
// is the host's static busybox with its applet links, run by runc. The
// cgroup path has Docker's layout (/docker/<64 hex digits>), so the engine
// finds the container id there as it would for a Docker container. The
// container shares the host's network namespace, so it can reach a listener
// of the test on 127.0.0.1.
#pragma once

#include <string>
#include <vector>

#include "live_support.h"

namespace lanner::live {

class BusyboxContainer {
  public:
    struct Options {
        std::vector<std::string> args{"sh"};  // the container's first process
        bool terminal = false;                // give it a pty (run through script)
        bool all_capabilities = false;        // every capability the test has
    };
    // Builds the bundle under `dir` (created), with a fresh random id.
    BusyboxContainer(const std::string& dir, const Options& options);
    ~BusyboxContainer();  // `runc delete --force`, in case a run was cut short
    BusyboxContainer(const BusyboxContainer&) = delete;
    BusyboxContainer& operator=(const BusyboxContainer&) = delete;

    const std::string& id() const { return id_; }               // 64 hex digits
    std::string short_id() const { return id_.substr(0, 12); }  // container.id
    const std::string& rootfs() const { return rootfs_; }

    // Runs the container to its end with `input` on its stdin (typed on its
    // terminal when it has one). Fails the test if runc fails.
    ProgramResult run(const std::string& input = "");

  private:
    std::string dir_, rootfs_, id_;
    bool terminal_;
};

}  // namespace lanner::live
