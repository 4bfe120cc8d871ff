#include "state/proc_scanner.h"

#include <dirent.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <unordered_map>

#include "common/error.h"
#include "event/record_builder.h"
#include "event/sockaddr.h"
#include "lanner/schema.h"
#include "state/proc_cgroups.h"
#include "state/proc_files.h"
#include "state/proc_net.h"
#include "state/users.h"

namespace lanner::state {

namespace {

uint64_t boottime_ns() {
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

uint64_t ticks_to_ns(uint64_t ticks) {
    static const uint64_t hz = static_cast<uint64_t>(sysconf(_SC_CLK_TCK));
    return ticks * (1'000'000'000ULL / hz);
}

uint64_t timespec_ns(const timespec& t) {
    return static_cast<uint64_t>(t.tv_sec) * 1'000'000'000ULL + static_cast<uint64_t>(t.tv_nsec);
}

// The kernel's dev_t encoding (major << 20 | minor) of a userspace dev_t.
uint32_t kernel_dev(dev_t d) {
    return (major(d) << 20) | (minor(d) & 0xfffff);
}

// /proc/PID/stat's tty_nr packs the device as major in bits 8-15 and the
// minor split over bits 0-7 and 20-31 (the old 16-bit encoding extended).
uint32_t tty_dev(int64_t tty_nr) {
    const auto v = static_cast<uint32_t>(tty_nr);
    const uint32_t maj = (v >> 8) & 0xfff;
    const uint32_t min = (v & 0xff) | ((v >> 12) & 0xfff00);
    return (maj << 20) | min;
}

template <typename T>
bool number(std::string_view s, T& out, int base = 10) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
    return ec == std::errc() && p == s.data() + s.size();
}

std::vector<int64_t> numeric_entries(const std::string& dir, ReadResult& result) {
    std::vector<int64_t> ids;
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) {
        result = errno == EACCES || errno == EPERM ? ReadResult::Denied : ReadResult::Gone;
        return ids;
    }
    result = ReadResult::Ok;
    while (const dirent* e = readdir(d)) {
        int64_t id = 0;
        if (number(std::string_view(e->d_name), id)) ids.push_back(id);
    }
    closedir(d);
    std::sort(ids.begin(), ids.end());
    return ids;
}

struct StatLine {
    std::string comm;
    int64_t ppid = 0, pgrp = 0, session = 0, tty_nr = 0;
    uint64_t starttime = 0;  // clock ticks since boot
};

// "PID (COMM) STATE PPID PGRP SESSION TTY_NR ... STARTTIME(22) ..."; COMM may
// contain spaces and parentheses, so it ends at the last ')'.
bool parse_stat(std::string_view text, StatLine& out) {
    const size_t open = text.find('(');
    const size_t close = text.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open)
        return false;
    out.comm = text.substr(open + 1, close - open - 1);
    std::string_view rest = text.substr(close + 1);
    std::string_view f[20];
    size_t n = 0;
    while (n < 20 && !rest.empty()) {
        const size_t start = rest.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        const size_t end = rest.find(' ');
        f[n++] = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    }
    // f[0] is field 3 (state), so field k is f[k - 3].
    return n == 20 && number(f[1], out.ppid) && number(f[2], out.pgrp) &&
           number(f[3], out.session) && number(f[4], out.tty_nr) && number(f[19], out.starttime);
}

struct StatusLines {
    uint32_t uid[4] = {}, gid[4] = {};  // real, effective, saved, filesystem
    std::vector<uint32_t> groups;
    uint64_t cap_inh = 0, cap_prm = 0, cap_eff = 0;
    int64_t nstgid = 0, nspid = 0, nspgid = 0;  // innermost namespace's ids
    int ns_levels = 0;                          // pid namespaces the task is in
    bool have_ids = false;
};

template <typename F>
void for_each_line(std::string_view text, F&& f) {
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        f(text.substr(0, nl));
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
}

template <typename F>
void for_each_field(std::string_view s, F&& f) {
    while (!s.empty()) {
        const size_t start = s.find_first_not_of(" \t");
        if (start == std::string_view::npos) break;
        s.remove_prefix(start);
        const size_t end = s.find_first_of(" \t");
        f(s.substr(0, end));
        if (end == std::string_view::npos) break;
        s.remove_prefix(end);
    }
}

void parse_status(std::string_view text, StatusLines& out) {
    for_each_line(text, [&](std::string_view line) {
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) return;
        const std::string_view key = line.substr(0, colon);
        const std::string_view value = line.substr(colon + 1);
        const auto ids = [&](uint32_t* dst) {
            size_t i = 0;
            for_each_field(value, [&](std::string_view w) {
                if (i < 4) number(w, dst[i++]);
            });
            out.have_ids = out.have_ids || i == 4;
        };
        const auto last = [&](int64_t& dst) {
            for_each_field(value, [&](std::string_view w) { number(w, dst); });
        };
        const auto cap = [&](uint64_t& dst) {
            for_each_field(value, [&](std::string_view w) { number(w, dst, 16); });
        };
        if (key == "Uid")
            ids(out.uid);
        else if (key == "Gid")
            ids(out.gid);
        else if (key == "Groups")
            for_each_field(value, [&](std::string_view w) {
                uint32_t g = 0;
                if (number(w, g)) out.groups.push_back(g);
            });
        else if (key == "CapInh")
            cap(out.cap_inh);
        else if (key == "CapPrm")
            cap(out.cap_prm);
        else if (key == "CapEff")
            cap(out.cap_eff);
        else if (key == "NStgid")
            last(out.nstgid);
        else if (key == "NSpid") {
            last(out.nspid);
            for_each_field(value, [&](std::string_view) { ++out.ns_levels; });
        } else if (key == "NSpgid")
            last(out.nspgid);
    });
}

// "Max open files   SOFT   HARD   files"
uint64_t parse_fd_limit(std::string_view limits) {
    uint64_t soft = 0;
    for_each_line(limits, [&](std::string_view line) {
        if (!line.starts_with("Max open files")) return;
        bool first = true;
        for_each_field(line.substr(14), [&](std::string_view w) {
            if (!first) return;
            first = false;
            if (w == "unlimited")
                soft = ~uint64_t{0};
            else
                number(w, soft);
        });
    });
    return soft;
}

std::string_view chomp(std::string_view s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) s.remove_suffix(1);
    return s;
}

// Link text of an anonymous-inode fd -> type, as the tracker names them.
ln_fd_type anon_type(std::string_view link) {
    if (link == "anon_inode:[eventfd]") return LN_FD_EVENT;
    if (link == "anon_inode:[signalfd]") return LN_FD_SIGNALFD;
    if (link == "anon_inode:[eventpoll]") return LN_FD_EVENTPOLL;
    if (link == "anon_inode:inotify") return LN_FD_INOTIFY;
    if (link == "anon_inode:[timerfd]") return LN_FD_TIMERFD;
    if (link == "anon_inode:[userfaultfd]") return LN_FD_USERFAULTFD;
    if (link == "anon_inode:[io_uring]") return LN_FD_IO_URING;
    if (link == "anon_inode:[pidfd]" || link.starts_with("pidfd:")) return LN_FD_PIDFD;
    if (link.starts_with("anon_inode:bpf") || link == "anon_inode:btf") return LN_FD_BPF;
    return LN_FD_UNKNOWN;
}

// The number in "socket:[1234]", "pipe:[1234]".
uint64_t bracketed_inode(std::string_view link) {
    const size_t open = link.find('[');
    uint64_t ino = 0;
    if (open != std::string_view::npos && link.back() == ']')
        number(link.substr(open + 1, link.size() - open - 2), ino);
    return ino;
}

std::string tuple_bytes(const FdTuple& t, std::string_view unix_path) {
    SockTuple st;
    st.family = t.family;
    if (t.family == LN_AF_UNIX) {
        st.unix_source = t.unix_source;
        st.unix_peer = t.unix_peer;
        st.unix_path = std::string(unix_path);
    } else {
        st.client.ip.family = st.server.ip.family = t.family;
        st.client.ip.bytes = t.client.addr;
        st.server.ip.bytes = t.server.addr;
        st.client.port = t.client.port;
        st.server.port = t.server.port;
    }
    return encode_socktuple(st);
}

// Process-level values, read once and written into each thread's record.
struct ProcessImage {
    int64_t pid = 0;
    StatLine stat;
    StatusLines status;
    std::string exe, args, env, exepath, cwd, cgroups;
    bool args_cut = false, env_cut = false;
    uint32_t loginuid = 0xffffffffU, exe_flags = 0;
    uint64_t exe_ino = 0, exe_ctime = 0, exe_mtime = 0, fdlimit = 0, pidns_init_start = 0;
};

class Scan {
  public:
    Scan(const ProcScanOptions& opt, std::vector<uint8_t>& out)
        : opt_(opt), out_(out), cgroups_(opt.proc_root, cgroup2_root(opt)) {}

    ProcScanStats run();

  private:
    static std::string cgroup2_root(const ProcScanOptions& opt) {
        if (opt.cgroup2_root != "auto") return opt.cgroup2_root;
        std::string mountinfo;
        if (read_proc_file(opt.proc_root + "/self/mountinfo", mountinfo) != ReadResult::Ok)
            return {};
        return CgroupEncoder::find_cgroup2_mount(mountinfo);
    }

    std::string dir(int64_t pid) const { return opt_.proc_root + "/" + std::to_string(pid); }
    void note(ReadResult r) {
        if (r == ReadResult::Denied) ++stats_.denied;
    }
    void users_and_groups();
    void find_namespace_inits(const std::vector<int64_t>& pids);
    bool read_image(int64_t pid, ProcessImage& img);
    void exe_facts(const std::string& base, ProcessImage& img);
    void write_threads(const ProcessImage& img, uint64_t ts);
    void write_fds(const ProcessImage& img, uint64_t ts);
    const ProcSocketTable& sockets_of(const std::string& base);

    const ProcScanOptions& opt_;
    std::vector<uint8_t>& out_;
    ProcScanStats stats_;
    CgroupEncoder cgroups_;
    std::unordered_map<std::string, uint64_t> pidns_init_start_;
    uint64_t root_init_start_ = 0;
    std::unordered_map<std::string, std::unique_ptr<ProcSocketTable>> net_;
    std::string text_;
};

ProcScanStats Scan::run() {
    ReadResult listed = ReadResult::Ok;
    const std::vector<int64_t> pids = numeric_entries(opt_.proc_root, listed);
    if (listed != ReadResult::Ok)
        throw Error("proc scanner: cannot list {}: {}", opt_.proc_root, strerror(errno));
    users_and_groups();
    find_namespace_inits(pids);
    for (int64_t pid : pids) {
        ProcessImage img;
        const uint64_t ts = boottime_ns();
        if (!read_image(pid, img)) {
            ++stats_.vanished;
            continue;
        }
        ++stats_.processes;
        write_threads(img, ts);
        if (opt_.with_fds) write_fds(img, ts);
    }
    return stats_;
}

void Scan::users_and_groups() {
    const uint64_t ts = boottime_ns();
    if (!opt_.passwd_path.empty()) {
        UserTable users;
        users.load_passwd(opt_.passwd_path);
        for (const UserInfo* u : users.sorted()) {
            RecordBuilder b("userinfo");
            b.ts(ts).set("uid", u->uid).set("gid", u->gid).set("name", u->name);
            b.set("homedir", u->home).set("shell", u->shell).append_to(out_);
            ++stats_.users;
        }
    }
    if (!opt_.group_path.empty()) {
        GroupTable groups;
        groups.load_group(opt_.group_path);
        for (const GroupInfo* g : groups.sorted()) {
            RecordBuilder b("groupinfo");
            b.ts(ts).set("gid", g->gid).set("name", g->name).append_to(out_);
            ++stats_.groups;
        }
    }
}

// A pid namespace's init is the process whose innermost pid is 1; its
// start time is every member's pidns_init_start_ts. The initial namespace's
// init is pid 1, whose ns link may be unreadable even to root.
void Scan::find_namespace_inits(const std::vector<int64_t>& pids) {
    std::string ns, status, stat;
    StatLine init;
    if (read_proc_file(dir(1) + "/stat", stat) == ReadResult::Ok && parse_stat(stat, init))
        root_init_start_ = ticks_to_ns(init.starttime);
    for (int64_t pid : pids) {
        const std::string base = dir(pid);
        StatusLines st;
        StatLine sl;
        if (read_link(base + "/ns/pid", ns) != ReadResult::Ok ||
            read_proc_file(base + "/status", status) != ReadResult::Ok)
            continue;
        parse_status(status, st);
        if (st.nspid != 1 || read_proc_file(base + "/stat", stat) != ReadResult::Ok ||
            !parse_stat(stat, sl))
            continue;
        pidns_init_start_.emplace(ns, ticks_to_ns(sl.starttime));
    }
}

bool Scan::read_image(int64_t pid, ProcessImage& img) {
    const std::string base = dir(pid);
    img.pid = pid;
    if (read_proc_file(base + "/stat", text_) != ReadResult::Ok || !parse_stat(text_, img.stat))
        return false;
    if (read_proc_file(base + "/status", text_) != ReadResult::Ok) return false;
    parse_status(text_, img.status);

    // argv: the first entry is exe, the rest args (each followed by a NUL).
    std::string cmdline;
    note(read_proc_file(base + "/cmdline", cmdline, 64 * 1024));
    const size_t nul = cmdline.find('\0');
    img.exe = cmdline.substr(0, nul);
    if (nul != std::string::npos) {
        img.args = cmdline.substr(nul + 1);
        if (img.args.size() > LN_MAX_ARGS) {
            img.args.resize(LN_MAX_ARGS);
            img.args_cut = true;
        }
    }
    note(read_proc_file(base + "/environ", img.env, LN_MAX_ENV, &img.env_cut));
    note(read_link(base + "/cwd", img.cwd));
    note(read_link(base + "/exe", img.exepath));
    if (img.exepath.size() > 10 && img.exepath.ends_with(" (deleted)") &&
        img.exepath.starts_with("/memfd:"))
        img.exe_flags |= LN_EXE_FROM_MEMFD;
    exe_facts(base, img);

    if (read_proc_file(base + "/loginuid", text_) == ReadResult::Ok)
        number(chomp(text_), img.loginuid);
    if (read_proc_file(base + "/cgroup", text_) == ReadResult::Ok)
        cgroups_.encode(text_, img.cgroups);
    if (read_proc_file(base + "/limits", text_) == ReadResult::Ok)
        img.fdlimit = parse_fd_limit(text_);
    std::string ns;
    if (img.status.ns_levels <= 1) {
        img.pidns_init_start = root_init_start_;
    } else if (read_link(base + "/ns/pid", ns) == ReadResult::Ok) {
        if (auto it = pidns_init_start_.find(ns); it != pidns_init_start_.end())
            img.pidns_init_start = it->second;
    }
    return true;
}

// Inode, times and the LN_EXE_* facts of the executable (driver-semantics.md).
void Scan::exe_facts(const std::string& base, ProcessImage& img) {
    struct stat st {};
    if (img.exepath.empty() || ::stat((base + "/exe").c_str(), &st) != 0) return;
    img.exe_ino = st.st_ino;
    img.exe_ctime = timespec_ns(st.st_ctim);
    img.exe_mtime = timespec_ns(st.st_mtim);
    if (st.st_nlink != 0) img.exe_flags &= ~static_cast<uint32_t>(LN_EXE_FROM_MEMFD);
    const StatusLines& s = img.status;
    const uint32_t fsuid = s.uid[3], fsgid = s.gid[3];
    const bool in_group = st.st_gid == fsgid ||
                          std::find(s.groups.begin(), s.groups.end(), st.st_gid) != s.groups.end();
    const mode_t bit = st.st_uid == fsuid ? S_IWUSR : (in_group ? S_IWGRP : S_IWOTH);
    const bool dac_override = (s.cap_eff >> CAP_DAC_OVERRIDE) & 1;
    struct statvfs vfs {};
    const bool read_only =
        ::statvfs((base + "/exe").c_str(), &vfs) == 0 && (vfs.f_flag & ST_RDONLY) != 0;
    if (((st.st_mode & bit) != 0 || dac_override) && !read_only) img.exe_flags |= LN_EXE_WRITABLE;
}

void Scan::write_threads(const ProcessImage& img, uint64_t ts) {
    const std::string base = dir(img.pid);
    ReadResult listed = ReadResult::Ok;
    std::vector<int64_t> tids = numeric_entries(base + "/task", listed);
    // The main thread first: its record describes the process.
    std::stable_partition(tids.begin(), tids.end(), [&](int64_t t) { return t == img.pid; });
    if (tids.empty()) tids.push_back(img.pid);
    for (int64_t tid : tids) {
        const std::string task = base + "/task/" + std::to_string(tid);
        StatusLines st = img.status;
        std::string comm = img.stat.comm;
        if (tid != img.pid) {
            if (read_proc_file(task + "/status", text_) != ReadResult::Ok) {
                ++stats_.vanished;
                continue;
            }
            st = StatusLines{};
            parse_status(text_, st);
            if (read_proc_file(task + "/comm", text_) == ReadResult::Ok) comm = chomp(text_);
        }
        const bool main = tid == img.pid;
        RecordBuilder b("threadinfo");
        b.ts(ts).thread(static_cast<uint32_t>(tid), static_cast<uint32_t>(img.pid));
        b.set("tid", tid).set("pid", img.pid).set("ptid", img.stat.ppid).set("comm", comm);
        b.set("exe", img.exe).set_bytes("args", img.args).set("cwd", img.cwd);
        // The environment is the process's: written once, with the main thread.
        b.set_bytes("env", main ? std::string_view(img.env) : std::string_view());
        b.set("uid", st.uid[1]).set("gid", st.gid[1]).set("loginuid", img.loginuid);
        b.set_bytes("cgroups", img.cgroups).set("tty", tty_dev(img.stat.tty_nr));
        b.set("pgid", img.stat.pgrp).set("sid", img.stat.session);
        b.set("vtid", st.nspid != 0 ? st.nspid : tid);
        b.set("vpid", img.status.nstgid != 0 ? img.status.nstgid : img.pid);
        b.set("vpgid", img.status.nspgid != 0 ? img.status.nspgid : img.stat.pgrp);
        b.set("exe_flags", img.exe_flags);
        b.set("cap_inheritable", st.cap_inh).set("cap_permitted", st.cap_prm);
        b.set("cap_effective", st.cap_eff);
        b.set("exe_ino", img.exe_ino).set("exe_ino_ctime", img.exe_ctime);
        b.set("exe_ino_mtime", img.exe_mtime).set("trusted_exepath", img.exepath);
        b.set("start_ts", ticks_to_ns(img.stat.starttime));
        b.set("pidns_init_start_ts", img.pidns_init_start).set("fdlimit", img.fdlimit);
        if (img.args_cut) b.partial("args");
        if (img.env_cut && main) b.partial("env");
        b.append_to(out_);
        ++stats_.threads;
    }
}

const ProcSocketTable& Scan::sockets_of(const std::string& base) {
    std::string ns;
    if (read_link(base + "/ns/net", ns) != ReadResult::Ok) ns = base;  // unshared cache
    auto it = net_.find(ns);
    if (it == net_.end()) {
        auto table = std::make_unique<ProcSocketTable>();
        stats_.bad_lines += table->load(base + "/net");
        it = net_.emplace(ns, std::move(table)).first;
    }
    return *it->second;
}

void Scan::write_fds(const ProcessImage& img, uint64_t ts) {
    const std::string base = dir(img.pid);
    ReadResult listed = ReadResult::Ok;
    const std::vector<int64_t> fds = numeric_entries(base + "/fd", listed);
    note(listed);
    const ProcSocketTable* sockets = nullptr;
    std::string link;
    for (int64_t fd : fds) {
        const std::string path = base + "/fd/" + std::to_string(fd);
        if (read_link(path, link) != ReadResult::Ok) continue;  // closed meanwhile
        uint32_t flags = 0;
        if (read_proc_file(base + "/fdinfo/" + std::to_string(fd), text_) == ReadResult::Ok)
            for_each_line(text_, [&](std::string_view line) {
                if (line.starts_with("flags:")) {
                    std::string_view v = line.substr(6);
                    v.remove_prefix(std::min(v.find_first_not_of(" \t"), v.size()));
                    number(v, flags, 8);
                }
            });

        ln_fd_type type = LN_FD_UNKNOWN;
        std::string name = link;
        std::string tuple;
        uint64_t ino = 0;
        uint32_t dev = 0;
        uint8_t l4proto = 0;
        FdRole role = FdRole::None;
        if (link.starts_with("socket:[")) {
            ino = bracketed_inode(link);
            if (sockets == nullptr) sockets = &sockets_of(base);
            if (const ProcSocket* s = sockets->find(ino)) {
                type = s->type;
                l4proto = s->l4proto;
                role = s->role;
                if (s->tuple.family != 0) {
                    tuple = tuple_bytes(s->tuple, s->unix_path);
                    name.clear();  // the tracker names it from the tuple
                }
            } else {
                type = LN_FD_OTHER_SOCK;
            }
        } else if (link.starts_with("pipe:[")) {
            type = LN_FD_PIPE;
            ino = bracketed_inode(link);
        } else if (link.starts_with("/memfd:")) {
            type = LN_FD_MEMFD;
            std::string_view n = std::string_view(link).substr(1);
            if (n.ends_with(" (deleted)")) n.remove_suffix(10);
            name = n;
        } else if (link.starts_with("/")) {
            struct stat st {};
            type = LN_FD_FILE;
            if (::stat(path.c_str(), &st) == 0) {
                if (S_ISDIR(st.st_mode)) type = LN_FD_DIRECTORY;
                ino = st.st_ino;
                dev = kernel_dev(st.st_dev);
            }
        } else {
            type = anon_type(link);
            if (type == LN_FD_PIDFD) name = "anon_inode:[pidfd]";
        }
        RecordBuilder b("fdinfo");
        b.ts(ts).thread(static_cast<uint32_t>(img.pid), static_cast<uint32_t>(img.pid));
        b.set("pid", img.pid).set("fd", fd).set("type", int64_t{type}).set("flags", flags);
        b.set("name", name).set_bytes("tuple", tuple).set("ino", ino).set("dev", dev);
        b.set("l4proto", unsigned{l4proto}).set("role", static_cast<unsigned>(role));
        b.append_to(out_);
        ++stats_.fds;
    }
}

}  // namespace

ProcScanner::ProcScanner(ProcScanOptions options) : opt_(std::move(options)) {}

ProcScanStats ProcScanner::scan(std::vector<uint8_t>& out) {
    Scan scan(opt_, out);
    return scan.run();
}

size_t seed_state(StateTracker& tracker, std::span<const uint8_t> records) {
    size_t n = 0;
    size_t offset = 0;
    while (offset < records.size()) {
        Event ev;
        if (auto err = Event::decode(records.subspan(offset), ev))
            throw Error("state records: {} at byte {}", err->describe(), offset);
        tracker.on_event(ev);
        offset += ev.len();
        ++n;
    }
    tracker.flush();
    return n;
}

}  // namespace lanner::state
