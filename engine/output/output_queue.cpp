#include "output/output_queue.h"

#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <climits>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "common/error.h"
#include "common/log.h"
#include "output/log_rate_limiter.h"
#include "output/spsc_ring.h"

namespace lanner::output {

using AlertRef = std::shared_ptr<const RenderedAlert>;

struct OutputQueue::Channel {
    Channel(std::unique_ptr<Sink> s, size_t capacity, const OutputQueueOptions& options)
        : sink(std::move(s)),
          name(sink->name()),
          ring(capacity),
          drop_log(static_cast<uint64_t>(options.drop_log_interval.count()) * 1000000u),
          fail_log(static_cast<uint64_t>(options.drop_log_interval.count()) * 1000000u),
          slow_log(static_cast<uint64_t>(options.drop_log_interval.count()) * 1000000u) {}

    std::unique_ptr<Sink> sink;
    const std::string name;
    SpscRing<AlertRef> ring;

    std::atomic<uint64_t> sent{0};
    std::atomic<uint64_t> failed{0};
    std::atomic<uint64_t> dropped{0};
    std::atomic<uint64_t> skipped{0};  // push_except() passed this sink over
    // Alerts taken from the ring whose fate is not counted yet (being
    // delivered, or delivered and waiting for a flush).
    std::atomic<uint64_t> in_flight{0};

    // The worker sleeps on `wake` when the ring is empty and says so in
    // `sleeping`; whoever gives it work bumps `wake` and notifies.
    std::atomic<uint32_t> wake{0};
    std::atomic<bool> sleeping{false};
    std::atomic<bool> stop{false};
    std::atomic<bool> abandon{false};
    std::atomic<bool> reopen_requested{false};

    LogRateLimiter drop_log;  // producer thread
    LogRateLimiter fail_log;  // worker thread
    LogRateLimiter slow_log;  // worker thread

    std::mutex done_mutex;
    std::condition_variable done_cv;
    bool done = false;
    std::thread worker;

    void notify();
};

namespace {

// The worker sleeps on `wake` with the futex syscall itself rather than
// std::atomic::wait, which cannot time out (a sink with idle work, such as
// a spool to replay, needs to wake up on its own).
static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t) &&
              std::atomic<uint32_t>::is_always_lock_free);

uint32_t* futex_word(std::atomic<uint32_t>& a) {
    return reinterpret_cast<uint32_t*>(&a);
}

void futex_wait(std::atomic<uint32_t>& word, uint32_t seen, std::chrono::milliseconds timeout) {
    struct timespec ts {};
    struct timespec* tp = nullptr;
    if (timeout != Sink::kNoIdleWork) {
        ts.tv_sec = static_cast<time_t>(timeout.count() / 1000);
        ts.tv_nsec = static_cast<long>(timeout.count() % 1000) * 1000000L;
        tp = &ts;
    }
    // EAGAIN (the word changed), EINTR and ETIMEDOUT all mean: look again.
    syscall(SYS_futex, futex_word(word), FUTEX_WAIT_PRIVATE, seen, tp, nullptr, 0);
}

// Signals meant for the process (SIGINT, SIGTERM, SIGHUP, SIGUSR1...) are
// handled by the threads that expect them, never by a worker caught in a
// sink's system call; SIGPIPE, which a write to a program or a TLS socket
// whose peer is gone raises in the writing thread, stays pending here
// instead of killing the engine.
void block_async_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD, SIGALRM})
        sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace

void OutputQueue::Channel::notify() {
    wake.fetch_add(1, std::memory_order_seq_cst);
    syscall(SYS_futex, futex_word(wake), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
}

namespace {

using Channel = OutputQueue::Channel;

void log_failure(Channel& ch, std::string_view what, std::string_view error) {
    uint64_t suppressed = 0;
    if (!ch.fail_log.should_log(LogRateLimiter::now(), suppressed)) return;
    log::error("output '{}': {}: {}{}", ch.name, what, error,
               suppressed ? fmt::format(" ({} more failures not logged)", suppressed) : "");
}

class Worker {
  public:
    Worker(std::shared_ptr<Channel> ch, const OutputQueueOptions& options)
        : ch_(std::move(ch)),
          buffered_(options.buffered),
          slow_ns_(static_cast<uint64_t>(options.slow_delivery.count()) * 1000000u) {}

    void run() {
        block_async_signals();
        while (!ch_->abandon.load()) {
            if (ch_->reopen_requested.exchange(false)) reopen();
            if (auto item = ch_->ring.pop()) {
                deliver(**item);
                continue;
            }
            flush();  // the queue ran empty: write out what is buffered
            if (ch_->stop.load()) {
                // What the sink can still do at once (a spool whose endpoint
                // answers), until shutdown stops waiting.
                while (!ch_->abandon.load() && idle() == std::chrono::milliseconds::zero()) {
                }
                break;
            }
            const std::chrono::milliseconds wait = idle();
            if (wait > std::chrono::milliseconds::zero()) sleep(wait);
        }
        if (!ch_->abandon.load()) {
            flush();
            try {
                ch_->sink->close();
            } catch (const std::exception& e) {
                log_failure(*ch_, "closing", e.what());
            }
        }
        std::lock_guard lock(ch_->done_mutex);
        ch_->done = true;
        ch_->done_cv.notify_all();
    }

  private:
    void deliver(const RenderedAlert& alert) {
        ch_->in_flight.store(unflushed_ + 1);
        const uint64_t start = slow_ns_ ? LogRateLimiter::now() : 0;
        try {
            ch_->sink->deliver(alert);
            ++unflushed_;
        } catch (const std::exception& e) {
            ch_->failed.fetch_add(1);
            log_failure(*ch_, fmt::format("alert of rule '{}' lost", alert.alert().rule), e.what());
        }
        if (ch_->abandon.load()) return;  // shutdown has counted it as not delivered
        ch_->in_flight.store(unflushed_);
        if (slow_ns_) {
            const uint64_t took = LogRateLimiter::now() - start;
            uint64_t suppressed = 0;
            if (took > slow_ns_ && ch_->slow_log.should_log(start + took, suppressed))
                log::warn("output '{}': delivering an alert took {} ms (output_timeout {} ms)",
                          ch_->name, took / 1000000, slow_ns_ / 1000000);
        }
        if (!buffered_ || unflushed_ >= OutputQueue::kFlushEvery) flush();
    }

    // Counts the alerts delivered since the last flush as sent once the
    // sink has written them out, as failed if it cannot.
    void flush() {
        if (unflushed_ == 0) return;
        try {
            ch_->sink->flush();
            ch_->sent.fetch_add(unflushed_);
        } catch (const std::exception& e) {
            ch_->failed.fetch_add(unflushed_);
            log_failure(*ch_, fmt::format("{} alert(s) lost", unflushed_), e.what());
        }
        unflushed_ = 0;
        ch_->in_flight.store(0);
    }

    std::chrono::milliseconds idle() {
        try {
            return ch_->sink->idle();
        } catch (const std::exception& e) {
            log_failure(*ch_, "background work", e.what());
            return std::chrono::seconds(1);
        }
    }

    void reopen() {
        flush();
        try {
            ch_->sink->reopen();
        } catch (const std::exception& e) {
            log_failure(*ch_, "reopening", e.what());
        }
    }

    // Waits for work. The fences pair with the producer's: either the
    // producer sees `sleeping` and wakes us, or we see its item.
    void sleep(std::chrono::milliseconds timeout) {
        const uint32_t seen = ch_->wake.load();
        ch_->sleeping.store(true, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_seq_cst);
        if (ch_->ring.empty() && !ch_->stop.load() && !ch_->abandon.load() &&
            !ch_->reopen_requested.load())
            futex_wait(ch_->wake, seen, timeout);
        ch_->sleeping.store(false, std::memory_order_relaxed);
    }

    std::shared_ptr<Channel> ch_;
    bool buffered_;
    uint64_t slow_ns_;
    uint64_t unflushed_ = 0;
};

SinkStats snapshot(const Channel& ch, uint64_t pushed) {
    SinkStats s;
    s.offered = pushed - ch.skipped.load();
    s.name = ch.name;
    s.sent = ch.sent.load();
    s.failed = ch.failed.load();
    s.dropped = ch.dropped.load();
    s.queued = ch.ring.size() + ch.in_flight.load();
    return s;
}

}  // namespace

OutputQueue::OutputQueue(OutputQueueOptions options, RenderOptions render)
    : options_(options), render_(render) {
    if (options_.capacity == 0) options_.capacity = kDefaultCapacity;
}

OutputQueue::~OutputQueue() {
    shutdown(std::chrono::seconds(5));
}

void OutputQueue::add_sink(std::unique_ptr<Sink> sink) {
    if (started_) throw Error("output: sink '{}' added after the outputs started", sink->name());
    channels_.push_back(std::make_shared<Channel>(std::move(sink), options_.capacity, options_));
}

void OutputQueue::start() {
    if (started_ || shut_down_) return;
    started_ = true;
    for (size_t i = 0; i < channels_.size(); ++i) {
        auto& ch = channels_[i];
        ch->worker = std::thread([ch, options = options_] { Worker(ch, options).run(); });
        const std::string thread_name = fmt::format("lanner-out{}", i);
        pthread_setname_np(ch->worker.native_handle(), thread_name.c_str());
    }
}

void OutputQueue::push(Alert alert) {
    push_except(std::move(alert), channels_.size());
}

void OutputQueue::push_except(Alert alert, size_t skip_sink) {
    pushed_.fetch_add(1, std::memory_order_relaxed);
    if (channels_.empty()) return;
    const bool accepting = accepting_.load(std::memory_order_acquire);
    AlertRef shared = std::make_shared<const RenderedAlert>(std::move(alert), render_);
    for (size_t i = 0; i < channels_.size(); ++i) {
        if (i == skip_sink) {
            channels_[i]->skipped.fetch_add(1, std::memory_order_relaxed);
            continue;
        }
        auto& ch = channels_[i];
        AlertRef ref = shared;
        if (!accepting || !ch->ring.push(ref)) {
            const uint64_t total = ch->dropped.fetch_add(1, std::memory_order_relaxed) + 1;
            uint64_t suppressed = 0;
            if (accepting && ch->drop_log.should_log(LogRateLimiter::now(), suppressed))
                log::warn(
                    "output '{}': queue full ({} alerts waiting), alert of rule '{}' "
                    "dropped; {} dropped so far",
                    ch->name, ch->ring.capacity(), shared->alert().rule, total);
            continue;
        }
        std::atomic_thread_fence(std::memory_order_seq_cst);
        if (ch->sleeping.load(std::memory_order_relaxed)) ch->notify();
    }
}

void OutputQueue::reopen() {
    for (auto& ch : channels_) {
        ch->reopen_requested.store(true);
        ch->notify();
    }
}

std::vector<SinkStats> OutputQueue::stats() const {
    std::vector<SinkStats> out;
    out.reserve(channels_.size());
    for (const auto& ch : channels_) out.push_back(snapshot(*ch, pushed()));
    return out;
}

ShutdownReport OutputQueue::shutdown(std::chrono::milliseconds max_wait) {
    if (shut_down_) return final_report_;
    shut_down_ = true;
    accepting_.store(false, std::memory_order_release);

    ShutdownReport report;
    if (started_) {
        for (auto& ch : channels_) {
            ch->stop.store(true);
            ch->notify();
        }
        const auto deadline = std::chrono::steady_clock::now() + max_wait;
        for (auto& ch : channels_) {
            std::unique_lock lock(ch->done_mutex);
            const bool done = ch->done_cv.wait_until(lock, deadline, [&] { return ch->done; });
            lock.unlock();
            if (done) {
                ch->worker.join();
                continue;
            }
            // The worker keeps its channel alive; it ends when the sink
            // returns, without delivering anything more.
            report.complete = false;
            ch->abandon.store(true);
            ch->sink->cancel();
            ch->notify();
            ch->worker.detach();
        }
    }
    for (const auto& ch : channels_) {
        SinkStats s = snapshot(*ch, pushed());
        if (s.queued)
            log::warn("output '{}': {} alert(s) not delivered at shutdown{}", s.name, s.queued,
                      started_ ? " (the sink did not finish in time)" : "");
        if (s.dropped || s.failed)
            log::warn("output '{}': {} sent, {} failed, {} dropped", s.name, s.sent, s.failed,
                      s.dropped);
        report.sinks.push_back(std::move(s));
    }
    final_report_ = report;
    return report;
}

}  // namespace lanner::output
