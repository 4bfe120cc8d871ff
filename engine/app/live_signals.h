// The signals a live run acts on, turned into flags the engine loop polls
// between records: SIGINT/SIGTERM stop, SIGHUP reloads the configuration and
// rules, SIGUSR1 reopens the outputs (after logrotate). Installed for the
// lifetime of the object; the previous handlers come back after.
#pragma once

#include <signal.h>

#include <atomic>

namespace lanner::app {

class LiveSignals {
  public:
    LiveSignals();
    ~LiveSignals();
    LiveSignals(const LiveSignals&) = delete;
    LiveSignals& operator=(const LiveSignals&) = delete;

    const std::atomic<bool>& stop_flag() const noexcept;
    // Ends the run as a stop signal would (an exit action of the drop monitor).
    void request_stop() noexcept;
    // True once per SIGHUP / SIGUSR1 received since the last call.
    bool take_reload() noexcept;
    bool take_reopen() noexcept;

  private:
    struct sigaction old_int_ {
    }, old_term_{}, old_hup_{}, old_usr1_{};
};

}  // namespace lanner::app
