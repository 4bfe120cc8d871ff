// The embedded webserver (falco.yaml's `webserver`): a health endpoint for
// Kubernetes probes and, when enabled, /metrics in Prometheus text format.
// Runs on its own thread; reads the metrics the engine thread publishes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "app/metrics.h"

namespace httplib {
class Server;
}

namespace lanner::app {

struct WebServerOptions {
    std::string listen_address = "127.0.0.1";
    uint16_t listen_port = 8765;
    std::string healthz_endpoint = "/healthz";
    bool prometheus_metrics = false;
    bool ssl = false;
    std::string ssl_certificate;  // PEM holding the certificate and its private key
};

class WebServer {
  public:
    // Binds and starts serving; throws lanner::Error naming the address when
    // it cannot bind (or the certificate cannot be used).
    WebServer(const WebServerOptions& options, const MetricsBoard& board);
    ~WebServer();  // stops the thread
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    uint16_t port() const noexcept { return port_; }  // the bound port (0 in options: any)

  private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    uint16_t port_ = 0;
};

}  // namespace lanner::app
