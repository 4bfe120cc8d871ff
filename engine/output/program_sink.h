// program_output: alerts written, one per line, to the standard input of a
// command run through /bin/sh -c (output/child_process.h).
//
// keep_alive false (Falco's default and semantics): the command runs once
// per alert: started, given the line, its stdin closed, waited for. The
// alert counts as failed when the program did not take the whole line or
// exited with a non-zero status.
//
// keep_alive true: one program takes every alert. When it dies (or closes
// its stdin) it is restarted: at once the first time, then after a backoff
// that doubles up to `restart_backoff_max` while it keeps dying within
// `stable_after` of its start. Alerts still unread in the pipe when it died
// are written again to the new program; an alert it had read only partly
// is counted as lost (counters().lost), as are alerts that could not be
// handed to any program and, at close(), those the program has not read
// within `close_wait` (the queue counted these as sent when they were
// written to the pipe). A death is noticed at the next write, or by
// idle() within `reap_interval`, so a dead program is reaped promptly.
//
// The engine never receives SIGPIPE from here, and no zombie is left.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "output/child_process.h"
#include "output/log_rate_limiter.h"
#include "output/sink.h"

namespace lanner::output {

struct ProgramSinkOptions {
    std::string command;
    bool keep_alive = false;
    std::chrono::milliseconds restart_backoff_min{100};
    std::chrono::milliseconds restart_backoff_max{30000};
    // A program that ran this long before dying is restarted at once.
    std::chrono::milliseconds stable_after{10000};
    std::chrono::milliseconds reap_interval{1000};
    // keep_alive: how long close() waits for the program to read what it
    // was sent, and then to exit after EOF, before killing it.
    std::chrono::milliseconds close_wait{5000};
};

struct ProgramSinkCounters {
    std::atomic<uint64_t> starts{0};    // programs started
    std::atomic<uint64_t> restarts{0};  // keep_alive: programs started after one died
    std::atomic<uint64_t> resent{0};    // alerts written again after their program died unread
    std::atomic<uint64_t> lost{0};  // alerts a dying program took only partly, or none could take
};

class ProgramSink final : public Sink {
  public:
    explicit ProgramSink(ProgramSinkOptions options);
    ~ProgramSink() override;

    std::string name() const override { return "program " + options_.command; }
    void deliver(const RenderedAlert& alert) override;
    std::chrono::milliseconds idle() override;
    void close() override;
    void cancel() noexcept override;

    std::shared_ptr<const ProgramSinkCounters> counters() const { return counters_; }

  private:
    void run_once(const std::string& line);
    void deliver_kept(const std::string& line);
    // Starts the kept program, waiting out the restart backoff first.
    void start_kept();
    // The kept program stopped reading: collects what it left unread,
    // reaps it and schedules the restart.
    void kept_program_gone();
    // The lines the kept program has not read (from recent_), and whether
    // it read one only partly.
    std::deque<std::string> take_unread(uint64_t& partly_read);
    bool write_kept(const std::string& data);
    void remember(const std::string& data);
    void sleep_until(std::chrono::steady_clock::time_point t);

    ProgramSinkOptions options_;
    std::shared_ptr<ProgramSinkCounters> counters_ = std::make_shared<ProgramSinkCounters>();
    std::unique_ptr<ChildProcess> child_;
    std::chrono::steady_clock::time_point child_started_{};
    std::chrono::steady_clock::time_point restart_at_{};
    uint32_t quick_deaths_ = 0;  // in a row, each within stable_after of its start
    bool ever_started_ = false;
    // Lines written to the kept program that it may not have read yet (the
    // last pipe_capacity bytes' worth), oldest first.
    std::deque<std::string> recent_;
    size_t recent_bytes_ = 0;
    // Lines to give the next program before anything else.
    std::deque<std::string> resend_;
    LogRateLimiter death_log_{10'000'000'000ull};

    std::mutex cancel_mutex_;
    std::condition_variable cancel_cv_;
    std::atomic<bool> cancelled_{false};
    // The running child, for cancel() from another thread.
    std::atomic<ChildProcess*> running_{nullptr};
};

}  // namespace lanner::output
