#include "state/state_resolver.h"

#include <netinet/in.h>

namespace lanner::state {

char l4proto_char(uint8_t ipproto) noexcept {
    switch (ipproto) {
        case IPPROTO_TCP:
            return 't';
        case IPPROTO_UDP:
            return 'u';
        case IPPROTO_ICMP:
        case IPPROTO_ICMPV6:
            return 'i';
        case IPPROTO_RAW:
            return 'r';
        default:
            return 0;
    }
}

bool StateResolver::fd_name(const Event& ev, int64_t fd, std::string& out) const {
    const Thread* t = tracker_.thread(ev.tid());
    if (t == nullptr) return false;
    const FdInfo* f = tracker_.fd(*t->process, fd);
    if (f == nullptr) return false;
    out += '<';
    out += fd_type_char(f->type);
    if (f->is_inet()) {
        if (const char c = l4proto_char(f->l4proto)) out += c;
    }
    out += '>';
    out += f->name;
    return true;
}

bool StateResolver::absolute_path(const Event& ev, int64_t dirfd, std::string_view path,
                                  std::string& out) const {
    const Thread* t = tracker_.thread(ev.tid());
    if (t == nullptr || !tracker_.absolute_path(*t, dirfd, path, scratch_)) return false;
    out += scratch_;
    return true;
}

bool StateResolver::user_name(uint32_t uid, std::string& out) const {
    if (const UserInfo* u = tracker_.user(uid); u != nullptr && !u->name.empty()) {
        out += u->name;
        return true;
    }
    if (uid != 0) return false;
    out += "root";  // uid 0 is root even where no user database says so (Falco)
    return true;
}

bool StateResolver::group_name(uint32_t gid, std::string& out) const {
    if (const GroupInfo* g = tracker_.group(gid); g != nullptr && !g->name.empty()) {
        out += g->name;
        return true;
    }
    if (gid != 0) return false;
    out += "root";
    return true;
}

bool StateResolver::thread_name(int64_t tid, std::string& out) const {
    const Thread* t = tracker_.thread(tid);
    if (t == nullptr || t->comm.empty()) return false;
    out += t->comm;
    return true;
}

}  // namespace lanner::state
