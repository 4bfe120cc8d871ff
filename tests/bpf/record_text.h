// Test-side rendering of a record as one line of text with parameter names,
// for bpf_dump and for test failure messages. Not the engine's output format.
#pragma once

#include <string>

#include "event/event.h"

namespace lanner::test {

// "ts=… cpu=1 tid=… pid=… openat fd=3 dirfd=-100 name=/etc/shadow …"
std::string record_text(const Event& ev);

}  // namespace lanner::test
