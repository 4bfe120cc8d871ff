#include "fields/pending_fields.h"

namespace lanner::fields {
namespace {

using FT = FieldType;
constexpr ArgForm kNoArg = ArgForm::None;

// A pending field: declared, typed, evaluates as absent.
constexpr FieldDef pending(std::string_view name, FieldType type, std::string_view description,
                           ArgForm arg = kNoArg, bool arg_required = false,
                           ValueShape bare_shape = ValueShape::Single) {
    return FieldDef{name, type, description, arg, arg_required, true, bare_shape};
}

// An ancestor field: proc.aname[N], or every ancestor without an index.
constexpr FieldDef ancestor(std::string_view name, FieldType type, std::string_view description) {
    return pending(name, type, description, ArgForm::Index, false, ValueShape::AnyOf);
}

constexpr FieldDef kProc[] = {
    pending("proc.pid", FT::Int64, "Id of the process generating the event."),
    pending("proc.ppid", FT::Int64, "Id of the parent process."),
    pending("proc.vpid", FT::Int64, "Process id as seen from its pid namespace."),
    pending("proc.pvpid", FT::Int64, "Parent process id as seen from its pid namespace."),
    pending("proc.sid", FT::Int64, "Session id of the process."),
    pending("proc.vpgid", FT::Int64, "Process group id as seen from the pid namespace."),
    pending("proc.name", FT::String, "Name of the process (the kernel's comm)."),
    pending("proc.exe", FT::String, "First command-line argument (argv[0])."),
    pending("proc.exepath", FT::String, "Full path of the executable."),
    pending("proc.args", FT::String, "Command-line arguments after argv[0], space-separated."),
    pending("proc.cmdline", FT::String, "proc.name followed by proc.args."),
    pending("proc.cwd", FT::String, "Current working directory."),
    pending("proc.env", FT::String,
            "Environment as NAME=value pairs; proc.env[NAME] is the value of one variable.",
            ArgForm::Key),
    pending("proc.tty", FT::Int64, "Controlling terminal device number, 0 if none."),
    pending("proc.pname", FT::String, "Name of the parent process."),
    pending("proc.pexe", FT::String, "argv[0] of the parent process."),
    pending("proc.pexepath", FT::String, "Executable path of the parent process."),
    pending("proc.pcmdline", FT::String, "Command line of the parent process."),
    ancestor("proc.aname", FT::String,
             "Name of an ancestor: proc.aname[1] is the parent, [2] the grandparent; without an "
             "index, an operator holds if it holds for any ancestor."),
    ancestor("proc.apid", FT::Int64, "Process id of an ancestor (index as proc.aname)."),
    ancestor("proc.aexe", FT::String, "argv[0] of an ancestor (index as proc.aname)."),
    ancestor("proc.aexepath", FT::String, "Executable path of an ancestor (index as proc.aname)."),
    ancestor("proc.acmdline", FT::String, "Command line of an ancestor (index as proc.aname)."),
    pending("proc.sname", FT::String, "Name of the session leader."),
    pending("proc.vpgid.name", FT::String, "Name of the process group leader."),
    pending("proc.vpgid.exe", FT::String, "argv[0] of the process group leader."),
    pending("proc.vpgid.exepath", FT::String, "Executable path of the process group leader."),
    pending("proc.is_vpgid_leader", FT::Bool, "true if the process leads its process group."),
    pending("proc.is_sid_leader", FT::Bool, "true if the process leads its session."),
    pending("proc.duration", FT::RelTime, "Time since the process started, in ns."),
    pending("proc.is_exe_writable", FT::Bool,
            "true if the process could write its own executable file."),
    pending("proc.is_exe_upper_layer", FT::Bool,
            "true if the executable is in the upper layer of an overlay file system."),
    pending("proc.is_exe_lower_layer", FT::Bool,
            "true if the executable is in a lower layer of an overlay file system."),
    pending("proc.is_exe_from_memfd", FT::Bool,
            "true if the executable is a memfd (fileless execution)."),
    pending("proc.exe_ino", FT::Int64, "Inode number of the executable."),
    pending("proc.exe_ino.ctime", FT::AbsTime, "Change time of the executable's inode."),
    pending("proc.exe_ino.mtime", FT::AbsTime, "Modification time of the executable's inode."),
    pending("proc.exe_ino.ctime_duration_proc_start", FT::RelTime,
            "Time between the executable's inode change and the process start."),
    pending("proc.exe_ino.ctime_duration_pidns_start", FT::RelTime,
            "Time between the executable's inode change and the start of the pid namespace."),
    pending("proc.is_container_healthcheck", FT::Bool,
            "true if the process is a container health check."),
    pending("proc.is_container_liveness_probe", FT::Bool,
            "true if the process is a Kubernetes liveness probe."),
    pending("proc.is_container_readiness_probe", FT::Bool,
            "true if the process is a Kubernetes readiness probe."),
    pending("proc.stdin.type", FT::String, "Type of the fd 0 (file, pipe, ipv4...)."),
    pending("proc.stdout.type", FT::String, "Type of the fd 1."),
    pending("proc.stderr.type", FT::String, "Type of the fd 2."),
    pending("proc.stdin.name", FT::String, "Name of the fd 0."),
    pending("proc.stdout.name", FT::String, "Name of the fd 1."),
    pending("proc.stderr.name", FT::String, "Name of the fd 2."),
};

constexpr FieldDef kThread[] = {
    pending("thread.tid", FT::Int64, "Id of the thread generating the event."),
    pending("thread.vtid", FT::Int64, "Thread id as seen from its pid namespace."),
    pending("thread.ismain", FT::Bool, "true if the thread is the process's main thread."),
    pending("thread.cap_permitted", FT::String, "Permitted capabilities (CAP_* names)."),
    pending("thread.cap_inheritable", FT::String, "Inheritable capabilities (CAP_* names)."),
    pending("thread.cap_effective", FT::String, "Effective capabilities (CAP_* names)."),
};

constexpr FieldDef kFd[] = {
    pending("fd.num", FT::Int64, "Number of the fd the event is about."),
    pending("fd.type", FT::String,
            "Type of the fd: file, directory, ipv4, ipv6, unix, pipe, event, signalfd, "
            "eventpoll, inotify, timerfd, netlink, memfd, bpf, userfaultfd, io_uring, pidfd."),
    pending("fd.typechar", FT::String, "Type of the fd as one character (f, 4, 6, u, p...)."),
    pending("fd.name", FT::String,
            "Full name of the fd: absolute path for files, the connection tuple for sockets."),
    pending("fd.nameraw", FT::String, "Name of the fd as the caller passed it (not normalised)."),
    pending("fd.directory", FT::String, "Directory part of fd.name for files."),
    pending("fd.filename", FT::String, "File name part of fd.name, without the directory."),
    pending("fd.name_changed", FT::Bool, "true when the event changed the name of the fd."),
    pending("fd.ino", FT::Int64, "Inode number of the file."),
    pending("fd.dev", FT::Uint64, "Device number of the file."),
    pending("fd.ip", FT::IpAddr, "Client or server address (matches either)."),
    pending("fd.cip", FT::IpAddr, "Client address."),
    pending("fd.sip", FT::IpAddr, "Server address."),
    pending("fd.lip", FT::IpAddr, "Local address."),
    pending("fd.rip", FT::IpAddr, "Remote address."),
    pending("fd.port", FT::Port, "Client or server port (matches either)."),
    pending("fd.cport", FT::Port, "Client port."),
    pending("fd.sport", FT::Port, "Server port."),
    pending("fd.lport", FT::Port, "Local port."),
    pending("fd.rport", FT::Port, "Remote port."),
    pending("fd.net", FT::IpNet, "Client or server address, compared with networks."),
    pending("fd.cnet", FT::IpNet, "Client address, compared with networks."),
    pending("fd.snet", FT::IpNet, "Server address, compared with networks."),
    pending("fd.lnet", FT::IpNet, "Local address, compared with networks."),
    pending("fd.rnet", FT::IpNet, "Remote address, compared with networks."),
    pending("fd.cip.name", FT::String, "Domain name of the client address."),
    pending("fd.sip.name", FT::String, "Domain name of the server address."),
    pending("fd.lip.name", FT::String, "Domain name of the local address."),
    pending("fd.rip.name", FT::String, "Domain name of the remote address."),
    pending("fd.l4proto", FT::String, "Layer-4 protocol: tcp, udp, icmp, raw."),
    pending("fd.sockfamily", FT::String, "Socket family: ip or unix."),
    pending("fd.is_server", FT::Bool, "true if the process is the server side of the socket."),
    pending("fd.connected", FT::Bool, "true if the socket is connected."),
    pending("fd.types", FT::StringList,
            "Types of the fds the event involves; fd.types[N] the type of the Nth.", ArgForm::Index,
            false, ValueShape::List),
};

constexpr FieldDef kFsPath[] = {
    pending("fs.path.name", FT::String,
            "Path the event acts on (created, removed, renamed, linked...), absolute."),
    pending("fs.path.nameraw", FT::String, "Path the event acts on, as the caller passed it."),
    pending("fs.path.source", FT::String, "Source path of renames and links, absolute."),
    pending("fs.path.sourceraw", FT::String, "Source path as the caller passed it."),
    pending("fs.path.target", FT::String, "Target path of renames and links, absolute."),
    pending("fs.path.targetraw", FT::String, "Target path as the caller passed it."),
};

constexpr FieldDef kUser[] = {
    pending("user.uid", FT::Uint64, "Effective user id."),
    pending("user.name", FT::String, "Effective user name."),
    pending("user.homedir", FT::String, "Home directory of the user."),
    pending("user.shell", FT::String, "Login shell of the user."),
    pending("user.loginuid", FT::Int64, "Audit login uid (-1 when unset)."),
    pending("user.loginname", FT::String, "Name of the audit login user."),
};

constexpr FieldDef kGroup[] = {
    pending("group.gid", FT::Uint64, "Effective group id."),
    pending("group.name", FT::String, "Effective group name."),
};

constexpr FieldDef kContainer[] = {
    pending("container.id", FT::String,
            "Container id (12 hex characters), or 'host' outside containers."),
    pending("container.name", FT::String, "Container name."),
    pending("container.type", FT::String, "Container runtime: docker, containerd, cri-o..."),
    pending("container.image", FT::String, "Container image name."),
    pending("container.image.id", FT::String, "Container image id."),
    pending("container.image.repository", FT::String, "Image repository."),
    pending("container.image.tag", FT::String, "Image tag."),
    pending("container.image.digest", FT::String, "Image digest."),
    pending("container.privileged", FT::Bool, "true for privileged containers."),
    pending("container.mounts", FT::String, "All mounts: source:dest:mode:rdwrite:propagation."),
    pending("container.mount", FT::String,
            "One mount, by index or by source path (glob): source:dest:mode:rdwrite:propagation.",
            ArgForm::IndexOrKey, true),
    pending("container.mount.source", FT::String,
            "Source of a mount, by index or by destination path (glob).", ArgForm::IndexOrKey,
            true),
    pending("container.mount.dest", FT::String,
            "Destination of a mount, by index or by source path (glob).", ArgForm::IndexOrKey,
            true),
    pending("container.mount.mode", FT::String, "Mode of a mount, by index or source path.",
            ArgForm::IndexOrKey, true),
    pending("container.mount.rdwrite", FT::String,
            "Read/write flag of a mount, by index or source path.", ArgForm::IndexOrKey, true),
    pending("container.mount.propagation", FT::String,
            "Propagation of a mount, by index or source path.", ArgForm::IndexOrKey, true),
    pending("container.start_ts", FT::AbsTime, "Time the container started."),
    pending("container.duration", FT::RelTime, "Time since the container started."),
    pending("container.ip", FT::String, "Main IP address of the container."),
    pending("container.healthcheck", FT::String, "Health check command of the container."),
};

constexpr FieldDef kK8s[] = {
    pending("k8s.ns.name", FT::String, "Kubernetes namespace of the pod."),
    pending("k8s.pod.name", FT::String, "Kubernetes pod name."),
    pending("k8s.pod.id", FT::String, "Kubernetes pod id (legacy name of k8s.pod.uid)."),
    pending("k8s.pod.uid", FT::String, "Kubernetes pod uid."),
    pending("k8s.pod.sandbox_id", FT::String, "Sandbox (pause container) id, truncated."),
    pending("k8s.pod.full_sandbox_id", FT::String, "Sandbox (pause container) id."),
    pending("k8s.pod.label", FT::String, "Value of one pod label: k8s.pod.label[app].",
            ArgForm::Key, true),
    pending("k8s.pod.labels", FT::String, "All pod labels as key:value pairs."),
    pending("k8s.pod.ip", FT::String, "Pod IP address."),
    pending("k8s.pod.cni.json", FT::String, "CNI result of the pod, as JSON."),
};

class PendingBound final : public BoundField {
  public:
    using BoundField::BoundField;
    bool extract(const EvalContext&, FieldValues&) const override { return false; }
};

class PendingFieldClass final : public FieldClass {
  public:
    PendingFieldClass(std::string_view name, std::string_view description,
                      std::span<const FieldDef> fields)
        : name_(name), description_(description), fields_(fields) {}

    std::string_view name() const override { return name_; }
    std::string_view description() const override { return description_; }
    std::span<const FieldDef> fields() const override { return fields_; }

    std::unique_ptr<BoundField> bind(const FieldDef& def, const FieldArg& arg) const override {
        const ValueShape shape = arg.empty() ? def.bare_shape : ValueShape::Single;
        // One item of a list field (fd.types[0]) is a single string.
        const FieldType type =
            def.type == FieldType::StringList && !arg.empty() ? FieldType::String : def.type;
        return std::make_unique<PendingBound>(def, arg, type, shape);
    }

  private:
    std::string_view name_;
    std::string_view description_;
    std::span<const FieldDef> fields_;
};

}  // namespace

void add_pending_classes(FieldRegistry& registry) {
    registry.add(std::make_unique<PendingFieldClass>(
        "proc", "The process (and its ancestors) that generated the event.", kProc));
    registry.add(std::make_unique<PendingFieldClass>(
        "thread", "The thread that generated the event.", kThread));
    registry.add(std::make_unique<PendingFieldClass>(
        "fd", "The file descriptor the event is about: file, socket, pipe...", kFd));
    registry.add(std::make_unique<PendingFieldClass>(
        "fs.path", "File system paths that events such as unlink, rename and mkdir act on.",
        kFsPath));
    registry.add(std::make_unique<PendingFieldClass>(
        "user", "The effective user of the process and its login user.", kUser));
    registry.add(std::make_unique<PendingFieldClass>("group", "The effective group of the process.",
                                                     kGroup));
    registry.add(std::make_unique<PendingFieldClass>(
        "container", "The container the process runs in ('host' outside containers).", kContainer));
    registry.add(std::make_unique<PendingFieldClass>(
        "k8s", "The Kubernetes pod and namespace of the container.", kK8s));
}

}  // namespace lanner::fields
