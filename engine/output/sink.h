// Where alerts go. Each sink added to an OutputQueue gets its own bounded
// queue and worker thread, so a slow or failing sink delays and drops only
// its own alerts. Every method but cancel() runs on that worker thread, so a
// sink needs no locking of its own.
//
// Writing a sink: derive from Sink; deliver() writes alert.line() (or
// text()/json() when the destination wants one form, as HTTP wants JSON),
// throwing lanner::Error when the alert could not be delivered; buffer in
// deliver() and write out in flush() if batching helps.
#pragma once

#include <chrono>
#include <string>

#include "output/rendered_alert.h"

namespace lanner::output {

class Sink {
  public:
    virtual ~Sink() = default;

    // How logs and counters name it: "stdout", "file /var/log/lanner.json".
    virtual std::string name() const = 0;

    // Delivers one alert, or accepts it for later delivery (a buffer, a
    // spool). May block: only this sink waits. Throws lanner::Error (or any
    // std::exception) when the alert is lost: it is counted as failed and
    // logged, rate-limited.
    virtual void deliver(const RenderedAlert& alert) = 0;

    // Writes out what deliver() buffered. Called after every alert when
    // buffered_outputs is false; otherwise when the queue runs empty, every
    // few hundred alerts under load, and before close(). Throwing counts the
    // alerts delivered since the last good flush as failed.
    virtual void flush() {}

    // Reopens the destination (SIGUSR1 after logrotate moved a file, a
    // reconnect). Called between alerts, after the ones already delivered
    // have been flushed.
    virtual void reopen() {}

    // What idle() returns when the sink has nothing to do until an alert
    // comes.
    static constexpr std::chrono::milliseconds kNoIdleWork = std::chrono::milliseconds::max();

    // Background work while the queue is empty: replaying a spool, reaping
    // or restarting a program. Called whenever the sink's queue runs empty
    // (after flush()), and again when the time it returns has passed with
    // no alert arriving; zero asks to be called again at once, once the
    // queue has been checked for new alerts. At shutdown it is called while
    // it returns zero, after the queue is drained, so a sink can finish what
    // it can do at once. Keep each call short (a bounded batch): alerts
    // wait meanwhile.
    virtual std::chrono::milliseconds idle() { return kNoIdleWork; }

    // After the last alert, at shutdown (after a final flush()).
    virtual void close() {}

    // Called from another thread when shutdown stops waiting for this sink:
    // make a blocked deliver() or flush() return soon (abort a transfer,
    // kill a stuck child). Must be thread-safe; the default does nothing.
    virtual void cancel() noexcept {}
};

}  // namespace lanner::output
