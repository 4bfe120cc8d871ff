// One libcurl handle POSTing JSON bodies to http_output.url: the transport
// under the HTTP sink (output/http_sink.h), one attempt per post().
//
// TLS: the server is verified unless `insecure` (peer and host name);
// against `ca_cert`, else `ca_bundle`, else the directory `ca_path` (as
// Falco chooses among them). `mtls` presents client_cert/client_key (PEM).
// `compress` sends the body gzip-compressed with Content-Encoding: gzip.
// `keep_alive` reuses the connection between posts (and turns on TCP
// keepalive probes); without it each post opens a new connection.
// Timeouts bound the connection and the whole transfer, so a dead or
// stalled endpoint costs at most `timeout` per attempt; cancel() (any
// thread) aborts a transfer within about a second.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

namespace lanner::output {

struct HttpClientOptions {
    std::string url;
    std::string user_agent = "lanner";
    bool insecure = false;
    std::string ca_cert;
    std::string ca_bundle;
    std::string ca_path;
    bool mtls = false;
    std::string client_cert;
    std::string client_key;
    bool compress = false;
    bool keep_alive = false;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds timeout{10000};
};

struct HttpResponse {
    bool transport_ok = false;  // a response arrived
    long status = 0;            // its HTTP status
    std::string error;          // what went wrong ("Connection refused", "HTTP 503")
    std::string body;           // the response body (at most 64 KiB of it)
    bool ok() const noexcept { return transport_ok && status >= 200 && status < 300; }
};

class HttpClient {
  public:
    // Throws lanner::Error when libcurl refuses an option.
    explicit HttpClient(HttpClientOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // One POST of `body` (Content-Type: application/json).
    HttpResponse post(std::string_view body);

    // Aborts the transfer in progress and every later one. Any thread.
    void cancel() noexcept { cancelled_.store(true); }
    bool cancelled() const noexcept { return cancelled_.load(); }

    const HttpClientOptions& options() const noexcept { return options_; }
    // The URL without user:password@, for logs.
    static std::string redacted_url(const std::string& url);

  private:
    static int on_progress(void* self, long long, long long, long long, long long);
    static size_t on_body(char* data, size_t size, size_t n, void* self);

    HttpClientOptions options_;
    void* curl_ = nullptr;     // CURL*
    void* headers_ = nullptr;  // curl_slist*
    std::string compressed_;
    std::string response_;
    char error_text_[256] = {};  // CURLOPT_ERRORBUFFER (CURL_ERROR_SIZE)
    std::atomic<bool> cancelled_{false};
};

}  // namespace lanner::output
