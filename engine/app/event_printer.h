// --print-events: one readable line per record,
//
//   NUM DATE TIME CPU COMM (TID/PID) TYPE ARGS
//   7 2024-05-01 01:00:00.250004000 0 cat (1600/1600) openat fd=3 dirfd=-100(AT_FDCWD) ...
//
// TIME is wall-clock UTC (the capture's boot time plus the record's
// timestamp), ARGS is evt.args (parameter 0, the result, comes first:
// res=-2(ENOENT), fd=3). COMM is the record's own comm parameter when it has
// one (execve, clone, threadinfo), else what the resolver knows of the
// thread, else <NA>. Names that need state (fd paths, user names, thread
// names) come from the ParamResolver, which the state tracker implements.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "event/event.h"
#include "event/param_format.h"

namespace lanner::app {

class EventPrinter {
  public:
    // `out` and `resolver` must outlive the printer. Unbuffered: each line is
    // written and flushed at once; otherwise lines are batched.
    EventPrinter(std::FILE* out, uint64_t boot_time_ns, const ParamResolver& resolver,
                 bool unbuffered);
    ~EventPrinter();  // flush()
    EventPrinter(const EventPrinter&) = delete;
    EventPrinter& operator=(const EventPrinter&) = delete;

    void print(const Event& ev);
    void flush();

    // Appends the line for `ev` (without a newline) to `out`.
    void format(const Event& ev, std::string& out) const;

  private:
    std::FILE* out_;
    uint64_t boot_time_ns_;
    const ParamResolver& resolver_;
    bool unbuffered_;
    std::string pending_;  // lines not yet written
};

}  // namespace lanner::app
