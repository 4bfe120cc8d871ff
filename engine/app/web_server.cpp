#include "app/web_server.h"

#include <httplib.h>

#include <chrono>

#include "common/error.h"

namespace lanner::app {

WebServer::WebServer(const WebServerOptions& o, const MetricsBoard& board) {
    if (o.ssl) {
        auto ssl = std::make_unique<httplib::SSLServer>(o.ssl_certificate.c_str(),
                                                        o.ssl_certificate.c_str());
        if (!ssl->is_valid())
            throw Error("webserver: cannot use the certificate and key in {}", o.ssl_certificate);
        server_ = std::move(ssl);
    } else {
        server_ = std::make_unique<httplib::Server>();
    }
    // httplib's default also sets SO_REUSEPORT, which lets a second engine
    // bind the same port silently; only SO_REUSEADDR (restart after a crash).
    server_->set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_->Get(o.healthz_endpoint, [](const httplib::Request&, httplib::Response& res) {
        res.set_content("{\"status\": \"ok\"}", "application/json");
    });
    if (o.prometheus_metrics) {
        server_->Get("/metrics", [&board](const httplib::Request&, httplib::Response& res) {
            const auto m = board.latest();
            if (!m) {
                res.status = 503;
                res.set_content("no metrics yet\n", "text/plain");
                return;
            }
            res.set_content(prometheus_text(*m), "text/plain; version=0.0.4; charset=utf-8");
        });
    }
    const int port =
        o.listen_port == 0
            ? server_->bind_to_any_port(o.listen_address)
            : (server_->bind_to_port(o.listen_address, o.listen_port) ? o.listen_port : -1);
    if (port <= 0)
        throw Error("webserver: cannot listen on {}:{}", o.listen_address, o.listen_port);
    port_ = static_cast<uint16_t>(port);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() only ends a server that is already listening: wait for it, so a
    // server destroyed at once still stops.
    for (int i = 0; i < 2000 && !server_->is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

WebServer::~WebServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
}

}  // namespace lanner::app
