// Test support for the sinks against real receivers started by the tests:
// temporary directories, child processes (rsyslogd, openssl, lanner), an
// HTTP(S) receiver on loopback that records what it is sent and can be told
// to refuse, stall or fail, and a test CA made with openssl.
//
// A receiver the machine lacks fails the test under CI=true and skips it
// otherwise (require_program()).
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <httplib.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.h"

#include <boost/test/unit_test.hpp>

namespace lanner::live_test {

namespace fs = std::filesystem;

inline bool in_ci() {
    const char* ci = std::getenv("CI");
    return ci && std::string(ci) == "true";
}

// True when `path` is an executable; otherwise fails the test under
// CI=true, or says it is skipped and returns false.
inline bool require_program(const std::string& path, const std::string& package) {
    if (::access(path.c_str(), X_OK) == 0) return true;
    if (in_ci()) BOOST_FAIL(path + " is missing (Debian package " + package + "); CI needs it");
    BOOST_TEST_MESSAGE("skipped: " + path + " is missing (install " + package + ")");
    return false;
}

// Waits (up to a generous bound, so a broken sink fails instead of hanging)
// until `done` holds.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

using lanner::test::TempDir;

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> v;
    std::istringstream s(text);
    for (std::string l; std::getline(s, l);) v.push_back(l);
    return v;
}

inline void write_file(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

// A child process: argv[0] is the program's path. stdin is a pipe when
// asked for (stdin_pipe()); stdout and stderr go to files when named.
class Process {
  public:
    Process(std::vector<std::string> argv, bool with_stdin = false, std::string out_file = {},
            std::string err_file = {}) {
        int in[2] = {-1, -1};
        if (with_stdin) BOOST_REQUIRE(pipe2(in, O_CLOEXEC) == 0);
        pid_ = fork();
        BOOST_REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            if (with_stdin) dup2(in[0], 0);
            if (!out_file.empty()) {
                const int fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
                dup2(fd, 1);
            }
            if (!err_file.empty()) {
                const int fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
                dup2(fd, 2);
            }
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        if (with_stdin) {
            ::close(in[0]);
            stdin_ = in[1];
        }
    }
    ~Process() {
        close_stdin();
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            wait();
        }
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }
    bool write_stdin(const void* data, size_t n) {
        const auto* p = static_cast<const char*>(data);
        signal(SIGPIPE, SIG_IGN);
        while (n > 0) {
            const ssize_t w = ::write(stdin_, p, n);
            if (w <= 0) return false;
            p += w;
            n -= static_cast<size_t>(w);
        }
        return true;
    }
    void close_stdin() {
        if (stdin_ >= 0) ::close(stdin_);
        stdin_ = -1;
    }
    void kill(int sig) const {
        if (!reaped_) ::kill(pid_, sig);
    }
    // The wait status.
    int wait() {
        if (!reaped_) {
            while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
            }
            reaped_ = true;
        }
        return status_;
    }
    // Waits at most `limit`; false if still running.
    bool wait_for(std::chrono::milliseconds limit) {
        return eventually(
            [&] {
                if (reaped_) return true;
                if (waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
                return reaped_;
            },
            limit);
    }
    bool running() {
        if (reaped_) return false;
        if (waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
        return !reaped_;
    }

  private:
    pid_t pid_ = -1;
    int stdin_ = -1;
    int status_ = 0;
    bool reaped_ = false;
};

// A loopback TCP port nobody listens on, held (bound, not listening) until
// release(): connections to it are refused at once.
class RefusingPort {
  public:
    RefusingPort() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int one = 1;
        setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        BOOST_REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        socklen_t len = sizeof a;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
    }
    ~RefusingPort() { release(); }
    int port() const { return port_; }
    void release() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

  private:
    int fd_ = -1;
    int port_ = 0;
};

inline std::string gunzip(const std::string& in) {
    z_stream zs{};
    inflateInit2(&zs, 15 + 16);
    std::string out;
    char buf[65536];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buf, sizeof buf - zs.avail_out);
    }
    inflateEnd(&zs);
    return rc == Z_STREAM_END ? out : "<bad gzip>";
}

// What the receiver was sent.
struct Request {
    std::string body;  // decompressed when it came gzip-compressed
    std::string content_type;
    std::string content_encoding;
    std::string user_agent;
    size_t wire_bytes = 0;  // Content-Length: the body as sent
    std::string remote;     // "addr:port" of the connection
};

// An HTTP or HTTPS server on 127.0.0.1 that records the POSTs to "/" and
// answers as told: `status` (200), after waiting while `stall` is set.
class Receiver {
  public:
    struct Tls {
        std::string cert, key;
        std::string client_ca;  // non-empty: mTLS, client certificates required
    };

    explicit Receiver(int port = 0, std::optional<Tls> tls = std::nullopt) {
        if (tls)
            server_ = std::make_unique<httplib::SSLServer>(
                tls->cert.c_str(), tls->key.c_str(),
                tls->client_ca.empty() ? nullptr : tls->client_ca.c_str());
        else
            server_ = std::make_unique<httplib::Server>();
        BOOST_REQUIRE(server_->is_valid());
        server_->set_keep_alive_max_count(1000);
        server_->Post("/", [this](const httplib::Request& req, httplib::Response& res) {
            {
                std::unique_lock lock(mutex_);
                stalled_ += stall_.load() ? 1 : 0;
                cv_.wait(lock, [&] { return !stall_.load() || stopping_; });
                Request r;
                r.body = req.body;
                r.wire_bytes = req.has_header("Content-Length")
                                   ? std::stoul(req.get_header_value("Content-Length"))
                                   : 0;
                r.content_type = req.get_header_value("Content-Type");
                r.content_encoding = req.get_header_value("Content-Encoding");
                r.user_agent = req.get_header_value("User-Agent");
                r.remote = req.remote_addr + ":" + std::to_string(req.remote_port);
                if (r.content_encoding == "gzip" && r.body.size() >= 2 &&
                    static_cast<unsigned char>(r.body[0]) == 0x1f)
                    r.body = gunzip(r.body);  // (if the server did not already)
                int status = status_.load();
                if (fail_next_ > 0) {
                    --fail_next_;
                    status = fail_status_;
                }
                res.status = status;
                if (status / 100 == 2)
                    requests_.push_back(std::move(r));
                else
                    ++refused_;
            }
            res.set_content(reply_, "application/json");
        });
        if (port == 0)
            port_ = server_->bind_to_any_port("127.0.0.1");
        else if (server_->bind_to_port("127.0.0.1", port))
            port_ = port;
        BOOST_REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_->listen_after_bind(); });
        BOOST_REQUIRE(eventually([&] { return server_->is_running(); }));
    }
    ~Receiver() { stop(); }
    Receiver(const Receiver&) = delete;
    Receiver& operator=(const Receiver&) = delete;

    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        cv_.notify_all();
        if (server_) server_->stop();
        if (thread_.joinable()) thread_.join();
    }

    int port() const { return port_; }
    std::string url(bool https = false) const {
        return std::string(https ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) +
               "/";
    }
    void set_status(int s) { status_ = s; }
    // The next `n` requests are answered `status` (503).
    void fail_next(int n, int status = 503) {
        std::lock_guard lock(mutex_);
        fail_next_ = n;
        fail_status_ = status;
    }
    void set_reply(std::string r) {
        std::lock_guard lock(mutex_);
        reply_ = std::move(r);
    }
    void set_stall(bool on) {
        stall_ = on;
        cv_.notify_all();
    }
    size_t stalled() {
        std::lock_guard lock(mutex_);
        return stalled_;
    }
    std::vector<Request> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    size_t received() {
        std::lock_guard lock(mutex_);
        return requests_.size();
    }
    size_t refused() {
        std::lock_guard lock(mutex_);
        return refused_;
    }

  private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = -1;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::atomic<bool> stall_{false};
    std::atomic<int> status_{200};
    std::string reply_ = "{\"ok\":true}";
    bool stopping_ = false;
    size_t stalled_ = 0;
    size_t refused_ = 0;
    int fail_next_ = 0;
    int fail_status_ = 503;
    std::vector<Request> requests_;
};

// Runs a command through the shell; its exit status.
inline int sh(const std::string& command) {
    return std::system(command.c_str());
}

// A CA, a server certificate for 127.0.0.1 and localhost, and a client
// certificate, made with openssl in `dir`.
struct TestPki {
    std::string ca_cert, server_cert, server_key, client_cert, client_key, other_ca_cert;

    explicit TestPki(const TempDir& dir) {
        const std::string d = dir.path().string();
        ca_cert = d + "/ca.crt";
        server_cert = d + "/server.crt";
        server_key = d + "/server.key";
        client_cert = d + "/client.crt";
        client_key = d + "/client.key";
        other_ca_cert = d + "/other-ca.crt";
        write_file(d + "/server.ext",
                   "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        write_file(d + "/client.ext", "extendedKeyUsage=clientAuth\n");
        const std::string q = " >/dev/null 2>&1";
        const std::string ossl = "openssl ";
        auto run = [&](const std::string& c) { BOOST_REQUIRE_MESSAGE(sh(ossl + c + q) == 0, c); };
        run("req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=lanner-test-ca -keyout " + d +
            "/ca.key -out " + ca_cert);
        run("req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca -keyout " + d +
            "/other-ca.key -out " + other_ca_cert);
        run("req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout " + server_key + " -out " + d +
            "/server.csr");
        run("x509 -req -days 2 -in " + d + "/server.csr -CA " + ca_cert + " -CAkey " + d +
            "/ca.key -CAcreateserial -extfile " + d + "/server.ext -out " + server_cert);
        run("req -newkey rsa:2048 -nodes -subj /CN=lanner-client -keyout " + client_key + " -out " +
            d + "/client.csr");
        run("x509 -req -days 2 -in " + d + "/client.csr -CA " + ca_cert + " -CAkey " + d +
            "/ca.key -CAcreateserial -extfile " + d + "/client.ext -out " + client_cert);
    }
};

}  // namespace lanner::live_test
