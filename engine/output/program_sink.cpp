#include "output/program_sink.h"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <thread>

#include "common/error.h"
#include "common/log.h"

namespace lanner::output {

using Clock = std::chrono::steady_clock;

namespace {

// Restarts the kept program at most this many times for one alert before
// the alert counts as failed (each restart waits out the backoff).
constexpr int kStartsPerAlert = 3;

bool exited_badly(int status) {
    return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

}  // namespace

ProgramSink::ProgramSink(ProgramSinkOptions options) : options_(std::move(options)) {
    if (options_.command.empty()) throw Error("program_output: the program is empty");
}

ProgramSink::~ProgramSink() {
    std::lock_guard lock(cancel_mutex_);
    running_.store(nullptr);
    child_.reset();  // kills and reaps a program still running
}

void ProgramSink::deliver(const RenderedAlert& alert) {
    std::string line = alert.line();
    line += '\n';
    if (options_.keep_alive)
        deliver_kept(line);
    else
        run_once(line);
}

void ProgramSink::run_once(const std::string& line) {
    if (cancelled_.load()) throw Error("program_output: shutting down");
    auto child = std::make_unique<ChildProcess>(options_.command);
    counters_->starts.fetch_add(1);
    {
        std::lock_guard lock(cancel_mutex_);
        running_.store(child.get());
    }
    const bool written = child->write_all(line);
    child->close_stdin();
    const int status = child->wait();
    {
        std::lock_guard lock(cancel_mutex_);
        running_.store(nullptr);
    }
    if (!written)
        throw Error("program_output: '{}' exited without reading the alert ({})", options_.command,
                    ChildProcess::describe_status(status));
    if (exited_badly(status))
        throw Error("program_output: '{}' failed: {}", options_.command,
                    ChildProcess::describe_status(status));
}

void ProgramSink::sleep_until(Clock::time_point t) {
    std::unique_lock lock(cancel_mutex_);
    cancel_cv_.wait_until(lock, t, [&] { return cancelled_.load(); });
}

void ProgramSink::start_kept() {
    if (Clock::now() < restart_at_) sleep_until(restart_at_);
    if (cancelled_.load()) throw Error("program_output: shutting down");
    auto child = std::make_unique<ChildProcess>(options_.command);
    counters_->starts.fetch_add(1);
    if (ever_started_) counters_->restarts.fetch_add(1);
    ever_started_ = true;
    child_started_ = Clock::now();
    recent_.clear();
    recent_bytes_ = 0;
    std::lock_guard lock(cancel_mutex_);
    child_ = std::move(child);
    running_.store(child_.get());
}

void ProgramSink::remember(const std::string& data) {
    recent_.push_back(data);
    recent_bytes_ += data.size();
    // A line ending more than a pipe's worth of bytes ago has been read.
    const size_t keep = child_->pipe_capacity();
    while (!recent_.empty() && recent_bytes_ - recent_.front().size() >= keep) {
        recent_bytes_ -= recent_.front().size();
        recent_.pop_front();
    }
}

bool ProgramSink::write_kept(const std::string& data) {
    if (!child_->write_all(data)) return false;
    remember(data);
    return true;
}

std::deque<std::string> ProgramSink::take_unread(uint64_t& partly_read) {
    // Bytes of a write that failed half-way are not in recent_: the caller
    // writes that line again.
    const size_t in_pipe = child_->unread();
    const size_t unread = in_pipe - std::min(in_pipe, child_->failed_write_bytes());
    // The unread bytes are the tail of what was written: whole lines, and
    // before them perhaps the end of a line the program read only partly.
    std::deque<std::string> lines;
    size_t covered = 0;
    while (!recent_.empty() && covered + recent_.back().size() <= unread) {
        covered += recent_.back().size();
        lines.push_front(std::move(recent_.back()));
        recent_.pop_back();
    }
    partly_read = covered < unread ? 1 : 0;
    recent_.clear();
    recent_bytes_ = 0;
    return lines;
}

void ProgramSink::kept_program_gone() {
    uint64_t partial = 0;
    std::deque<std::string> again = take_unread(partial);
    counters_->lost.fetch_add(partial);
    counters_->resent.fetch_add(again.size());
    const size_t resent = again.size();
    for (auto it = again.rbegin(); it != again.rend(); ++it) resend_.push_front(std::move(*it));

    child_->close_stdin();
    if (!child_->try_wait()) child_->signal(SIGTERM);  // alive but no longer reading
    const int status = child_->wait_or_kill(1000);
    const auto lived = Clock::now() - child_started_;
    {
        std::lock_guard lock(cancel_mutex_);
        running_.store(nullptr);
        child_.reset();
    }
    // The first death restarts at once; repeated quick deaths back off.
    std::chrono::milliseconds delay{0};
    if (lived >= options_.stable_after) {
        quick_deaths_ = 0;
    } else if (++quick_deaths_ > 1) {
        delay = options_.restart_backoff_min;
        for (uint32_t i = 2; i < quick_deaths_ && delay < options_.restart_backoff_max; ++i)
            delay *= 2;
        delay = std::min(delay, options_.restart_backoff_max);
    }
    restart_at_ = Clock::now() + delay;
    uint64_t suppressed = 0;
    if (death_log_.should_log(LogRateLimiter::now(), suppressed))
        log::warn(
            "program_output: '{}' stopped ({}, after {} ms); {} unread alert(s) go to the "
            "restarted program{}{}",
            options_.command, ChildProcess::describe_status(status),
            std::chrono::duration_cast<std::chrono::milliseconds>(lived).count(), resent,
            partial ? ", 1 it had partly read is lost" : "",
            suppressed ? fmt::format(" ({} more restarts not logged)", suppressed) : "");
}

void ProgramSink::deliver_kept(const std::string& line) {
    for (int attempt = 0; attempt < kStartsPerAlert; ++attempt) {
        if (!child_) start_kept();
        bool ok = true;
        while (ok && !resend_.empty()) {
            ok = write_kept(resend_.front());
            if (ok) resend_.pop_front();
        }
        if (ok && write_kept(line)) return;
        kept_program_gone();
    }
    // Neither this alert nor those waiting to be written again reached a
    // program; the queue counts this one as failed, the others here.
    counters_->lost.fetch_add(resend_.size());
    resend_.clear();
    throw Error("program_output: '{}' keeps stopping; alert not delivered", options_.command);
}

std::chrono::milliseconds ProgramSink::idle() {
    if (!options_.keep_alive) return kNoIdleWork;
    if (child_) {
        if (!child_->try_wait()) return options_.reap_interval;
        kept_program_gone();  // reaped; restart below once the backoff allows
    }
    if (!ever_started_ || cancelled_.load()) return kNoIdleWork;
    const auto now = Clock::now();
    if (now < restart_at_)
        return std::max(std::chrono::milliseconds(1),
                        std::chrono::duration_cast<std::chrono::milliseconds>(restart_at_ - now));
    // Keep one program running, and hand it what the dead one left.
    start_kept();
    while (!resend_.empty()) {
        if (!write_kept(resend_.front())) {
            kept_program_gone();
            return std::chrono::milliseconds(1);
        }
        resend_.pop_front();
    }
    return options_.reap_interval;
}

void ProgramSink::close() {
    if (child_ && !child_->try_wait()) {
        while (!resend_.empty() && write_kept(resend_.front())) resend_.pop_front();
        // Give the program the time to read what it was sent; what it has
        // not read when the wait ends (or when it exits) is lost.
        const auto deadline = Clock::now() + options_.close_wait;
        while (child_->unread() > 0 && !child_->try_wait() && Clock::now() < deadline &&
               !cancelled_.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (child_) {
        uint64_t partial = 0;
        counters_->lost.fetch_add(take_unread(partial).size() + partial);
        child_->close_stdin();  // EOF: the program finishes
        const int status = child_->wait_or_kill(static_cast<int>(options_.close_wait.count()));
        if (exited_badly(status))
            log::warn("program_output: '{}' ended with {}", options_.command,
                      ChildProcess::describe_status(status));
        std::lock_guard lock(cancel_mutex_);
        running_.store(nullptr);
        child_.reset();
    }
    counters_->lost.fetch_add(resend_.size());
    resend_.clear();
}

void ProgramSink::cancel() noexcept {
    std::lock_guard lock(cancel_mutex_);
    cancelled_.store(true);
    cancel_cv_.notify_all();
    if (ChildProcess* c = running_.load()) c->signal(SIGKILL);
}

}  // namespace lanner::output
