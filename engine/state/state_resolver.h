// The state tracker as the ParamResolver of event/param_format.h, so that
// evt.arg.*, evt.args and printed events name fds, paths, users and threads
// as Falco renders them:
//   fd       "<f>/etc/shadow", "<4t>10.0.0.1:40000->10.0.0.2:443", "<p>pipe:[12]"
//   path     "/home/u/notes.txt" for "notes.txt" relative to the cwd or a dirfd
//   uid/gid  "root" (from the tracker's user and group tables)
//   pid/tid  the thread's command name
// The engine makes one next to its tracker and passes it in
// fields::EvtFieldOptions::resolver. It reads the tracker as the rules see it
// for the current event (after StateTracker::on_event()).
#pragma once

#include <string>

#include "event/param_format.h"
#include "state/state_tracker.h"

namespace lanner::state {

class StateResolver final : public ParamResolver {
  public:
    explicit StateResolver(const StateTracker& tracker) : tracker_(tracker) {}

    bool fd_name(const Event& ev, int64_t fd, std::string& out) const override;
    bool absolute_path(const Event& ev, int64_t dirfd, std::string_view path,
                       std::string& out) const override;
    bool user_name(uint32_t uid, std::string& out) const override;
    bool group_name(uint32_t gid, std::string& out) const override;
    bool thread_name(int64_t tid, std::string& out) const override;

  private:
    const StateTracker& tracker_;
    mutable std::string scratch_;  // reused: resolving allocates nothing once grown
};

// Falco's one-letter L4 protocol mark after an inet fd's type character in
// "<4t>": 't' tcp, 'u' udp, 'i' icmp, 'r' raw; 0 for none.
char l4proto_char(uint8_t ipproto) noexcept;

}  // namespace lanner::state
