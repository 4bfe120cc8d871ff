#include "event/param_format.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "event/sockaddr.h"
#include "schema/event_table.h"

namespace lanner {
namespace {

template <typename T>
void append_number(T v, std::string& out) {
    fmt::format_to(std::back_inserter(out), "{}", v);
}

void append_endpoint(const Endpoint& e, std::string& out) {
    if (e.ip.family == LN_AF_INET6) {
        out += e.ip.to_string();
        out += ':';
    } else {
        out += e.ip.to_string();
        out += ':';
    }
    append_number(e.port, out);
}

void append_sockaddr(std::string_view bytes, std::string& out) {
    auto a = decode_sockaddr(bytes);
    if (!a) return;
    if (a->family == LN_AF_INET || a->family == LN_AF_INET6)
        append_endpoint(a->inet, out);
    else if (a->family == LN_AF_UNIX)
        append_printable(a->unix_path, out);
    else
        append_number(static_cast<int>(a->family), out);
}

void append_socktuple(std::string_view bytes, std::string& out) {
    auto t = decode_socktuple(bytes);
    if (!t) return;
    if (t->family == LN_AF_INET || t->family == LN_AF_INET6) {
        append_endpoint(t->client, out);
        out += "->";
        append_endpoint(t->server, out);
    } else if (t->family == LN_AF_UNIX) {
        fmt::format_to(std::back_inserter(out), "{:x}->{:x} ", t->unix_source, t->unix_peer);
        append_printable(t->unix_path, out);
    }
}

// Integer value of a fixed-size parameter, sign-extended by type.
bool integer_value(const ParamView& p, ln_param_type type, int64_t& v) {
    switch (p.len) {
        case 1: {
            uint8_t x;
            std::memcpy(&x, p.data, 1);
            v = x;
            return true;
        }
        case 2: {
            uint16_t x;
            std::memcpy(&x, p.data, 2);
            v = x;
            return true;
        }
        case 4: {
            if (type == LN_PT_S32 || type == LN_PT_ENUM32) {
                int32_t x;
                std::memcpy(&x, p.data, 4);
                v = x;
            } else {
                uint32_t x;
                std::memcpy(&x, p.data, 4);
                v = x;
            }
            return true;
        }
        case 8:
            std::memcpy(&v, p.data, 8);
            return true;
        default:
            return false;
    }
}

}  // namespace

void append_printable(std::string_view bytes, std::string& out) {
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        out += (u >= 0x20 && u < 0x7f) ? c : '.';
    }
}

std::string_view errno_name(int64_t err) noexcept {
    // strerrorname_np is glibc >= 2.32 (Debian 12 has 2.36).
    if (err <= 0 || err > 4095) return {};
    const char* n = strerrorname_np(static_cast<int>(err));
    return n ? std::string_view(n) : std::string_view();
}

char fd_type_char(uint32_t t) noexcept {
    switch (t) {
        case LN_FD_FILE:
            return 'f';
        case LN_FD_DIRECTORY:
            return 'd';
        case LN_FD_IPV4_SOCK:
            return '4';
        case LN_FD_IPV6_SOCK:
            return '6';
        case LN_FD_UNIX_SOCK:
            return 'u';
        case LN_FD_NETLINK:
            return 'n';
        case LN_FD_PIPE:
            return 'p';
        case LN_FD_EVENT:
            return 'e';
        case LN_FD_SIGNALFD:
            return 's';
        case LN_FD_EVENTPOLL:
            return 'l';
        case LN_FD_INOTIFY:
            return 'i';
        case LN_FD_TIMERFD:
            return 't';
        case LN_FD_MEMFD:
            return 'm';
        case LN_FD_BPF:
            return 'b';
        case LN_FD_USERFAULTFD:
            return 'u';
        case LN_FD_IO_URING:
            return 'r';
        case LN_FD_PIDFD:
            return 'P';
        default:
            return 'o';
    }
}

bool append_param_plain(const Event& ev, unsigned i, std::string& out) {
    const auto& info = schema::event_info(ev.type());
    const ParamView p = ev.param(i);
    if (p.empty()) return false;
    const ln_param_type type = i < info.params.size() ? info.params[i].type : LN_PT_BYTEBUF;
    switch (type) {
        case LN_PT_CHARBUF:
        case LN_PT_FSPATH:
        case LN_PT_FSRELPATH:
            out.append(p.str());
            return true;
        case LN_PT_BYTEBUF:
        case LN_PT_CHARBUFARRAY:
            append_printable(p.str(), out);
            return true;
        case LN_PT_SOCKADDR:
            append_sockaddr(p.str(), out);
            return true;
        case LN_PT_SOCKTUPLE:
            append_socktuple(p.str(), out);
            return true;
        default:
            break;
    }
    int64_t v = 0;
    if (!integer_value(p, type, v)) {
        append_printable(p.str(), out);
        return true;
    }
    if (type == LN_PT_MODE)
        fmt::format_to(std::back_inserter(out), "0{:o}", v);
    else if (type == LN_PT_DEV)
        fmt::format_to(std::back_inserter(out), "{:#x}", v);
    else if (schema::is_signed(type))
        append_number(v, out);
    else
        append_number(static_cast<uint64_t>(v), out);
    return true;
}

bool append_param_resolved(const Event& ev, unsigned i, const ParamResolver& r, std::string& out) {
    const auto& info = schema::event_info(ev.type());
    const ParamView p = ev.param(i);
    if (p.empty() || i >= info.params.size()) return false;
    const auto& pi = info.params[i];
    int64_t v = 0;
    switch (pi.type) {
        case LN_PT_ERRNO:
            if (!integer_value(p, pi.type, v) || v >= 0) return false;
            if (auto n = errno_name(-v); !n.empty()) {
                out.append(n);
                return true;
            }
            return false;
        case LN_PT_FD:
        case LN_PT_PID: {
            if (!integer_value(p, pi.type, v)) return false;
            if (v < 0 && i == 0) {  // a failed call's result
                auto n = errno_name(-v);
                out.append(n);
                return !n.empty();
            }
            if (pi.type == LN_PT_FD && v == AT_FDCWD) {
                out += "AT_FDCWD";
                return true;
            }
            if (v < 0) return false;
            if (pi.type == LN_PT_FD) return r.fd_name(ev, v, out);
            return r.thread_name(v, out);
        }
        case LN_PT_UID:
            return integer_value(p, pi.type, v) && r.user_name(static_cast<uint32_t>(v), out);
        case LN_PT_GID:
            return integer_value(p, pi.type, v) && r.group_name(static_cast<uint32_t>(v), out);
        case LN_PT_FLAGS8:
        case LN_PT_FLAGS16:
        case LN_PT_FLAGS32:
        case LN_PT_FLAGS64:
        case LN_PT_ENUM32:
        case LN_PT_SIGNAL:
            if (!pi.flags || !integer_value(p, pi.type, v)) return false;
            schema::append_flags(*pi.flags, static_cast<uint64_t>(v), out);
            return true;
        case LN_PT_FSPATH:
            if (!p.str().empty() && p.str()[0] == '/') return false;
            return r.absolute_path(ev, AT_FDCWD, p.str(), out);
        case LN_PT_FSRELPATH: {
            if (!p.str().empty() && p.str()[0] == '/') return false;
            int64_t dirfd = AT_FDCWD;
            if (pi.dirfd_index >= 0) {
                auto d = ev.s64(static_cast<unsigned>(pi.dirfd_index));
                if (!d) return false;
                dirfd = *d;
            }
            return r.absolute_path(ev, dirfd, p.str(), out);
        }
        default:
            return false;
    }
}

bool append_param_text(const Event& ev, unsigned i, const ParamResolver& r, std::string& out) {
    if (ev.param(i).empty()) return false;
    if (append_param_resolved(ev, i, r, out)) return true;
    return append_param_plain(ev, i, out);
}

void append_args_text(const Event& ev, const ParamResolver& r, std::string& out) {
    const auto& info = schema::event_info(ev.type());
    bool first = true;
    for (unsigned i = 0; i < ev.nparams() && i < info.params.size(); ++i) {
        if (ev.param(i).empty()) continue;
        if (!first) out += ' ';
        first = false;
        out += info.params[i].name;
        out += '=';
        append_param_plain(ev, i, out);
        const size_t mark = out.size();
        out += '(';
        if (append_param_resolved(ev, i, r, out))
            out += ')';
        else
            out.resize(mark);
    }
}

}  // namespace lanner
