#include "capture/synthetic_capture.h"

#include <sched.h>

#include "capture/capture_format.h"
#include "common/error.h"
#include "event/event.h"
#include "event/sockaddr.h"

namespace lanner::capture {
namespace {

constexpr uint64_t kSecond = 1'000'000'000ULL;
constexpr uint64_t kBootTime = 1714521600ULL * kSecond;  // 2024-05-01T00:00:00Z
constexpr uint64_t kAllCapabilities =
    (uint64_t{1} << 41) - 1;             // CAP_CHOWN .. CAP_CHECKPOINT_RESTORE
constexpr uint32_t kRootDev = 0x800001;  // 8:1 in kernel encoding
constexpr uint64_t kFdLimit = 1024;

std::string base_name(std::string_view path) {
    const auto slash = path.rfind('/');
    std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
    if (name.size() > 15) name.resize(15);  // TASK_COMM_LEN - 1
    return name;
}

}  // namespace

void SyntheticThread::complete(uint64_t capture_start) {
    if (tid_ == 0) throw Error("SyntheticCapture: a thread needs a tid other than 0");
    if (pid_ == 0) pid_ = tid_;
    if (comm_.empty()) comm_ = base_name(exepath_);
    if (exe_.empty()) exe_ = exepath_;
    if (vtid_ == 0) vtid_ = tid_;
    if (vpid_ == 0) vpid_ = pid_;
    if (cgroups_.empty()) {
        // cgroup v2 with the systemd driver: every controller at one path.
        const std::string path =
            container_.empty() ? "/" : "/system.slice/docker-" + container_ + ".scope";
        for (const char* subsys : {"cpuset", "cpu", "io", "memory", "pids"})
            cgroups_.push_back(std::string(subsys) + "=" + path);
    }
    if (!capabilities_) capabilities_ = uid_ == 0 ? kAllCapabilities : 0;
    if (start_ts_ == 0) start_ts_ = capture_start > 60 * kSecond ? capture_start - 60 * kSecond : 1;
}

SyntheticCapture::SyntheticCapture() {
    info_.hostname = "synthetic-host";
    info_.kernel_release = "6.1.0-synthetic";
    info_.driver = "synthetic";
    info_.flags = kFlagSynthetic;
    info_.boot_time_ns = kBootTime;
    info_.start_ts = 3600 * kSecond;
    next_ts_ = info_.start_ts + step_;
}

// --- state section ------------------------------------------------------------

const SyntheticThread& SyntheticCapture::add_thread(SyntheticThread t) {
    t.complete(info_.start_ts);
    add_state("threadinfo")
        .thread(t.tid(), t.pid())
        .set("tid", uint64_t{t.tid()})
        .set("pid", uint64_t{t.pid()})
        .set("ptid", uint64_t{t.ptid()})
        .set("comm", t.comm())
        .set("exe", t.exe())
        .set_list("args", t.args())
        .set("cwd", t.cwd())
        .set_list("env", t.env())
        .set("uid", t.uid())
        .set("gid", t.gid())
        .set("loginuid", t.loginuid())
        .set_list("cgroups", t.cgroups())
        .set("container_id", t.container().substr(0, 12))
        .set("tty", t.tty())
        .set("pgid", uint64_t{t.pid()})
        .set("sid", uint64_t{t.pid()})
        .set("vtid", uint64_t{t.vtid()})
        .set("vpid", uint64_t{t.vpid()})
        .set("vpgid", uint64_t{t.vpid()})
        .set("exe_flags", 0u)
        .set("cap_inheritable", uint64_t{0})
        .set("cap_permitted", *t.capabilities())
        .set("cap_effective", *t.capabilities())
        .set("exe_ino", next_ino_++)
        .set("exe_ino_ctime", info_.boot_time_ns)
        .set("exe_ino_mtime", info_.boot_time_ns)
        .set("trusted_exepath", t.exepath())
        .set("start_ts", t.start_ts())
        .set("pidns_init_start_ts", uint64_t{1})
        .set("fdlimit", kFdLimit);
    const uint32_t tid = t.tid();
    return threads_.insert_or_assign(tid, std::move(t)).first->second;
}

RecordBuilder& SyntheticCapture::add_fd(uint32_t pid, int64_t fd, std::string_view name,
                                        uint32_t fd_type, uint32_t flags) {
    return add_state("fdinfo")
        .thread(pid, pid)
        .set("pid", uint64_t{pid})
        .set("fd", fd)
        .set("type", fd_type)
        .set("flags", flags)
        .set("name", name)
        .set("ino", next_ino_++)
        .set("dev", kRootDev);
}

RecordBuilder& SyntheticCapture::add_socket_fd(uint32_t pid, int64_t fd, std::string_view tuple) {
    const auto t = decode_socktuple(tuple);
    uint32_t type = 0;
    if (t && t->family == LN_AF_INET) type = LN_FD_IPV4_SOCK;
    if (t && t->family == LN_AF_INET6) type = LN_FD_IPV6_SOCK;
    if (t && t->family == LN_AF_UNIX) type = LN_FD_UNIX_SOCK;
    if (type == 0)
        throw Error("SyntheticCapture::add_socket_fd: not an inet, inet6 or unix SOCKTUPLE value");
    auto& b = add_fd(pid, fd, "", type, O_RDWR);
    b.set_bytes("tuple", tuple);
    return b;
}

void SyntheticCapture::add_std_fds(uint32_t pid, std::string_view tty_path) {
    add_fd(pid, 0, tty_path, LN_FD_FILE, O_RDWR);
    add_fd(pid, 1, tty_path, LN_FD_FILE, O_RDWR);
    add_fd(pid, 2, tty_path, LN_FD_FILE, O_RDWR);
}

RecordBuilder& SyntheticCapture::add_user(uint32_t uid, std::string_view name, uint32_t gid,
                                          std::string_view home, std::string_view shell) {
    return add_state("userinfo")
        .set("uid", uid)
        .set("gid", gid)
        .set("name", name)
        .set("homedir", home)
        .set("shell", shell);
}

RecordBuilder& SyntheticCapture::add_group(uint32_t gid, std::string_view name) {
    return add_state("groupinfo").set("gid", gid).set("name", name);
}

void SyntheticCapture::add_standard_accounts() {
    add_user(0, "root", 0, "/root", "/bin/bash");
    add_user(1, "daemon", 1, "/usr/sbin", "/usr/sbin/nologin");
    add_user(65534, "nobody", 65534, "/nonexistent", "/usr/sbin/nologin");
    add_group(0, "root");
    add_group(1, "daemon");
    add_group(5, "tty");
    add_group(65534, "nogroup");
}

RecordBuilder& SyntheticCapture::add_state(std::string_view meta_event) {
    RecordBuilder b(meta_event);
    b.ts(info_.start_ts);
    state_.push_back(std::move(b));
    return state_.back();
}

// --- events -------------------------------------------------------------------

const SyntheticThread* SyntheticCapture::thread(uint32_t tid) const {
    auto it = threads_.find(tid);
    return it == threads_.end() ? nullptr : &it->second;
}

SyntheticThread& SyntheticCapture::model(uint32_t tid) {
    auto it = threads_.find(tid);
    if (it == threads_.end())
        throw Error("SyntheticCapture: thread {} is unknown: add it with add_thread() or clone()",
                    tid);
    return it->second;
}

RecordBuilder& SyntheticCapture::event(std::string_view name, uint32_t tid) {
    const auto* t = thread(tid);
    RecordBuilder b(name);
    b.ts(next_ts_).thread(tid, t ? t->pid() : tid);
    next_ts_ += step_;
    events_.push_back(std::move(b));
    return events_.back();
}

void SyntheticCapture::fill_snapshot(RecordBuilder& b, const SyntheticThread& t) {
    b.set("exe", t.exe())
        .set_list("args", t.args())
        .set("tid", uint64_t{t.tid()})
        .set("pid", uint64_t{t.pid()})
        .set("ptid", uint64_t{t.ptid()})
        .set("cwd", t.cwd())
        .set("fdlimit", kFdLimit)
        .set("comm", t.comm())
        .set_list("cgroups", t.cgroups())
        .set("tty", t.tty())
        .set("pgid", uint64_t{t.pid()})
        .set("sid", uint64_t{t.pid()})
        .set("loginuid", t.loginuid())
        .set("uid", t.uid())
        .set("gid", t.gid())
        .set("vtid", uint64_t{t.vtid()})
        .set("vpid", uint64_t{t.vpid()})
        .set("vpgid", uint64_t{t.vpid()})
        .set("cap_inheritable", uint64_t{0})
        .set("cap_permitted", t.capabilities().value_or(0))
        .set("cap_effective", t.capabilities().value_or(0))
        .set("exe_ino", next_ino_++)
        .set("exe_ino_ctime", info_.boot_time_ns)
        .set("exe_ino_mtime", info_.boot_time_ns)
        .set("trusted_exepath", t.exepath())
        .set("pidns_init_start_ts", uint64_t{1})
        .set("start_ts", t.start_ts());
}

RecordBuilder& SyntheticCapture::open(uint32_t tid, std::string_view path, int64_t fd,
                                      uint32_t flags, uint32_t mode) {
    return event("openat", tid)
        .set("fd", fd)
        .set("dirfd", int64_t{AT_FDCWD})
        .set("name", path)
        .set("flags", flags)
        .set("mode", mode)
        .set("dev", kRootDev)
        .set("ino", fd >= 0 ? next_ino_++ : uint64_t{0});
}

RecordBuilder& SyntheticCapture::exec(uint32_t tid, std::string_view exepath,
                                      std::vector<std::string> args, int64_t res) {
    SyntheticThread& t = model(tid);
    if (res == 0) {
        t.exepath_ = std::string(exepath);
        t.exe_ = t.exepath_;
        t.comm_ = base_name(exepath);
        t.args_ = std::move(args);
    }
    auto& b = event("execve", tid);
    b.set("res", res);
    fill_snapshot(b, t);
    b.set_list("env", t.env()).set("flags", 0u).set("filename", exepath);
    return b;
}

RecordBuilder& SyntheticCapture::clone(uint32_t parent_tid, uint32_t child_tid, uint32_t flags) {
    const SyntheticThread parent = model(parent_tid);
    if (threads_.count(child_tid))
        throw Error("SyntheticCapture: thread {} already exists", child_tid);
    SyntheticThread child = parent;
    child.tid_ = child_tid;
    // In a pid namespace (a container) keep the child's namespace id as far
    // from the parent's as the host ids are; on the host they are equal.
    child.vtid_ = parent.vtid() == parent.tid() || child_tid < parent.tid()
                      ? child_tid
                      : parent.vtid() + (child_tid - parent.tid());
    if (!(flags & CLONE_THREAD)) {
        child.pid_ = child_tid;
        child.ptid_ = parent.pid();
        child.vpid_ = child.vtid_;
        child.start_ts_ = next_ts_;
    }
    auto& in_parent = event("clone", parent_tid);
    in_parent.set("res", int64_t{child_tid});
    fill_snapshot(in_parent, parent);
    in_parent.set("flags", flags);

    threads_.insert_or_assign(child_tid, child);
    auto& in_child = event("clone", child_tid);
    in_child.set("res", int64_t{0});
    fill_snapshot(in_child, child);
    in_child.set("flags", flags);
    return in_child;
}

RecordBuilder& SyntheticCapture::spawn(uint32_t parent_tid, uint32_t child_tid,
                                       std::string_view exepath, std::vector<std::string> args) {
    clone(parent_tid, child_tid);
    return exec(child_tid, exepath, std::move(args));
}

RecordBuilder& SyntheticCapture::connect(uint32_t tid, int64_t fd, std::string_view ip,
                                         uint16_t port, int64_t res) {
    const bool v6 = ip.find(':') != std::string_view::npos;
    const std::string local = v6 ? "fd00::1" : "10.0.0.1";
    return event("connect", tid)
        .set("res", res)
        .set_bytes("tuple", inet_tuple(local, next_port_++, ip, port))
        .set("fd", fd)
        .set_bytes("addr", inet_sockaddr(ip, port));
}

RecordBuilder& SyntheticCapture::exit(uint32_t tid, int code) {
    auto& b = event("procexit", tid)
                  .set("status", int64_t{code} << 8)
                  .set("ret", int64_t{code})
                  .set("sig", 0u)
                  .set("core", 0u)
                  .set("reaper_tid", int64_t{0});
    threads_.erase(tid);
    return b;
}

// --- output -------------------------------------------------------------------

void SyntheticCapture::write_to(CaptureWriter& w) const {
    std::vector<uint8_t> record;
    for (const auto& b : state_) {
        record.clear();
        b.append_to(record);
        w.write_state(record);
    }
    for (const auto& b : events_) {
        record.clear();
        b.append_to(record);
        w.write_event(record);
    }
}

void SyntheticCapture::write(const std::string& path) const {
    auto w = CaptureWriter::to_file(path, info_);
    write_to(w);
    w.close();
}

std::vector<uint8_t> SyntheticCapture::bytes() const {
    std::vector<uint8_t> out;
    auto w = CaptureWriter::to_memory(out, info_);
    write_to(w);
    w.close();
    return out;
}

}  // namespace lanner::capture
