// proc.* and thread.*: the process that generated the event (image, ids,
// session, ancestors, standard streams, executable facts) and its thread
// (ids, capabilities). Semantics follow Falco's process filter checks; where
// a value is not known (a process seen only through a record header, a
// parent that predates tracking) the field is absent.
#include <algorithm>

#include "fields/state_field_class.h"
#include "fields/state_fields.h"
#include "fields/state_text.h"
#include "lanner/events.h"

namespace lanner::fields {
namespace {

using FT = FieldType;
using state::Process;
using state::Thread;

constexpr FieldDef field(std::string_view name, FieldType type, std::string_view description) {
    return FieldDef{name, type, description};
}

// proc.aname[N]: N = 0 is the process, 1 its parent...; without an index an
// operator holds if it holds for any ancestor (the parent upwards).
constexpr FieldDef ancestor(std::string_view name, FieldType type, std::string_view description) {
    return FieldDef{name, type, description, ArgForm::Index, false, false, ValueShape::AnyOf};
}

enum Id : unsigned {
    Pid,
    Ppid,
    Vpid,
    Pvpid,
    Sid,
    Vpgid,
    Name,
    Exe,
    Exepath,
    Args,
    Cmdline,
    Exeline,
    Cmdnargs,
    Cmdlenargs,
    Cwd,
    Env,
    Tty,
    Loginuid,
    Pname,
    Pexe,
    Pexepath,
    Pcmdline,
    Aname,
    Apid,
    Aexe,
    Aexepath,
    Acmdline,
    Sname,
    SidExe,
    SidExepath,
    VpgidName,
    VpgidExe,
    VpgidExepath,
    IsVpgidLeader,
    IsSidLeader,
    Loginshellid,
    Duration,
    PpidDuration,
    PidTs,
    PpidTs,
    PidnsInitStartTs,
    IsExeWritable,
    IsExeUpperLayer,
    IsExeLowerLayer,
    IsExeFromMemfd,
    ExeIno,
    ExeInoCtime,
    ExeInoMtime,
    ExeInoCtimeDurationProcStart,
    ExeInoCtimeDurationPidnsStart,
    IsContainerHealthcheck,
    IsContainerLivenessProbe,
    IsContainerReadinessProbe,
    StdinType,
    StdoutType,
    StderrType,
    StdinName,
    StdoutName,
    StderrName,
    Fdopencount,
    Fdlimit,
    Nthreads,
    Nchilds,
    kProcCount,
};

constexpr FieldDef kProc[] = {
    field("proc.pid", FT::Int64, "Id of the process generating the event."),
    field("proc.ppid", FT::Int64, "Id of the parent process."),
    field("proc.vpid", FT::Int64, "Process id as seen from its pid namespace."),
    field("proc.pvpid", FT::Int64, "Parent process id as seen from its pid namespace."),
    field("proc.sid", FT::Int64, "Session id of the process."),
    field("proc.vpgid", FT::Int64, "Process group id as seen from the pid namespace."),
    field("proc.name", FT::String,
          "Name of the process: the kernel's comm of the thread, at most 15 characters."),
    field("proc.exe", FT::String,
          "First command-line argument (argv[0]), usually the executable as it was invoked."),
    field("proc.exepath", FT::String,
          "Full path of the executable, as the kernel resolved it (symbolic links followed)."),
    building_text(
        field("proc.args", FT::String, "Command-line arguments after argv[0], space-separated.")),
    building_text(
        field("proc.cmdline", FT::String, "proc.name followed by proc.args: 'bash -c ls'.")),
    building_text(field("proc.exeline", FT::String, "proc.exe followed by proc.args.")),
    field("proc.cmdnargs", FT::Uint64, "Number of command-line arguments (in proc.args)."),
    field("proc.cmdlenargs", FT::Uint64,
          "Total length of the command-line arguments, separators excluded."),
    field("proc.cwd", FT::String, "Current working directory, ending with '/' as in Falco."),
    building_text(FieldDef{"proc.env", FT::String,
                           "Environment as 'NAME=value NAME2=value2'; proc.env[NAME] is the value "
                           "of one variable (empty when the process does not have it).",
                           ArgForm::Key}),
    field("proc.tty", FT::Int64, "Controlling terminal device number, 0 if none."),
    field("proc.loginuid", FT::Int64,
          "Audit login uid of the process, -1 when unset; "
          "the same as user.loginuid."),
    field("proc.pname", FT::String, "Name of the parent process."),
    field("proc.pexe", FT::String, "argv[0] of the parent process."),
    field("proc.pexepath", FT::String, "Executable path of the parent process."),
    building_text(
        field("proc.pcmdline", FT::String, "Command line (proc.cmdline) of the parent process.")),
    ancestor("proc.aname", FT::String,
             "Name of an ancestor: proc.aname[1] is the parent, [2] the grandparent, [0] the "
             "process itself; without an index an operator holds if it holds for any ancestor."),
    ancestor("proc.apid", FT::Int64, "Process id of an ancestor (indexed as proc.aname)."),
    ancestor("proc.aexe", FT::String, "argv[0] of an ancestor (indexed as proc.aname)."),
    ancestor("proc.aexepath", FT::String,
             "Executable path of an ancestor (indexed as proc.aname)."),
    building_text(ancestor("proc.acmdline", FT::String,
                           "Command line of an ancestor (indexed as proc.aname).")),
    field("proc.sname", FT::String,
          "Name of the session leader: the process whose pid is proc.sid, or else the eldest "
          "ancestor in the same session."),
    field("proc.sid.exe", FT::String, "argv[0] of the session leader."),
    field("proc.sid.exepath", FT::String, "Executable path of the session leader."),
    field("proc.vpgid.name", FT::String,
          "Name of the process group leader: the process whose pid is proc.vpgid, or else the "
          "eldest ancestor in the same group."),
    field("proc.vpgid.exe", FT::String, "argv[0] of the process group leader."),
    field("proc.vpgid.exepath", FT::String, "Executable path of the process group leader."),
    field("proc.is_vpgid_leader", FT::Bool,
          "true if the process leads its process group (proc.vpgid = proc.vpid)."),
    field("proc.is_sid_leader", FT::Bool,
          "true if the process leads its session (proc.sid = proc.vpid)."),
    field("proc.loginshellid", FT::Int64,
          "Pid of the eldest shell (a name ending in 'sh') among the process and its ancestors."),
    field("proc.duration", FT::RelTime, "Time since the process started, in ns."),
    field("proc.ppid.duration", FT::RelTime, "Time since the parent process started, in ns."),
    field("proc.pid.ts", FT::AbsTime, "Start time of the process, in ns since the epoch."),
    field("proc.ppid.ts", FT::AbsTime, "Start time of the parent process, in ns since the epoch."),
    field("proc.pidns_init_start_ts", FT::AbsTime,
          "Start time of the init process of the process's pid namespace (a container's start), "
          "in ns since the epoch."),
    field("proc.is_exe_writable", FT::Bool,
          "true if the executable file is writable by the user that started the process."),
    field("proc.is_exe_upper_layer", FT::Bool,
          "true if the executable is in the upper (writable) layer of an overlay file system: a "
          "file added or changed in a container, not part of its image."),
    field("proc.is_exe_lower_layer", FT::Bool,
          "true if the executable is in a lower layer of an overlay file system (the image)."),
    field("proc.is_exe_from_memfd", FT::Bool,
          "true if the executable is a memfd_create() file executed through its fd (fileless "
          "execution)."),
    field("proc.exe_ino", FT::Int64, "Inode number of the executable file."),
    field("proc.exe_ino.ctime", FT::AbsTime,
          "Last status change (ctime) of the executable's inode, in ns since the epoch."),
    field("proc.exe_ino.mtime", FT::AbsTime,
          "Last modification (mtime) of the executable's inode, in ns since the epoch."),
    field("proc.exe_ino.ctime_duration_proc_start", FT::RelTime,
          "Time between the executable's last status change and the start of the process, in "
          "ns: small values mean a freshly written or changed program."),
    field("proc.exe_ino.ctime_duration_pidns_start", FT::RelTime,
          "Time between the start of the pid namespace and the executable's last status change, "
          "in ns, when the change came after the namespace started (a program changed inside a "
          "running container)."),
    field("proc.is_container_healthcheck", FT::Bool,
          "true if the process runs the container's health check (or descends from it). false "
          "outside containers; absent while the container's metadata is unknown."),
    field("proc.is_container_liveness_probe", FT::Bool,
          "true if the process runs the container's Kubernetes liveness probe (as "
          "proc.is_container_healthcheck)."),
    field("proc.is_container_readiness_probe", FT::Bool,
          "true if the process runs the container's Kubernetes readiness probe (as "
          "proc.is_container_healthcheck)."),
    field("proc.stdin.type", FT::String, "Type of fd 0 (fd.type values: file, pipe, ipv4...)."),
    field("proc.stdout.type", FT::String, "Type of fd 1."),
    field("proc.stderr.type", FT::String, "Type of fd 2."),
    field("proc.stdin.name", FT::String, "Name of fd 0 (fd.name values)."),
    field("proc.stdout.name", FT::String, "Name of fd 1."),
    field("proc.stderr.name", FT::String, "Name of fd 2."),
    field("proc.fdopencount", FT::Uint64, "Number of open fds of the process."),
    field("proc.fdlimit", FT::Int64, "Maximum number of fds the process may open."),
    field("proc.nthreads", FT::Uint64, "Number of live threads of the process."),
    field("proc.nchilds", FT::Uint64,
          "Number of live threads of the process other than its main thread."),
};
static_assert(std::size(kProc) == kProcCount, "kProc and Id disagree");

template <typename Build>
bool put_built(FieldValues& out, Build&& build) {
    const size_t at = out.begin_owned();
    build(out.owned());
    out.end_owned(at);
    return true;
}

bool put_view(FieldValues& out, std::string_view s) {
    if (s.empty()) return false;
    out.add_view(s);
    return true;
}

bool put_duration(FieldValues& out, uint64_t now, uint64_t since) {
    if (since == 0 || now < since) return false;
    out.add_num(now - since);
    return true;
}

// later - earlier when both are known and later comes after earlier.
bool put_interval(FieldValues& out, uint64_t earlier, uint64_t later) {
    if (earlier == 0 || later <= earlier) return false;
    out.add_num(later - earlier);
    return true;
}

bool put_nonzero(FieldValues& out, uint64_t v) {
    if (v == 0) return false;
    out.add_num(v);
    return true;
}

bool in_pid_namespace(const Thread& t) {
    return t.vtid != 0 && t.vtid != t.tid;
}

class ProcFieldClass final : public StateFieldClass {
  public:
    ProcFieldClass(const StateView& view, const EvtFieldClass& clock)
        : StateFieldClass("proc", "The process (and its ancestors) that generated the event.",
                          kProc, view),
          clock_(clock) {}

    bool extract(unsigned id, const BoundField& field, const EvalContext& ctx,
                 FieldValues& out) const override;

  private:
    // The parent process, looked up once per event for every p* field.
    const Process* parent(const EvalContext& ctx, const Process& p) const {
        if (parent_memo_.stale(ctx)) parent_ = tracker()->parent(p);
        return parent_;
    }
    bool extract_ancestor(unsigned id, const BoundField& field, const Process& p,
                          FieldValues& out) const;
    bool put_ancestor_value(unsigned id, const Process& a, FieldValues& out) const;
    const Process* session_leader(const Thread& t, const Process& p) const;
    const Process* group_leader(const Thread& t, const Process& p) const;
    bool extract_probe(unsigned id, const Process& p, FieldValues& out) const;
    bool extract_std_fd(unsigned id, const Process& p, FieldValues& out) const;
    uint64_t boot_time() const noexcept { return clock_.boot_time(); }

    const EvtFieldClass& clock_;
    mutable EventMemo parent_memo_;
    mutable const Process* parent_ = nullptr;
    mutable std::string scratch_;
};

bool ProcFieldClass::put_ancestor_value(unsigned id, const Process& a, FieldValues& out) const {
    switch (id) {
        case Aname:
            return put_view(out, a.comm);
        case Apid:
            out.add_int(a.pid);
            return true;
        case Aexe:
            return put_view(out, a.exe);
        case Aexepath:
            return put_view(out, a.exepath);
        case Acmdline:
            if (a.comm.empty()) return false;
            return put_built(out, [&](std::string& s) { append_cmdline(a.comm, a, s); });
        default:
            return false;
    }
}

bool ProcFieldClass::extract_ancestor(unsigned id, const BoundField& field, const Process& p,
                                      FieldValues& out) const {
    if (field.arg().empty()) {
        bool any = false;
        tracker()->for_each_ancestor(p, [&](const Process& a, unsigned) {
            any |= put_ancestor_value(id, a, out);
            return true;
        });
        return any;
    }
    const uint64_t n = field.arg().index;
    const Process* a = n == 0 ? &p
                       : n > state::ThreadTable::kMaxAncestorDepth
                           ? nullptr
                           : tracker()->ancestor(p, static_cast<unsigned>(n));
    return a != nullptr && put_ancestor_value(id, *a, out);
}

// The eldest process that shares `id_of(p)` walking up from p.
template <typename IdOf>
const Process* eldest_with_same(const state::StateTracker& tracker, const Process& p, IdOf id_of) {
    const Process* found = &p;
    tracker.for_each_ancestor(p, [&](const Process& a, unsigned) {
        if (id_of(a) != id_of(p)) return false;
        found = &a;
        return true;
    });
    return found;
}

const Process* ProcFieldClass::session_leader(const Thread& t, const Process& p) const {
    // A session id names its leader's pid on the host; in a pid namespace
    // only the namespace's id is known, so the lineage decides.
    if (!in_pid_namespace(t)) {
        if (const Process* s = tracker()->process(p.sid)) return s;
    }
    return eldest_with_same(*tracker(), p, [](const Process& x) { return x.sid; });
}

const Process* ProcFieldClass::group_leader(const Thread& t, const Process& p) const {
    if (!in_pid_namespace(t)) {
        if (const Process* g = tracker()->process(p.vpgid)) return g;
    }
    return eldest_with_same(*tracker(), p, [](const Process& x) { return x.vpgid; });
}

bool ProcFieldClass::extract_probe(unsigned id, const Process& p, FieldValues& out) const {
    if (!p.in_container()) {
        out.add_bool(false);
        return true;
    }
    const state::ContainerMetadata& meta = p.container->meta;
    if (!meta.known) return false;
    const std::string& probe = id == IsContainerHealthcheck     ? meta.healthcheck
                               : id == IsContainerLivenessProbe ? meta.liveness_probe
                                                                : meta.readiness_probe;
    bool matches = false;
    if (!probe.empty()) {
        // The probe's process, or one it started, inside the same container.
        const auto runs_probe = [&](const Process& x) {
            scratch_.clear();
            append_exeline(x, scratch_);
            while (!scratch_.empty() && scratch_.back() == ' ') scratch_.pop_back();
            return scratch_ == probe;
        };
        matches = runs_probe(p);
        tracker()->for_each_ancestor(p, [&](const Process& a, unsigned) {
            if (matches || a.container != p.container) return false;
            matches = runs_probe(a);
            return true;
        });
    }
    out.add_bool(matches);
    return true;
}

bool ProcFieldClass::extract_std_fd(unsigned id, const Process& p, FieldValues& out) const {
    const bool type = id <= StderrType;
    const int64_t fd = static_cast<int64_t>(id - (type ? StdinType : StdinName));
    const state::FdInfo* f = tracker()->fd(p, fd);
    if (f == nullptr) return false;
    if (!type) {
        out.add_view(f->name);
        return true;
    }
    if (f->type == LN_FD_UNKNOWN) return false;
    out.add_view(state::fd_type_name(f->type));
    return true;
}

bool ProcFieldClass::extract(unsigned id, const BoundField& field, const EvalContext& ctx,
                             FieldValues& out) const {
    const Thread* t = thread();
    const Process* p = process();
    if (t == nullptr || p == nullptr) return false;
    // A process known only from a record header: image and identity unknown.
    const bool known = !p->partial;
    const uint64_t now = ctx.event().ts();
    switch (id) {
        case Pid:
            out.add_int(p->pid);
            return true;
        case Ppid:
            if (!known && p->ppid == 0) return false;
            out.add_int(p->ppid);
            return true;
        case Vpid:
            if (p->vpid == 0) return false;
            out.add_int(p->vpid);
            return true;
        case Pvpid: {
            const Process* pp = parent(ctx, *p);
            if (pp == nullptr || pp->vpid == 0) return false;
            out.add_int(pp->vpid);
            return true;
        }
        case Sid:
            if (!known) return false;
            out.add_int(p->sid);
            return true;
        case Vpgid:
            if (!known) return false;
            out.add_int(p->vpgid);
            return true;
        case Name:
            return put_view(out, !t->comm.empty() ? std::string_view(t->comm) : p->comm);
        case Exe:
            return put_view(out, p->exe);
        case Exepath:
            return put_view(out, p->exepath);
        case Args:
            if (!known) return false;
            return put_built(out, [&](std::string& s) { append_args(*p, s); });
        case Cmdline: {
            const std::string_view name = !t->comm.empty() ? std::string_view(t->comm) : p->comm;
            if (name.empty()) return false;
            return put_built(out, [&](std::string& s) { append_cmdline(name, *p, s); });
        }
        case Exeline:
            if (!known) return false;
            return put_built(out, [&](std::string& s) { append_exeline(*p, s); });
        case Cmdnargs:
        case Cmdlenargs: {
            if (!known) return false;
            uint64_t n = 0, len = 0;
            p->for_each_arg([&](std::string_view a) {
                ++n;
                len += a.size();
            });
            out.add_num(id == Cmdnargs ? n : len);
            return true;
        }
        case Cwd:
            if (t->cwd().empty()) return false;
            return put_built(out, [&](std::string& s) { append_cwd(t->cwd(), s); });
        case Env:
            if (!known) return false;
            if (field.arg().empty())
                return put_built(out, [&](std::string& s) { append_env(*p, s); });
            out.add_view(env_value(*p, field.arg().key).value_or(std::string_view()));
            return true;
        case Tty:
            if (!known) return false;
            out.add_int(p->tty);
            return true;
        case Loginuid:
            if (!known) return false;
            out.add_int(p->loginuid == state::kNoLoginUid ? -1 : int64_t{p->loginuid});
            return true;
        case Pname:
        case Pexe:
        case Pexepath:
        case Pcmdline: {
            const Process* pp = parent(ctx, *p);
            if (pp == nullptr) return false;
            static constexpr unsigned as_ancestor[] = {Aname, Aexe, Aexepath, Acmdline};
            return put_ancestor_value(as_ancestor[id - Pname], *pp, out);
        }
        case Aname:
        case Apid:
        case Aexe:
        case Aexepath:
        case Acmdline:
            return extract_ancestor(id, field, *p, out);
        case Sname:
        case SidExe:
        case SidExepath: {
            if (!known) return false;
            const Process* s = session_leader(*t, *p);
            return put_view(out, id == Sname    ? std::string_view(s->comm)
                                 : id == SidExe ? std::string_view(s->exe)
                                                : std::string_view(s->exepath));
        }
        case VpgidName:
        case VpgidExe:
        case VpgidExepath: {
            if (!known) return false;
            const Process* g = group_leader(*t, *p);
            return put_view(out, id == VpgidName  ? std::string_view(g->comm)
                                 : id == VpgidExe ? std::string_view(g->exe)
                                                  : std::string_view(g->exepath));
        }
        case IsVpgidLeader:
        case IsSidLeader:
            if (!known || p->vpid == 0) return false;
            out.add_bool((id == IsVpgidLeader ? p->vpgid : p->sid) == p->vpid);
            return true;
        case Loginshellid: {
            const auto is_shell = [](const Process& x) { return x.comm.ends_with("sh"); };
            const Process* shell = is_shell(*p) ? p : nullptr;
            tracker()->for_each_ancestor(*p, [&](const Process& a, unsigned) {
                if (is_shell(a)) shell = &a;
                return true;
            });
            if (shell == nullptr) return false;
            out.add_int(shell->pid);
            return true;
        }
        case Duration:
            return put_duration(out, now, p->start_ts);
        case PpidDuration: {
            const Process* pp = parent(ctx, *p);
            return pp != nullptr && put_duration(out, now, pp->start_ts);
        }
        case PidTs:
            if (p->start_ts == 0) return false;
            out.add_num(p->start_ts + boot_time());
            return true;
        case PpidTs: {
            const Process* pp = parent(ctx, *p);
            if (pp == nullptr || pp->start_ts == 0) return false;
            out.add_num(pp->start_ts + boot_time());
            return true;
        }
        case PidnsInitStartTs:
            if (p->pidns_init_start_ts == 0) return false;
            out.add_num(p->pidns_init_start_ts + boot_time());
            return true;
        case IsExeWritable:
        case IsExeUpperLayer:
        case IsExeLowerLayer:
        case IsExeFromMemfd: {
            if (!known) return false;
            static constexpr uint32_t bits[] = {LN_EXE_WRITABLE, LN_EXE_UPPER_LAYER,
                                                LN_EXE_LOWER_LAYER, LN_EXE_FROM_MEMFD};
            out.add_bool((p->exe_flags & bits[id - IsExeWritable]) != 0);
            return true;
        }
        case ExeIno:
            return put_nonzero(out, p->exe_ino);
        case ExeInoCtime:
            return put_nonzero(out, p->exe_ino_ctime);
        case ExeInoMtime:
            return put_nonzero(out, p->exe_ino_mtime);
        case ExeInoCtimeDurationProcStart:
            // Falco leaves both absent unless the later time is strictly later.
            if (p->start_ts == 0) return false;
            return put_interval(out, p->exe_ino_ctime, p->start_ts + boot_time());
        case ExeInoCtimeDurationPidnsStart:
            if (p->pidns_init_start_ts == 0) return false;
            return put_interval(out, p->pidns_init_start_ts + boot_time(), p->exe_ino_ctime);
        case IsContainerHealthcheck:
        case IsContainerLivenessProbe:
        case IsContainerReadinessProbe:
            return extract_probe(id, *p, out);
        case StdinType:
        case StdoutType:
        case StderrType:
        case StdinName:
        case StdoutName:
        case StderrName:
            return extract_std_fd(id, *p, out);
        case Fdopencount:
            out.add_num(p->fds->size());
            return true;
        case Fdlimit:
            if (p->fdlimit == 0) return false;
            out.add_int(static_cast<int64_t>(p->fdlimit));
            return true;
        case Nthreads:
        case Nchilds: {
            uint64_t n = p->nthreads;
            if (id == Nchilds) {
                const Thread* leader = tracker()->thread(p->pid);
                if (leader != nullptr && leader->process == p && n > 0) --n;
            }
            out.add_num(n);
            return true;
        }
        default:
            return false;
    }
}

// --- thread.* ---------------------------------------------------------------

enum ThreadId : unsigned {
    Tid,
    Vtid,
    Ismain,
    CapPermitted,
    CapInheritable,
    CapEffective,
    Cgroups,
    kThreadCount,
};

constexpr FieldDef kThread[] = {
    field("thread.tid", FT::Int64, "Id of the thread generating the event."),
    field("thread.vtid", FT::Int64, "Thread id as seen from its pid namespace."),
    field("thread.ismain", FT::Bool, "true if the thread is the process's main thread."),
    field("thread.cap_permitted", FT::String,
          "Permitted capabilities, as CAP_ names separated by spaces ('CAP_CHOWN CAP_KILL'); "
          "'thread.cap_permitted contains CAP_SYS_ADMIN' tests one."),
    field("thread.cap_inheritable", FT::String,
          "Inheritable capabilities (as thread.cap_permitted)."),
    field("thread.cap_effective", FT::String, "Effective capabilities (as thread.cap_permitted)."),
    field("thread.cgroups", FT::String,
          "The cgroups of the thread as 'subsystem=path' pairs separated by spaces."),
};
static_assert(std::size(kThread) == kThreadCount, "kThread and ThreadId disagree");

class ThreadFieldClass final : public StateFieldClass {
  public:
    explicit ThreadFieldClass(const StateView& view)
        : StateFieldClass("thread", "The thread that generated the event.", kThread, view) {}

    bool extract(unsigned id, const BoundField&, const EvalContext&,
                 FieldValues& out) const override {
        const Thread* t = thread();
        if (t == nullptr) return false;
        switch (id) {
            case Tid:
                out.add_int(t->tid);
                return true;
            case Vtid:
                if (t->vtid == 0) return false;
                out.add_int(t->vtid);
                return true;
            case Ismain:
                out.add_bool(t->is_main_thread());
                return true;
            case CapPermitted:
            case CapInheritable:
            case CapEffective: {
                if (t->process->partial) return false;  // credentials unknown
                const uint64_t caps = id == CapPermitted     ? t->cap_permitted
                                      : id == CapInheritable ? t->cap_inheritable
                                                             : t->cap_effective;
                return put_built(out, [&](std::string& s) { append_capabilities(caps, s); });
            }
            case Cgroups: {
                const std::string_view cg = t->process->cgroups;
                if (cg.empty()) return false;
                return put_built(out, [&](std::string& s) {
                    bool first = true;
                    Process::for_each_entry(cg, [&](std::string_view e) {
                        if (e.empty()) return;
                        if (!first) s += ' ';
                        first = false;
                        s += e;
                    });
                });
            }
            default:
                return false;
        }
    }
};

}  // namespace

std::unique_ptr<FieldClass> make_proc_fields(const StateView& view, const EvtFieldClass& clock) {
    return std::make_unique<ProcFieldClass>(view, clock);
}

std::unique_ptr<FieldClass> make_thread_fields(const StateView& view) {
    return std::make_unique<ThreadFieldClass>(view);
}

}  // namespace lanner::fields
