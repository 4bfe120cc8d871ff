// State tracker settings for tests: no user database of the machine running
// the test is read, so user and group names come only from the capture.
#pragma once

#include "state/state_tracker.h"

namespace lanner::test {

inline state::StateConfig hermetic_config() {
    state::StateConfig c;
    c.passwd_path.clear();
    c.group_path.clear();
    return c;
}

}  // namespace lanner::test
