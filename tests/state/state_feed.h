// Test helpers: build records with RecordBuilder and feed them to a
// StateTracker with increasing timestamps, as a source would.
#pragma once

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>

#include <ostream>
#include <string>
#include <vector>

#include "event/event.h"
#include "event/record_builder.h"
#include "event/sockaddr.h"
#include "hermetic_state.h"
#include "state/state_tracker.h"

namespace lanner::state {

// Boost.Test prints these when a check fails.
inline std::ostream& operator<<(std::ostream& os, FdRole r) {
    return os << static_cast<int>(r);
}
inline std::ostream& operator<<(std::ostream& os, SocketState s) {
    return os << static_cast<int>(s);
}
inline std::ostream& operator<<(std::ostream& os, ContainerRuntime r) {
    return os << runtime_name(r);
}

}  // namespace lanner::state

namespace lanner::test {

class Feed {
  public:
    explicit Feed(state::StateTracker& tracker, uint64_t start_ts = 1'000'000)
        : tracker_(tracker), ts_(start_ts) {}

    // Applies a record, stamping it with the next timestamp unless `ts` is given.
    state::EventContext operator()(RecordBuilder b, uint64_t ts = 0) {
        b.ts(ts != 0 ? ts : (ts_ += 1000));
        buf_ = b.build();
        Event ev;
        const auto err = Event::decode(buf_, ev);
        BOOST_REQUIRE_MESSAGE(!err, "record does not decode: " << (err ? err->describe() : ""));
        return tracker_.on_event(ev);
    }
    uint64_t now() const { return ts_; }

  private:
    state::StateTracker& tracker_;
    uint64_t ts_;
    std::vector<uint8_t> buf_;
};

// Builders for the records the tests use most.

struct ProcSpec {
    int64_t tid = 0, pid = 0, ptid = 0;
    std::string comm = "bash", exe = "/bin/bash", exepath = "/usr/bin/bash";
    std::vector<std::string> args;
    std::string cwd = "/root";
    uint32_t uid = 0, gid = 0;
    std::vector<std::string> cgroups;
    uint64_t start_ts = 0;
};

inline RecordBuilder threadinfo(const ProcSpec& p) {
    RecordBuilder b("threadinfo");
    b.thread(static_cast<uint32_t>(p.tid), static_cast<uint32_t>(p.pid))
        .set("tid", p.tid)
        .set("pid", p.pid)
        .set("ptid", p.ptid)
        .set("comm", p.comm)
        .set("exe", p.exe)
        .set_list("args", p.args)
        .set("cwd", p.cwd)
        .set_list("env", std::vector<std::string>{"HOME=/root"})
        .set("uid", p.uid)
        .set("gid", p.gid)
        .set("loginuid", 0xffffffffU)
        .set_list("cgroups", p.cgroups)
        .set("vtid", p.tid)
        .set("vpid", p.pid)
        .set("pgid", p.pid)
        .set("sid", p.pid)
        .set("trusted_exepath", p.exepath)
        .set("start_ts", p.start_ts)
        .set("fdlimit", uint64_t{1024});
    return b;
}

inline RecordBuilder fdinfo(int64_t pid, int64_t fd, ln_fd_type type, std::string_view name,
                            uint32_t flags = O_RDONLY) {
    RecordBuilder b("fdinfo");
    b.set("pid", pid)
        .set("fd", fd)
        .set("type", int64_t{type})
        .set("flags", flags)
        .set("name", name);
    return b;
}

// A clone-family record. res 0: the child's record (snapshot of the child);
// res > 0: the parent's (snapshot of the parent).
inline RecordBuilder clone_record(std::string_view event, int64_t hdr_tid, int64_t hdr_pid,
                                  int64_t res, uint64_t flags, const ProcSpec& snap) {
    RecordBuilder b(event);
    b.thread(static_cast<uint32_t>(hdr_tid), static_cast<uint32_t>(hdr_pid))
        .set("res", res)
        .set("exe", snap.exe)
        .set_list("args", snap.args)
        .set("tid", snap.tid)
        .set("pid", snap.pid)
        .set("ptid", snap.ptid)
        .set("cwd", snap.cwd)
        .set("fdlimit", uint64_t{1024})
        .set("comm", snap.comm)
        .set_list("cgroups", snap.cgroups)
        .set("uid", snap.uid)
        .set("gid", snap.gid)
        .set("vtid", snap.tid)
        .set("vpid", snap.pid)
        .set("pgid", snap.pid)
        .set("sid", snap.pid)
        .set("loginuid", 0xffffffffU)
        .set("trusted_exepath", snap.exepath)
        .set("start_ts", snap.start_ts)
        .set("flags", flags);
    return b;
}

inline RecordBuilder execve_record(int64_t tid, int64_t pid, int64_t res, const ProcSpec& snap) {
    RecordBuilder b("execve");
    b.thread(static_cast<uint32_t>(tid), static_cast<uint32_t>(pid))
        .set("res", res)
        .set("exe", snap.exe)
        .set_list("args", snap.args)
        .set("tid", snap.tid)
        .set("pid", snap.pid)
        .set("ptid", snap.ptid)
        .set("cwd", snap.cwd)
        .set("comm", snap.comm)
        .set_list("cgroups", snap.cgroups)
        .set("uid", snap.uid)
        .set("gid", snap.gid)
        .set("vtid", snap.tid)
        .set("vpid", snap.pid)
        .set("trusted_exepath", snap.exepath)
        .set_list("env", std::vector<std::string>{"PATH=/bin"})
        .set("filename", snap.exepath);
    return b;
}

inline RecordBuilder procexit(int64_t tid, int64_t pid, int64_t reaper = 0) {
    RecordBuilder b("procexit");
    b.thread(static_cast<uint32_t>(tid), static_cast<uint32_t>(pid))
        .set("status", int64_t{0})
        .set("reaper_tid", reaper);
    return b;
}

inline RecordBuilder openat(int64_t tid, int64_t pid, int64_t res, std::string_view path,
                            uint32_t flags = O_RDONLY, int64_t dirfd = AT_FDCWD) {
    RecordBuilder b("openat");
    b.thread(static_cast<uint32_t>(tid), static_cast<uint32_t>(pid))
        .set("fd", res)
        .set("dirfd", dirfd)
        .set("name", path)
        .set("flags", flags);
    return b;
}

inline RecordBuilder close_record(int64_t tid, int64_t pid, int64_t fd, int64_t res = 0) {
    RecordBuilder b("close");
    b.thread(static_cast<uint32_t>(tid), static_cast<uint32_t>(pid)).set("res", res).set("fd", fd);
    return b;
}

// A syscall record with its result and named parameters set by the caller.
inline RecordBuilder syscall(std::string_view event, int64_t tid, int64_t pid, int64_t res) {
    RecordBuilder b(event);
    b.thread(static_cast<uint32_t>(tid), static_cast<uint32_t>(pid));
    const std::string_view res_name =
        (event == "open" || event == "openat" || event == "openat2" || event == "creat" ||
         event == "open_by_handle_at" || event == "socket" || event == "accept" ||
         event == "accept4" || event == "memfd_create")
            ? "fd"
            : (event == "bpf" ? "res_or_fd" : "res");
    b.set(res_name, res);
    return b;
}

}  // namespace lanner::test
