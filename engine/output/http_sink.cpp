#include "output/http_sink.h"

#include <algorithm>

#include "common/error.h"
#include "common/log.h"

namespace lanner::output {

using Clock = std::chrono::steady_clock;

namespace {

// Answers that say the body itself is unacceptable: sending it again can
// never succeed.
bool refused_for_good(long status) {
    return status == 400 || status == 413 || status == 415 || status == 422;
}

}  // namespace

HttpSink::HttpSink(HttpSinkOptions options)
    : options_(std::move(options)),
      name_("http " + HttpClient::redacted_url(options_.http.url)),
      client_(options_.http) {
    if (options_.spool) spool_ = std::make_unique<AlertSpool>(*options_.spool);
}

HttpSink::~HttpSink() = default;

std::shared_ptr<const SpoolCounters> HttpSink::spool_counters() const {
    return spool_ ? spool_->counters() : nullptr;
}

bool HttpSink::backing_off() const {
    return backoff_.count() > 0 && Clock::now() < retry_at_;
}

void HttpSink::failed_now() {
    backoff_ =
        backoff_.count() == 0 ? options_.backoff_min : std::min(backoff_ * 2, options_.backoff_max);
    retry_at_ = Clock::now() + backoff_;
}

void HttpSink::succeeded_now() {
    if (backoff_.count() > 0) log::notice("output '{}': the endpoint answers again", name_);
    backoff_ = std::chrono::milliseconds(0);
}

void HttpSink::sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(cancel_mutex_);
    cancel_cv_.wait_for(lock, d, [&] { return cancelled_.load(); });
}

HttpSink::Outcome HttpSink::post(std::string_view body) {
    counters_->posts.fetch_add(1);
    HttpResponse r = client_.post(body);
    if (options_.echo && !r.body.empty() && options_.echo_to) {
        std::fwrite(r.body.data(), 1, r.body.size(), options_.echo_to);
        if (r.body.back() != '\n') std::fputc('\n', options_.echo_to);
        std::fflush(options_.echo_to);
    }
    if (r.ok()) {
        counters_->delivered.fetch_add(1);
        succeeded_now();
        return Outcome::Delivered;
    }
    counters_->errors.fetch_add(1);
    if (r.transport_ok && refused_for_good(r.status)) {
        counters_->rejected.fetch_add(1);
        succeeded_now();  // the endpoint is up; this body is the problem
        log::error("output '{}': the endpoint refused an alert for good ({}): {}", name_, r.error,
                   r.body.substr(0, 200));
        return Outcome::Refused;
    }
    failed_now();
    uint64_t suppressed = 0;
    if (error_log_.should_log(LogRateLimiter::now(), suppressed))
        log::warn("output '{}': {}; retrying in {} ms{}", name_, r.error, backoff_.count(),
                  suppressed ? fmt::format(" ({} more failures not logged)", suppressed) : "");
    return Outcome::Retry;
}

void HttpSink::deliver_direct(std::string_view body) {
    // One try right after a failure; otherwise a few, backing off between.
    const int tries = backing_off() ? 1 : std::max(1, options_.attempts);
    for (int i = 0; i < tries; ++i) {
        if (i > 0) sleep_for(backoff_);
        if (cancelled_.load()) throw Error("http_output: shutting down");
        switch (post(body)) {
            case Outcome::Delivered:
                return;
            case Outcome::Refused:
                throw Error("the endpoint refused the alert");
            case Outcome::Retry:
                break;
        }
    }
    throw Error("not delivered after {} attempt(s)", tries);
}

bool HttpSink::replay(int batch) {
    for (int i = 0; i < batch && !spool_->empty(); ++i) {
        if (cancelled_.load() || backing_off()) return false;
        const std::string_view body = spool_->front();
        if (spool_->empty()) break;  // what was left could not be read back
        switch (post(body)) {
            case Outcome::Delivered:
                spool_->pop_front(true);
                break;
            case Outcome::Refused:
                spool_->pop_front(false);
                break;
            case Outcome::Retry:
                return false;
        }
    }
    return true;
}

void HttpSink::deliver_spooled(std::string_view body) {
    if (spool_->empty() && !backing_off()) {
        switch (post(body)) {
            case Outcome::Delivered:
                return;
            case Outcome::Refused:
                throw Error("the endpoint refused the alert");  // spooling cannot help
            case Outcome::Retry:
                break;
        }
    }
    // Behind the alerts already waiting, so the order holds.
    spool_->append(body);
    if (!backing_off()) replay(options_.replay_batch);
}

void HttpSink::deliver(const RenderedAlert& alert) {
    const std::string& body = alert.json();
    if (spool_)
        deliver_spooled(body);
    else
        deliver_direct(body);
}

void HttpSink::flush() {
    if (spool_) spool_->maybe_sync();
}

std::chrono::milliseconds HttpSink::idle() {
    if (!spool_) return kNoIdleWork;
    std::chrono::milliseconds wait = kNoIdleWork;
    if (!spool_->empty() && !cancelled_.load()) {
        if (!backing_off()) replay(options_.replay_batch);
        if (!spool_->empty() && !cancelled_.load())
            wait = backing_off() ? std::max(std::chrono::milliseconds(1),
                                            std::chrono::duration_cast<std::chrono::milliseconds>(
                                                retry_at_ - Clock::now()))
                                 : std::chrono::milliseconds(0);  // more, and it answers
    }
    return std::min(wait, spool_->maybe_sync());
}

void HttpSink::close() {
    if (spool_) {
        spool_->sync();
        if (!spool_->empty())
            log::notice("output '{}': {} alert(s) stay in the spool {} for the next run", name_,
                        spool_->size(), spool_->dir());
    }
}

void HttpSink::cancel() noexcept {
    client_.cancel();
    std::lock_guard lock(cancel_mutex_);
    cancelled_.store(true);
    cancel_cv_.notify_all();
}

}  // namespace lanner::output
