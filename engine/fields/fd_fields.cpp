// fd.* (the fd the event is about: file, socket, pipe...) and fs.path.*
// (the paths of calls that act on paths: mkdir, unlink, rename, chmod...).
//
// fd.* fields exist only for events on an fd, as in Falco. When such an
// event has no fd entry (a failed open), fd.name, fd.nameraw, fd.directory
// and fd.typechar still describe what the call tried to open, from its
// arguments, so rules can report failed attempts.
//
// Socket addresses follow Falco's client/server orientation (docs/events.md):
// fd.cip/fd.cport the side that connected, fd.sip/fd.sport the side that
// accepted or is bound; fd.lip/fd.rip the local and remote ends, which
// Lanner decides from the socket's role (Falco compares the client address
// with the host's interfaces; both agree except for connections whose two
// ends are local).
#include <fcntl.h>

#include <array>
#include <cerrno>

#include "event/param_format.h"
#include "fields/state_field_class.h"
#include "fields/state_fields.h"
#include "lanner/events.h"
#include "schema/event_table.h"
#include "state/event_fd.h"
#include "state/path.h"
#include "state/record_fields.h"

namespace lanner::fields {
namespace {

using FT = FieldType;
using state::FdInfo;
using state::FdRole;
using state::Process;
using state::Thread;

constexpr FieldDef field(std::string_view name, FieldType type, std::string_view description) {
    return FieldDef{name, type, description};
}

// fd.ip, fd.port, fd.net: both ends of a connection.
constexpr FieldDef either_end(std::string_view name, FieldType type, std::string_view description) {
    return FieldDef{name, type, description, ArgForm::None, false, false, ValueShape::Either};
}

enum Id : unsigned {
    Num,
    Type,
    Typechar,
    Name,
    Nameraw,
    Directory,
    Filename,
    NameChanged,
    Ino,
    Dev,
    DevMajor,
    DevMinor,
    Ip,
    Cip,
    Sip,
    Lip,
    Rip,
    Port,
    Cport,
    Sport,
    Lport,
    Rport,
    Net,
    Cnet,
    Snet,
    Lnet,
    Rnet,
    CipName,
    SipName,
    LipName,
    RipName,
    L4proto,
    Sockfamily,
    IsServer,
    Connected,
    Types,
    Containername,
    Containerdirectory,
    kFdCount,
};

constexpr FieldDef kFd[] = {
    field("fd.num", FT::Int64,
          "Number of the fd the event is about; for calls that create one, the result (negative "
          "when the call failed)."),
    field("fd.type", FT::String,
          "Type of the fd: file, directory, ipv4, ipv6, unix, netlink, pipe, event, signalfd, "
          "eventpoll, inotify, timerfd, memfd, bpf, userfaultfd, io_uring, pidfd, socket."),
    field("fd.typechar", FT::String,
          "Type of the fd as one character: f file, d directory, 4 IPv4 socket, 6 IPv6 socket, u "
          "unix socket, n netlink, p pipe, e eventfd, s signalfd, l eventpoll, i inotify, t "
          "timerfd, m memfd, b bpf, r io_uring, P pidfd, o other."),
    field("fd.name", FT::String,
          "Full name of the fd: the absolute path of files and directories, 'cip:cport->sip:sport' "
          "for connected sockets ('sip:sport' when only bound), 'source->peer path' for unix "
          "sockets, the kernel's name for others (pipe:[INODE], anon_inode:[eventfd], "
          "memfd:NAME)."),
    field("fd.nameraw", FT::String,
          "Name of a file as the opening call passed it (relative, not normalised), with repeated "
          "'/' collapsed; for other fds the same as fd.name."),
    field("fd.directory", FT::String,
          "Directory of a file (fd.name without its last component), or a directory fd's name."),
    field("fd.filename", FT::String, "Last component of a file's fd.name."),
    field("fd.name_changed", FT::Bool,
          "true when the event gave the fd a new name: a connect or bind, or a datagram socket "
          "sending to or receiving from a new peer."),
    field("fd.ino", FT::Int64, "Inode number of the file."),
    field("fd.dev", FT::Uint64, "Device number of the file (major << 20 | minor)."),
    field("fd.dev.major", FT::Uint64, "Major device number of the file."),
    field("fd.dev.minor", FT::Uint64, "Minor device number of the file."),
    either_end("fd.ip", FT::IpAddr,
               "Either address of an IP socket: '=' holds if the client or the server address "
               "matches, '!=' if neither does."),
    field("fd.cip", FT::IpAddr, "Client address of an IP socket."),
    field("fd.sip", FT::IpAddr, "Server address of an IP socket."),
    field("fd.lip", FT::IpAddr, "Local address of an IP socket."),
    field("fd.rip", FT::IpAddr, "Remote address of an IP socket."),
    either_end("fd.port", FT::Port, "Either port of an IP socket (as fd.ip)."),
    field("fd.cport", FT::Port, "Client port of an IP socket."),
    field("fd.sport", FT::Port, "Server port of an IP socket."),
    field("fd.lport", FT::Port, "Local port of an IP socket."),
    field("fd.rport", FT::Port, "Remote port of an IP socket."),
    either_end("fd.net", FT::IpNet,
               "Either address of an IP socket, compared with networks: fd.net = 10.0.0.0/8 (as "
               "fd.ip)."),
    field("fd.cnet", FT::IpNet, "Client address, compared with networks."),
    field("fd.snet", FT::IpNet, "Server address, compared with networks."),
    field("fd.lnet", FT::IpNet, "Local address, compared with networks."),
    field("fd.rnet", FT::IpNet, "Remote address, compared with networks."),
    field("fd.cip.name", FT::String,
          "Domain name of the client address. Lanner resolves no domain names (nothing "
          "leaves the host), so this is always absent (<NA>)."),
    field("fd.sip.name", FT::String,
          "Domain name of the server address. Lanner resolves no domain names (nothing "
          "leaves the host), so this is always absent (<NA>)."),
    field("fd.lip.name", FT::String,
          "Domain name of the local address. Lanner resolves no domain names (nothing "
          "leaves the host), so this is always absent (<NA>)."),
    field("fd.rip.name", FT::String,
          "Domain name of the remote address. Lanner resolves no domain names (nothing "
          "leaves the host), so this is always absent (<NA>)."),
    field("fd.l4proto", FT::String, "Layer-4 protocol of an IP socket: tcp, udp, icmp or raw."),
    field("fd.sockfamily", FT::String, "Family of a socket: ip (IPv4 or IPv6) or unix."),
    field("fd.is_server", FT::Bool,
          "true if the process is the server end of an IP socket (it accepted the connection or "
          "bound the port); false for other fds."),
    field("fd.connected", FT::Bool,
          "true if the socket is connected (a connect that succeeded, an accepted socket)."),
    FieldDef{"fd.types", FT::StringList,
             "The distinct fd types among the open fds of the process, as a list "
             "(fd.types intersects (ipv4, ipv6)); fd.types[N] is the type of fd N.",
             ArgForm::Index, false, false, ValueShape::List},
    field("fd.containername", FT::String, "container.id and fd.name joined by ':'."),
    field("fd.containerdirectory", FT::String, "container.id and fd.directory joined by ':'."),
};
static_assert(std::size(kFd) == kFdCount, "kFd and Id disagree");

// One-character strings for fd.typechar, indexed by the character.
const std::array<char, 256>& char_table() {
    static const std::array<char, 256> t = [] {
        std::array<char, 256> a{};
        for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<char>(i);
        return a;
    }();
    return t;
}

std::string_view one_char(char c) {
    return {&char_table()[static_cast<unsigned char>(c)], 1};
}

bool is_open_call(uint16_t type) {
    switch (type) {
        case LN_EVT_OPEN:
        case LN_EVT_OPENAT:
        case LN_EVT_OPENAT2:
        case LN_EVT_CREAT:
        case LN_EVT_OPEN_BY_HANDLE_AT:
            return true;
        default:
            return false;
    }
}

// The path parameter of an open call.
unsigned open_path_param(uint16_t type) {
    switch (type) {
        case LN_EVT_OPEN:
            return LN_P_OPEN_NAME;
        case LN_EVT_OPENAT:
            return LN_P_OPENAT_NAME;
        case LN_EVT_OPENAT2:
            return LN_P_OPENAT2_NAME;
        case LN_EVT_CREAT:
            return LN_P_CREAT_NAME;
        default:
            return LN_P_OPEN_BY_HANDLE_AT_PATH;
    }
}

// Writes the absolute form of path parameter `idx` into `out`: FSPATH
// against the cwd, FSRELPATH against its directory fd. Other parameters
// (a symlink's target, a mount's source) are taken as they are.
bool resolve_param(const state::StateTracker& tracker, const Thread& t, const Event& ev,
                   unsigned idx, std::string& out) {
    const state::Text path = state::text_param(ev, idx);
    if (!path.present || path.value.empty()) return false;
    const auto& params = schema::event_info(ev.type()).params;
    if (idx >= params.size()) return false;
    const schema::ParamInfo& info = params[idx];
    if (info.type != LN_PT_FSPATH && info.type != LN_PT_FSRELPATH) {
        out.assign(path.value);
        return true;
    }
    int64_t dirfd = AT_FDCWD;
    if (info.type == LN_PT_FSRELPATH && info.dirfd_index >= 0)
        dirfd = ev.s64(static_cast<unsigned>(info.dirfd_index)).value_or(AT_FDCWD);
    return tracker.absolute_path(t, dirfd, path.value, out);
}

bool endpoint_unset(const state::InetEndpoint& e) {
    if (e.port != 0) return false;
    for (uint8_t b : e.addr)
        if (b != 0) return false;
    return true;
}

IpAddr ip_of(uint8_t family, const state::InetEndpoint& e) {
    IpAddr a;
    a.family = family;
    a.bytes = e.addr;
    return a;
}

// Views `s` with runs of '/' collapsed, built in `out` only when needed.
bool put_collapsed(FieldValues& out, std::string_view s) {
    if (s.find("//") == std::string_view::npos) {
        out.add_view(s);
        return true;
    }
    const size_t at = out.begin_owned();
    std::string& o = out.owned();
    for (char c : s)
        if (c != '/' || o.size() == at || o.back() != '/') o += c;
    out.end_owned(at);
    return true;
}

class FdFieldClass final : public StateFieldClass {
  public:
    explicit FdFieldClass(const StateView& view)
        : StateFieldClass("fd",
                          "The file descriptor the event is about: file, directory, socket, "
                          "pipe... Present only for events on an fd.",
                          kFd, view) {}

    bool extract(unsigned id, const BoundField& field, const EvalContext& ctx,
                 FieldValues& out) const override;

  private:
    bool extract_without_fd(unsigned id, const Thread& t, const Event& ev, FieldValues& out) const;
    bool extract_address(unsigned id, const FdInfo& f, FieldValues& out) const;
    bool extract_types(const BoundField& field, const Process& p, FieldValues& out) const;

    mutable std::string scratch_;
};

bool FdFieldClass::extract_without_fd(unsigned id, const Thread& t, const Event& ev,
                                      FieldValues& out) const {
    const uint16_t type = ev.type();
    if (type == LN_EVT_CONNECT && id == Name) {
        // What a failed connect tried to reach.
        state::FdTuple tuple;
        std::string_view unix_path;
        if (!state::parse_socktuple(ev.param(LN_P_CONNECT_TUPLE).str(), tuple, unix_path)) {
            tuple = state::FdTuple{};
            state::InetEndpoint dest;
            if (!state::parse_sockaddr(ev.param(LN_P_CONNECT_ADDR).str(), tuple.family, dest,
                                       unix_path))
                return false;
            tuple.server = dest;
        }
        state::format_socket_name(tuple, unix_path, scratch_);
        out.add_copy(scratch_);
        return true;
    }
    if (!is_open_call(type)) return false;
    const unsigned idx = open_path_param(type);
    switch (id) {
        case Typechar:
            out.add_view("f");
            return true;
        case Nameraw: {
            const state::Text raw = state::text_param(ev, idx);
            return raw.present && !raw.value.empty() && put_collapsed(out, raw.value);
        }
        case Name:
        case Directory:
        case Containername:
        case Containerdirectory: {
            if (!resolve_param(*tracker(), t, ev, idx, scratch_)) return false;
            std::string_view s = scratch_;
            if (id == Directory || id == Containerdirectory) s = state::path_directory(s);
            if (id == Containername || id == Containerdirectory) {
                const size_t at = out.begin_owned();
                const state::ContainerInfo* c = t.process->container;
                out.owned() += c != nullptr ? std::string_view(c->id) : "host";
                out.owned() += ':';
                out.owned() += s;
                out.end_owned(at);
                return true;
            }
            out.add_copy(s);
            return true;
        }
        default:
            return false;
    }
}

bool FdFieldClass::extract_address(unsigned id, const FdInfo& f, FieldValues& out) const {
    const state::FdTuple& tup = f.tuple;
    if (!f.is_inet() || (tup.family != LN_AF_INET && tup.family != LN_AF_INET6)) return false;
    const bool have_client = !endpoint_unset(tup.client);
    const auto put_ip = [&](const state::InetEndpoint& e) {
        out.add_ip(ip_of(tup.family, e));
        return true;
    };
    const auto put_port = [&](const state::InetEndpoint& e) {
        out.add_num(e.port);
        return true;
    };
    // Local and remote ends by role; a bound socket has only a local end.
    const state::InetEndpoint* local = nullptr;
    const state::InetEndpoint* remote = nullptr;
    if (f.role == FdRole::Client) {
        local = have_client ? &tup.client : nullptr;
        remote = &tup.server;
    } else if (f.role == FdRole::Server) {
        local = &tup.server;
        remote = have_client ? &tup.client : nullptr;
    }
    switch (id) {
        case Ip:
        case Net:
            if (have_client) put_ip(tup.client);
            return put_ip(tup.server);
        case Port:
            if (have_client) put_port(tup.client);
            return put_port(tup.server);
        case Cip:
        case Cnet:
            return f.role != FdRole::None && have_client && put_ip(tup.client);
        case Sip:
        case Snet:
            return f.role != FdRole::None && put_ip(tup.server);
        case Cport:
            return f.role != FdRole::None && have_client && put_port(tup.client);
        case Sport:
            return f.role != FdRole::None && put_port(tup.server);
        case Lip:
        case Lnet:
            return local != nullptr && put_ip(*local);
        case Rip:
        case Rnet:
            return remote != nullptr && put_ip(*remote);
        case Lport:
            return local != nullptr && put_port(*local);
        case Rport:
            return remote != nullptr && put_port(*remote);
        default:
            return false;
    }
}

bool FdFieldClass::extract_types(const BoundField& field, const Process& p,
                                 FieldValues& out) const {
    if (!field.arg().empty()) {
        const FdInfo* f = tracker()->fd(p, static_cast<int64_t>(field.arg().index));
        if (f == nullptr || f->type == LN_FD_UNKNOWN) return false;
        out.add_view(state::fd_type_name(f->type));
        return true;
    }
    // Distinct types, in type order: a bit per type, no allocation.
    uint32_t seen = 0;
    static_assert(LN_FD_TYPE_MAX <= 32, "one bit per fd type");
    p.fds->for_each([&](const FdInfo& f) {
        if (f.type != LN_FD_UNKNOWN && f.type < LN_FD_TYPE_MAX) seen |= 1U << f.type;
    });
    for (uint32_t t = 0; t < LN_FD_TYPE_MAX; ++t)
        if (seen & (1U << t)) out.add_view(state::fd_type_name(static_cast<ln_fd_type>(t)));
    return true;
}

bool FdFieldClass::extract(unsigned id, const BoundField& field, const EvalContext& ctx,
                           FieldValues& out) const {
    const Thread* t = thread();
    if (t == nullptr) return false;
    const Event& ev = ctx.event();
    const state::EventContext& cur = current();
    const int source = state::event_fd_source(ev.type());
    // Only events on an fd have fd.* values (an execve has none).
    if (source == state::kEventFdNone && cur.fd_num < 0 && cur.fd == nullptr) return false;
    if (id == Num) {
        if (cur.fd_num >= 0) {
            out.add_int(cur.fd_num);
            return true;
        }
        const unsigned idx = source == state::kEventFdResult ? 0u : static_cast<unsigned>(source);
        if (source == state::kEventFdNone) return false;
        const auto v = ev.s64(idx);
        if (!v) return false;
        out.add_int(*v);
        return true;
    }
    if (id == Types) return extract_types(field, *t->process, out);
    if (id >= CipName && id <= RipName) return false;  // no DNS resolution

    const FdInfo* f = cur.fd;
    const int64_t res = ev.s64(0).value_or(0);
    const bool failed_connect = ev.type() == LN_EVT_CONNECT && res < 0 && res != -EINPROGRESS;
    if (f == nullptr || (failed_connect && id == Name)) return extract_without_fd(id, *t, ev, out);

    const bool is_file = f->type == LN_FD_FILE;
    const bool is_dir = f->type == LN_FD_DIRECTORY;
    switch (id) {
        case Type:
            if (f->type == LN_FD_UNKNOWN) return false;
            out.add_view(state::fd_type_name(f->type));
            return true;
        case Typechar:
            out.add_view(one_char(fd_type_char(f->type)));
            return true;
        case Name:
            out.add_view(f->name);
            return true;
        case Nameraw:
            return put_collapsed(out, (is_file || is_dir) && !f->name_raw.empty()
                                          ? std::string_view(f->name_raw)
                                          : std::string_view(f->name));
        case Directory: {
            const std::string_view d = f->directory();
            if (d.empty()) return false;
            out.add_view(d);
            return true;
        }
        case Filename:
            if (!is_file) return false;
            out.add_view(f->filename());
            return true;
        case NameChanged:
            out.add_bool(cur.fd_name_changed);
            return true;
        case Ino:
            out.add_int(static_cast<int64_t>(f->ino));
            return true;
        case Dev:
            out.add_num(f->dev);
            return true;
        case DevMajor:
            out.add_num(f->dev >> 20);
            return true;
        case DevMinor:
            out.add_num(f->dev & 0xfffff);
            return true;
        case Ip:
        case Cip:
        case Sip:
        case Lip:
        case Rip:
        case Port:
        case Cport:
        case Sport:
        case Lport:
        case Rport:
        case Net:
        case Cnet:
        case Snet:
        case Lnet:
        case Rnet:
            return extract_address(id, *f, out);
        case L4proto: {
            const std::string_view p = state::l4proto_name(f->l4proto);
            if (!f->is_inet() || p.empty()) return false;
            out.add_view(p);
            return true;
        }
        case Sockfamily:
            if (f->is_inet()) {
                out.add_view("ip");
                return true;
            }
            if (f->type == LN_FD_UNIX_SOCK) {
                out.add_view("unix");
                return true;
            }
            return false;
        case IsServer:
            out.add_bool(f->is_inet() && f->role == FdRole::Server);
            return true;
        case Connected:
            out.add_bool(f->sock_state == state::SocketState::Connected);
            return true;
        case Containername:
        case Containerdirectory: {
            const std::string_view s =
                id == Containername ? std::string_view(f->name) : f->directory();
            if (id == Containerdirectory && s.empty()) return false;
            const size_t at = out.begin_owned();
            const state::ContainerInfo* c = t->process->container;
            out.owned() += c != nullptr ? std::string_view(c->id) : "host";
            out.owned() += ':';
            out.owned() += s;
            out.end_owned(at);
            return true;
        }
        default:
            return false;
    }
}

// --- fs.path.* --------------------------------------------------------------

enum PathId : unsigned {
    PathName,
    PathNameraw,
    PathSource,
    PathSourceraw,
    PathTarget,
    PathTargetraw,
    kPathCount,
};

constexpr FieldDef kFsPath[] = {
    field("fs.path.name", FT::String,
          "Absolute path a successful call acted on: mkdir, rmdir, unlink, the open family, "
          "chmod, chown (and their *at and fd forms), umount."),
    field("fs.path.nameraw", FT::String, "fs.path.name as the caller passed it."),
    field("fs.path.source", FT::String,
          "Source of a successful rename, link, symlink (the new link) or mount (the device), "
          "absolute when it is a path argument."),
    field("fs.path.sourceraw", FT::String, "fs.path.source as the caller passed it."),
    field("fs.path.target", FT::String,
          "Target of a successful rename (new name), link (existing file), symlink (the link's "
          "content, as given) or mount (the mount point)."),
    field("fs.path.targetraw", FT::String, "fs.path.target as the caller passed it."),
};
static_assert(std::size(kFsPath) == kPathCount, "kFsPath and PathId disagree");

// Per event type: the parameters fs.path reads (-1: none), or the event's
// fd for the fd forms (fchmod, fchown).
struct PathParams {
    int name = -1, source = -1, target = -1;
    bool name_from_fd = false;
};

const std::array<PathParams, LN_EVT_MAX>& path_params() {
    static const std::array<PathParams, LN_EVT_MAX> table = [] {
        std::array<PathParams, LN_EVT_MAX> t{};
        const auto name = [&](uint16_t e, std::string_view p) {
            t[e].name = schema::find_param(e, p);
        };
        const auto pair = [&](uint16_t e, std::string_view s, std::string_view g) {
            t[e].source = schema::find_param(e, s);
            t[e].target = schema::find_param(e, g);
        };
        name(LN_EVT_MKDIR, "path");
        name(LN_EVT_MKDIRAT, "path");
        name(LN_EVT_RMDIR, "path");
        name(LN_EVT_UNLINK, "path");
        name(LN_EVT_UNLINKAT, "name");
        name(LN_EVT_OPEN, "name");
        name(LN_EVT_OPENAT, "name");
        name(LN_EVT_OPENAT2, "name");
        name(LN_EVT_CREAT, "name");
        name(LN_EVT_CHMOD, "filename");
        name(LN_EVT_FCHMODAT, "filename");
        name(LN_EVT_FCHMODAT2, "filename");
        name(LN_EVT_CHOWN, "path");
        name(LN_EVT_LCHOWN, "path");
        name(LN_EVT_FCHOWNAT, "pathname");
        name(LN_EVT_UMOUNT2, "name");
        t[LN_EVT_FCHMOD].name_from_fd = true;
        t[LN_EVT_FCHOWN].name_from_fd = true;
        pair(LN_EVT_RENAME, "oldpath", "newpath");
        pair(LN_EVT_RENAMEAT, "oldpath", "newpath");
        pair(LN_EVT_RENAMEAT2, "oldpath", "newpath");
        // Falco's orientation: a link's source is the new name, its target
        // the file linked to; a symlink's source is the link, its target
        // the content.
        pair(LN_EVT_LINK, "newpath", "oldpath");
        pair(LN_EVT_LINKAT, "newpath", "oldpath");
        pair(LN_EVT_SYMLINK, "linkpath", "target");
        pair(LN_EVT_SYMLINKAT, "linkpath", "target");
        pair(LN_EVT_MOUNT, "dev", "dir");
        return t;
    }();
    return table;
}

class FsPathFieldClass final : public StateFieldClass {
  public:
    explicit FsPathFieldClass(const StateView& view)
        : StateFieldClass("fs.path",
                          "File system paths of successful calls that act on paths (mkdir, "
                          "unlink, rename, link, chmod, mount...), unlike fd.* which describe "
                          "open fds.",
                          kFsPath, view) {}

    bool extract(unsigned id, const BoundField&, const EvalContext& ctx,
                 FieldValues& out) const override {
        const Thread* t = thread();
        const Event& ev = ctx.event();
        if (t == nullptr || ev.type() >= LN_EVT_MAX) return false;
        const PathParams& pp = path_params()[ev.type()];
        const bool raw = id == PathNameraw || id == PathSourceraw || id == PathTargetraw;
        const bool name = id == PathName || id == PathNameraw;
        // Only calls that succeeded acted on the path.
        const auto res = ev.s64(0);
        if (!res || (is_open_call(ev.type()) ? *res < 0 : *res != 0)) return false;
        if (name && pp.name_from_fd) {
            const FdInfo* f = current().fd;
            if (f == nullptr || f->name.empty()) return false;
            out.add_view(raw && !f->name_raw.empty() ? std::string_view(f->name_raw)
                                                     : std::string_view(f->name));
            return true;
        }
        const int idx = name                                        ? pp.name
                        : (id == PathSource || id == PathSourceraw) ? pp.source
                                                                    : pp.target;
        if (idx < 0) return false;
        if (raw) {
            const state::Text v = state::text_param(ev, static_cast<unsigned>(idx));
            if (!v.present || v.value.empty()) return false;
            out.add_view(v.value);
            return true;
        }
        if (!resolve_param(*tracker(), *t, ev, static_cast<unsigned>(idx), scratch_)) return false;
        out.add_copy(scratch_);
        return true;
    }

  private:
    mutable std::string scratch_;
};

}  // namespace

std::unique_ptr<FieldClass> make_fd_fields(const StateView& view) {
    return std::make_unique<FdFieldClass>(view);
}

std::unique_ptr<FieldClass> make_fs_path_fields(const StateView& view) {
    return std::make_unique<FsPathFieldClass>(view);
}

}  // namespace lanner::fields
