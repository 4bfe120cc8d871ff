#include "output/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "common/error.h"
#include "output/gzip.h"

namespace lanner::output {
namespace {

constexpr size_t kMaxResponseBody = 64 * 1024;

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CURL* handle(void* p) {
    return static_cast<CURL*>(p);
}

template <typename T>
void set(CURL* c, CURLoption opt, T value, const char* what) {
    const CURLcode rc = curl_easy_setopt(c, opt, value);
    if (rc != CURLE_OK)
        throw Error("http_output: libcurl refused {}: {}", what, curl_easy_strerror(rc));
}

}  // namespace

std::string HttpClient::redacted_url(const std::string& url) {
    const size_t scheme = url.find("://");
    const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    const size_t end = url.find_first_of("/?#", start);
    const size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
    if (at == std::string::npos || at < start) return url;
    return url.substr(0, start) + url.substr(at + 1);
}

HttpClient::HttpClient(HttpClientOptions options) : options_(std::move(options)) {
    if (options_.url.empty()) throw Error("http_output: the url is empty");
    global_init();
    CURL* c = curl_easy_init();
    if (!c) throw Error("http_output: libcurl could not make a handle");
    curl_ = c;
    try {
        auto* h = curl_slist_append(nullptr, "Content-Type: application/json");
        // No "Expect: 100-continue" round trip before larger bodies.
        h = curl_slist_append(h, "Expect:");
        if (options_.compress) h = curl_slist_append(h, "Content-Encoding: gzip");
        headers_ = h;
        set(c, CURLOPT_HTTPHEADER, h, "the headers");
        set(c, CURLOPT_URL, options_.url.c_str(), "http_output.url");
        set(c, CURLOPT_USERAGENT, options_.user_agent.c_str(), "http_output.user_agent");
        set(c, CURLOPT_POST, 1L, "POST");
        set(c, CURLOPT_NOSIGNAL, 1L, "NOSIGNAL");  // threads; timeouts without SIGALRM
        set(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()),
            "the connect timeout");
        set(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()), "the timeout");
        set(c, CURLOPT_PROTOCOLS_STR, "http,https", "the protocols");
        set(c, CURLOPT_FOLLOWLOCATION, 0L, "redirects");
        if (options_.insecure) {
            set(c, CURLOPT_SSL_VERIFYPEER, 0L, "http_output.insecure");
            set(c, CURLOPT_SSL_VERIFYHOST, 0L, "http_output.insecure");
        } else {
            set(c, CURLOPT_SSL_VERIFYPEER, 1L, "TLS verification");
            set(c, CURLOPT_SSL_VERIFYHOST, 2L, "TLS verification");
        }
        if (!options_.ca_cert.empty())
            set(c, CURLOPT_CAINFO, options_.ca_cert.c_str(), "http_output.ca_cert");
        else if (!options_.ca_bundle.empty())
            set(c, CURLOPT_CAINFO, options_.ca_bundle.c_str(), "http_output.ca_bundle");
        else if (!options_.ca_path.empty())
            set(c, CURLOPT_CAPATH, options_.ca_path.c_str(), "http_output.ca_path");
        if (options_.mtls) {
            set(c, CURLOPT_SSLCERT, options_.client_cert.c_str(), "http_output.client_cert");
            set(c, CURLOPT_SSLKEY, options_.client_key.c_str(), "http_output.client_key");
        }
        if (options_.keep_alive) {
            set(c, CURLOPT_TCP_KEEPALIVE, 1L, "http_output.keep_alive");
        } else {
            set(c, CURLOPT_FORBID_REUSE, 1L, "http_output.keep_alive");
        }
        set(c, CURLOPT_NOPROGRESS, 0L, "progress");
        set(c, CURLOPT_XFERINFOFUNCTION, &HttpClient::on_progress, "progress");
        set(c, CURLOPT_XFERINFODATA, static_cast<void*>(this), "progress");
        set(c, CURLOPT_WRITEFUNCTION, &HttpClient::on_body, "the response");
        set(c, CURLOPT_WRITEDATA, static_cast<void*>(this), "the response");
        set(c, CURLOPT_ERRORBUFFER, error_text_, "the error buffer");
    } catch (...) {
        curl_slist_free_all(static_cast<curl_slist*>(headers_));
        curl_easy_cleanup(c);
        throw;
    }
}

HttpClient::~HttpClient() {
    curl_easy_cleanup(handle(curl_));
    curl_slist_free_all(static_cast<curl_slist*>(headers_));
}

int HttpClient::on_progress(void* self, long long, long long, long long, long long) {
    return static_cast<HttpClient*>(self)->cancelled_.load() ? 1 : 0;
}

size_t HttpClient::on_body(char* data, size_t size, size_t n, void* self) {
    auto* me = static_cast<HttpClient*>(self);
    const size_t len = size * n;
    if (me->response_.size() < kMaxResponseBody)
        me->response_.append(data, std::min(len, kMaxResponseBody - me->response_.size()));
    return len;
}

HttpResponse HttpClient::post(std::string_view body) {
    HttpResponse r;
    if (cancelled_.load()) {
        r.error = "cancelled";
        return r;
    }
    CURL* c = handle(curl_);
    std::string_view sent = body;
    if (options_.compress) {
        gzip_compress(body, compressed_);
        sent = compressed_;
    }
    response_.clear();
    error_text_[0] = '\0';
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, sent.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(sent.size()));
    const CURLcode rc = curl_easy_perform(c);
    r.body.swap(response_);
    if (rc != CURLE_OK) {
        r.error = rc == CURLE_ABORTED_BY_CALLBACK ? "cancelled"
                  : error_text_[0]                ? error_text_
                                                  : curl_easy_strerror(rc);
        return r;
    }
    r.transport_ok = true;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    if (!r.ok()) r.error = "HTTP " + std::to_string(r.status);
    return r;
}

}  // namespace lanner::output
