// http_output: each alert POSTed as the JSON object Falco posts (the JSON
// alert, Content-Type: application/json, whatever json_output says, so
// Falcosidekick and SIEM collectors take it unchanged), through libcurl
// (output/http_client.h: TLS, mTLS, gzip, keep_alive, timeouts). A 2xx
// answer is success.
//
// Without a spool, an alert is tried up to `attempts` times, waiting
// `backoff_min`, then twice as long..., between tries; if all fail it
// counts as failed. Right after a failure (within the current backoff) an
// alert gets one try only, so a dead endpoint costs one connection attempt
// per alert instead of the whole backoff.
//
// With a spool (output/alert_spool.h, http_output.spool.dir), Lanner's
// durable delivery: an alert that cannot be delivered is appended to the
// spool, and so is every alert after it while the spool holds any, so
// alerts reach the endpoint in the order they were raised. The spool is
// replayed oldest first, between alerts and while the queue is empty
// (idle()), retrying with a backoff that doubles from `backoff_min` to
// `backoff_max`; while waiting out the backoff new alerts go straight to
// the spool. At shutdown the spool is replayed while the endpoint answers,
// and what remains is sent by the next run. An alert counts as sent when it
// is delivered or safely in the spool; counters() says what became of the
// spooled ones. A response of 400, 413, 415 or 422 refuses that body for
// good: it is taken out of the spool (counted as rejected) rather than
// blocking everything behind it.
//
// echo (Falco's http_output.echo) prints each response body to `echo_to`.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "output/alert_spool.h"
#include "output/http_client.h"
#include "output/log_rate_limiter.h"
#include "output/sink.h"

namespace lanner::output {

struct HttpSinkOptions {
    HttpClientOptions http;
    std::optional<SpoolOptions> spool;
    bool echo = false;
    std::FILE* echo_to = stdout;
    int attempts = 3;  // without a spool
    std::chrono::milliseconds backoff_min{100};
    std::chrono::milliseconds backoff_max{10000};
    // Spooled alerts replayed per call of deliver() and idle(), so new
    // alerts never wait long behind a replay.
    int replay_batch = 32;
};

struct HttpSinkCounters {
    std::atomic<uint64_t> posts{0};      // requests made
    std::atomic<uint64_t> delivered{0};  // alerts answered with a 2xx
    std::atomic<uint64_t> errors{0};     // requests that failed (to be retried or not)
    std::atomic<uint64_t> rejected{0};   // alerts refused for good (400, 413, 415, 422)
};

class HttpSink final : public Sink {
  public:
    // Throws lanner::Error for a bad option or a spool that cannot be opened.
    explicit HttpSink(HttpSinkOptions options);
    ~HttpSink() override;

    std::string name() const override { return name_; }
    void deliver(const RenderedAlert& alert) override;
    void flush() override;
    std::chrono::milliseconds idle() override;
    void close() override;
    void cancel() noexcept override;

    std::shared_ptr<const HttpSinkCounters> counters() const { return counters_; }
    // Null without a spool.
    std::shared_ptr<const SpoolCounters> spool_counters() const;

  private:
    enum class Outcome { Delivered, Retry, Refused };
    Outcome post(std::string_view body);
    void deliver_direct(std::string_view body);
    void deliver_spooled(std::string_view body);
    // Replays up to `batch` spooled alerts; false when it stopped on a failure.
    bool replay(int batch);
    bool backing_off() const;
    void failed_now();
    void succeeded_now();
    void sleep_for(std::chrono::milliseconds d);

    HttpSinkOptions options_;
    std::string name_;
    HttpClient client_;
    std::unique_ptr<AlertSpool> spool_;
    std::shared_ptr<HttpSinkCounters> counters_ = std::make_shared<HttpSinkCounters>();
    std::chrono::milliseconds backoff_{0};  // 0: the endpoint answered last time
    std::chrono::steady_clock::time_point retry_at_{};
    LogRateLimiter error_log_{10'000'000'000ull};
    std::mutex cancel_mutex_;
    std::condition_variable cancel_cv_;
    std::atomic<bool> cancelled_{false};
};

}  // namespace lanner::output
