// Test sinks and alerts for the queue and sink tests.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "output/alert.h"
#include "output/sink.h"

namespace lanner::test {

inline output::Alert make_alert(const std::string& rule, const std::string& message,
                                rules::Priority p = rules::Priority::Warning) {
    output::Alert a;
    a.rule = rule;
    a.priority = p;
    a.source = "syscall";
    a.tags = {"t"};
    a.time_ns = 1706706187123456789ULL;
    a.hostname = "h";
    a.message = message;
    a.fields.push_back({"proc.name", output::OutputValue::of_string("cat")});
    return a;
}

// Waits (up to a generous bound, so a broken queue fails instead of
// hanging) until `done` holds.
inline bool eventually(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

// Records what it receives; optionally fails some alerts or flushes.
class RecordingSink : public output::Sink {
  public:
    struct Log {
        std::mutex mutex;
        std::vector<std::string> events;  // "deliver:<message>", "flush", "reopen", "close"
        std::vector<std::string> delivered() {
            std::lock_guard lock(mutex);
            std::vector<std::string> out;
            for (const auto& e : events)
                if (e.starts_with("deliver:")) out.push_back(e.substr(8));
            return out;
        }
        size_t count(const std::string& what) {
            std::lock_guard lock(mutex);
            size_t n = 0;
            for (const auto& e : events) n += e == what;
            return n;
        }
        void add(std::string e) {
            std::lock_guard lock(mutex);
            events.push_back(std::move(e));
        }
    };

    explicit RecordingSink(std::shared_ptr<Log> log, std::string name = "recording")
        : log_(std::move(log)), name_(std::move(name)) {}

    std::string name() const override { return name_; }
    void deliver(const output::RenderedAlert& a) override {
        if (a.alert().rule == fail_rule) throw Error("refused {}", a.alert().rule);
        log_->add("deliver:" + a.alert().message);
    }
    void flush() override {
        log_->add("flush");
        if (fail_flush) throw Error("flush failed");
    }
    void reopen() override { log_->add("reopen"); }
    void close() override { log_->add("close"); }

    std::string fail_rule = "\x01none";
    bool fail_flush = false;

  private:
    std::shared_ptr<Log> log_;
    std::string name_;
};

// Blocks in deliver() until released: a stalled destination.
class StallingSink : public output::Sink {
  public:
    struct Gate {
        std::counting_semaphore<1024> entered{0};  // one release per deliver() entered
        std::counting_semaphore<1024> release{0};  // one acquire per deliver() let through
        std::atomic<bool> cancelled{false};
        std::atomic<int> delivered{0};
    };
    explicit StallingSink(std::shared_ptr<Gate> gate) : gate_(std::move(gate)) {}

    std::string name() const override { return "stalling"; }
    void deliver(const output::RenderedAlert&) override {
        gate_->entered.release();
        gate_->release.acquire();
        ++gate_->delivered;
    }
    // Lets everything through, as a sink aborting its transfer would.
    void cancel() noexcept override {
        gate_->cancelled = true;
        gate_->release.release(512);
    }

  private:
    std::shared_ptr<Gate> gate_;
};

}  // namespace lanner::test
