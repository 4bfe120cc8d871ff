// Text forms of event parameters, as Falco renders them.
//
// Each parameter has a plain form ("3", "-2", "524288") and, for some types,
// a resolved form ("<f>/etc/passwd", "ENOENT", "O_RDONLY|O_CLOEXEC", "root").
// evt.arg.NAME is the resolved form when there is one, else the plain form;
// evt.args shows "name=plain(resolved)". Resolution that needs state (fd
// names, user names, relative paths) goes through a ParamResolver, so this
// layer does not depend on the state tracker.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "event/event.h"

namespace lanner {

class ParamResolver {
  public:
    virtual ~ParamResolver() = default;
    // Appends "<typechar>name" for an fd of the event's process; false if unknown.
    virtual bool fd_name(const Event&, int64_t fd, std::string& out) const {
        (void)fd, (void)out;
        return false;
    }
    // Appends the absolute form of `path` taken relative to `dirfd` (AT_FDCWD:
    // the thread's cwd); false if it cannot be resolved.
    virtual bool absolute_path(const Event&, int64_t dirfd, std::string_view path,
                               std::string& out) const {
        (void)dirfd, (void)path, (void)out;
        return false;
    }
    virtual bool user_name(uint32_t uid, std::string& out) const {
        (void)uid, (void)out;
        return false;
    }
    virtual bool group_name(uint32_t gid, std::string& out) const {
        (void)gid, (void)out;
        return false;
    }
    // Appends the command name of a thread; false if unknown.
    virtual bool thread_name(int64_t tid, std::string& out) const {
        (void)tid, (void)out;
        return false;
    }
};

// Appends the plain form of parameter i. Absent parameters append nothing and
// return false.
bool append_param_plain(const Event& ev, unsigned i, std::string& out);

// Appends the resolved form of parameter i if the type has one and it can be
// resolved; returns false (appending nothing) otherwise.
bool append_param_resolved(const Event& ev, unsigned i, const ParamResolver& r, std::string& out);

// evt.arg.NAME: resolved form if any, else plain. Returns false if absent.
bool append_param_text(const Event& ev, unsigned i, const ParamResolver& r, std::string& out);

// evt.args: "name=plain(resolved) name=plain ..." over every parameter present.
void append_args_text(const Event& ev, const ParamResolver& r, std::string& out);

// The errno name for a positive errno value ("ENOENT"), or empty.
std::string_view errno_name(int64_t err) noexcept;

// Falco's one-character fd type codes ('f' file, '4' IPv4 socket ...).
char fd_type_char(uint32_t ln_fd_type) noexcept;

// Appends bytes with every byte outside printable ASCII shown as '.', as
// Falco's default buffer format does.
void append_printable(std::string_view bytes, std::string& out);

}  // namespace lanner
