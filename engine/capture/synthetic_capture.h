// Synthetic captures: what tests use in place of a live driver. A capture is
// built from a state section (threads, fds, users, groups alive at its start)
// and events with increasing timestamps, then written to a file or to memory
// and replayed like a real one.
//
//   SyntheticCapture cap;
//   cap.add_standard_accounts();
//   cap.add_thread(SyntheticThread(100, "/usr/sbin/nginx").container(kNginxId));
//   cap.spawn(100, 101, "/bin/bash", {"-i"}).set("tty", 34816u);  // shell in a container
//   cap.open(101, "/etc/shadow", 3);                              // read of /etc/shadow
//   cap.write(path);
//
// Helpers return the RecordBuilder of the record they add, so a test can
// change any parameter afterwards; records are built when the capture is
// written. A small model of the threads (comm, exe, credentials, cgroups)
// fills the process snapshot of clone/execve records the way a driver would.
#pragma once

#include <fcntl.h>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capture/capture_info.h"
#include "capture/capture_writer.h"
#include "event/record_builder.h"

namespace lanner::capture {

// A thread alive when the capture starts, described with chained setters:
//   SyntheticThread(100, "/usr/sbin/nginx").args({"-g", "daemon off;"}).container(id)
// Each getter shares its setter's name. Values left unset take the defaults
// named beside them when the thread is added.
class SyntheticThread {
  public:
    explicit SyntheticThread(uint32_t tid, std::string_view exepath = "/bin/sh")
        : tid_(tid), exepath_(exepath) {}

    uint32_t tid() const noexcept { return tid_; }
    // Process id: the tid (the main thread of its process).
    uint32_t pid() const noexcept { return pid_; }
    SyntheticThread& pid(uint32_t v) { return set(pid_, v); }
    // Parent process: 1.
    uint32_t ptid() const noexcept { return ptid_; }
    SyntheticThread& ptid(uint32_t v) { return set(ptid_, v); }
    const std::string& exepath() const noexcept { return exepath_; }
    SyntheticThread& exepath(std::string v) { return set(exepath_, std::move(v)); }
    // argv[1..]: none.
    const std::vector<std::string>& args() const noexcept { return args_; }
    SyntheticThread& args(std::vector<std::string> v) { return set(args_, std::move(v)); }
    // Command name: the base name of exepath, cut to 15 bytes as the kernel does.
    const std::string& comm() const noexcept { return comm_; }
    SyntheticThread& comm(std::string v) { return set(comm_, std::move(v)); }
    // argv[0]: exepath.
    const std::string& exe() const noexcept { return exe_; }
    SyntheticThread& exe(std::string v) { return set(exe_, std::move(v)); }
    // Working directory: "/".
    const std::string& cwd() const noexcept { return cwd_; }
    SyntheticThread& cwd(std::string v) { return set(cwd_, std::move(v)); }
    // Effective user and group: 0.
    uint32_t uid() const noexcept { return uid_; }
    SyntheticThread& uid(uint32_t v) { return set(uid_, v); }
    uint32_t gid() const noexcept { return gid_; }
    SyntheticThread& gid(uint32_t v) { return set(gid_, v); }
    // Audit login uid: 4294967295 (unset).
    uint32_t loginuid() const noexcept { return loginuid_; }
    SyntheticThread& loginuid(uint32_t v) { return set(loginuid_, v); }
    // Controlling terminal as a DEV (34816 is /dev/pts/0): 0, none.
    uint32_t tty() const noexcept { return tty_; }
    SyntheticThread& tty(uint32_t v) { return set(tty_, v); }
    // Docker container id, 64 hex digits as in cgroup paths: none (the host).
    // The cgroups become the container's and container_id its 12-digit form.
    const std::string& container() const noexcept { return container_; }
    SyntheticThread& container(std::string v) { return set(container_, std::move(v)); }
    // "SUBSYS=PATH" entries: every controller at "/" (host) or the container's scope.
    const std::vector<std::string>& cgroups() const noexcept { return cgroups_; }
    SyntheticThread& cgroups(std::vector<std::string> v) { return set(cgroups_, std::move(v)); }
    // Environment ("NAME=value" entries): empty.
    const std::vector<std::string>& env() const noexcept { return env_; }
    SyntheticThread& env(std::vector<std::string> v) { return set(env_, std::move(v)); }
    // Ids in the thread's pid namespace: the host ids.
    uint32_t vtid() const noexcept { return vtid_; }
    uint32_t vpid() const noexcept { return vpid_; }
    SyntheticThread& namespace_ids(uint32_t vtid, uint32_t vpid) {
        vtid_ = vtid;
        vpid_ = vpid;
        return *this;
    }
    // Effective and permitted capabilities: all for uid 0, none otherwise.
    std::optional<uint64_t> capabilities() const noexcept { return capabilities_; }
    SyntheticThread& capabilities(uint64_t v) { return set(capabilities_, v); }
    // Process start time (boot ns): a minute before the capture starts.
    uint64_t start_ts() const noexcept { return start_ts_; }
    SyntheticThread& start_ts(uint64_t v) { return set(start_ts_, v); }

  private:
    friend class SyntheticCapture;
    template <typename Field, typename Value>
    SyntheticThread& set(Field& f, Value&& v) {
        f = std::forward<Value>(v);
        return *this;
    }
    // Fills what was left unset (the defaults above).
    void complete(uint64_t capture_start);

    uint32_t tid_;
    uint32_t pid_ = 0;
    uint32_t ptid_ = 1;
    std::string exepath_;
    std::vector<std::string> args_;
    std::string comm_;
    std::string exe_;
    std::string cwd_ = "/";
    uint32_t uid_ = 0;
    uint32_t gid_ = 0;
    uint32_t loginuid_ = 4294967295U;
    uint32_t tty_ = 0;
    std::string container_;
    std::vector<std::string> cgroups_;
    std::vector<std::string> env_;
    uint32_t vtid_ = 0;
    uint32_t vpid_ = 0;
    std::optional<uint64_t> capabilities_;
    uint64_t start_ts_ = 0;
};

class SyntheticCapture {
  public:
    // Defaults: host "synthetic-host", kernel "6.1.0-synthetic", driver
    // "synthetic", booted 2024-05-01T00:00:00Z, capture started an hour after
    // boot; events 1 us apart.
    SyntheticCapture();

    CaptureInfo& info() noexcept { return info_; }

    // --- state section ------------------------------------------------------
    // A threadinfo record; the returned thread is the model later events use.
    const SyntheticThread& add_thread(SyntheticThread t);
    // An fdinfo record for an open file (or another object named by a path).
    RecordBuilder& add_fd(uint32_t pid, int64_t fd, std::string_view name,
                          uint32_t fd_type = LN_FD_FILE, uint32_t flags = O_RDWR);
    // An fdinfo record for a connected socket; `tuple` is SOCKTUPLE bytes
    // (event/sockaddr.h: inet_tuple).
    RecordBuilder& add_socket_fd(uint32_t pid, int64_t fd, std::string_view tuple);
    // fds 0, 1 and 2 on a terminal.
    void add_std_fds(uint32_t pid, std::string_view tty_path = "/dev/pts/0");
    RecordBuilder& add_user(uint32_t uid, std::string_view name, uint32_t gid,
                            std::string_view home = "/", std::string_view shell = "/bin/sh");
    RecordBuilder& add_group(uint32_t gid, std::string_view name);
    // root, daemon and nobody, and the groups root, daemon, tty, nogroup.
    void add_standard_accounts();
    // Any other state record (a meta event by name).
    RecordBuilder& add_state(std::string_view meta_event);

    // --- events ---------------------------------------------------------------
    // An event of `tid` at the next timestamp, its pid from the thread model
    // (tid when the thread is unknown).
    RecordBuilder& event(std::string_view name, uint32_t tid);
    // openat(AT_FDCWD, path, flags, mode) returning `fd` (or -errno).
    RecordBuilder& open(uint32_t tid, std::string_view path, int64_t fd, uint32_t flags = O_RDONLY,
                        uint32_t mode = 0);
    // execve of `exepath` by `tid`; on success (res 0) the thread takes the
    // new image (comm, exe, args) for later records.
    RecordBuilder& exec(uint32_t tid, std::string_view exepath, std::vector<std::string> args,
                        int64_t res = 0);
    // clone: the parent's record (res = child) then the child's (res 0); the
    // child joins the model. CLONE_THREAD in `flags` makes it a thread of the
    // parent's process. Returns the child's record.
    RecordBuilder& clone(uint32_t parent_tid, uint32_t child_tid, uint32_t flags = 0);
    // clone + execve in the child: a new process running `exepath`.
    // Returns the execve record.
    RecordBuilder& spawn(uint32_t parent_tid, uint32_t child_tid, std::string_view exepath,
                         std::vector<std::string> args);
    // connect(fd, ip:port) from `tid`, the local end 10.0.0.1:40000 + n.
    RecordBuilder& connect(uint32_t tid, int64_t fd, std::string_view ip, uint16_t port,
                           int64_t res = 0);
    // procexit of `tid` with an exit code; the thread leaves the model.
    RecordBuilder& exit(uint32_t tid, int code = 0);

    // --- time -----------------------------------------------------------------
    // Moves the clock: the next event comes `ns` later than it otherwise would.
    SyntheticCapture& advance(uint64_t ns) {
        next_ts_ += ns;
        return *this;
    }
    SyntheticCapture& step(uint64_t ns) {
        step_ = ns;
        return *this;
    }
    // Timestamp the next event gets.
    uint64_t next_ts() const noexcept { return next_ts_; }

    // The model's view of a thread, or nullptr.
    const SyntheticThread* thread(uint32_t tid) const;

    // --- output ---------------------------------------------------------------
    void write_to(CaptureWriter& w) const;
    void write(const std::string& path) const;
    std::vector<uint8_t> bytes() const;

    size_t state_records() const noexcept { return state_.size(); }
    size_t event_records() const noexcept { return events_.size(); }

  private:
    SyntheticThread& model(uint32_t tid);
    void fill_snapshot(RecordBuilder& b, const SyntheticThread& t);

    CaptureInfo info_;
    std::deque<RecordBuilder> state_;  // deque: returned references stay valid
    std::deque<RecordBuilder> events_;
    std::map<uint32_t, SyntheticThread> threads_;
    uint64_t next_ts_;
    uint64_t step_ = 1000;
    uint64_t next_ino_ = 1000;
    uint16_t next_port_ = 40000;
};

}  // namespace lanner::capture
