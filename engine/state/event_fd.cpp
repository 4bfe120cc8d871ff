#include "state/event_fd.h"

#include <array>

#include "schema/event_table.h"

namespace lanner::state {

namespace {

std::array<int, LN_EVT_MAX> build_table() {
    std::array<int, LN_EVT_MAX> t{};
    for (uint16_t type = 0; type < LN_EVT_MAX; ++type) {
        t[type] = kEventFdNone;
        const auto& info = schema::event_info(type);
        if (info.syscalls.empty() || info.params.empty()) continue;
        if (info.params[0].type == LN_PT_FD) {
            t[type] = kEventFdResult;
            continue;
        }
        for (size_t i = 1; i < info.params.size(); ++i)
            if (info.params[i].name == "fd" && info.params[i].type == LN_PT_FD)
                t[type] = static_cast<int>(i);
    }
    t[LN_EVT_CLOSE_RANGE] = kEventFdNone;  // its "fd" is the first of a range
    return t;
}

}  // namespace

int event_fd_source(uint16_t type) noexcept {
    static const std::array<int, LN_EVT_MAX> table = build_table();
    return type < LN_EVT_MAX ? table[type] : kEventFdNone;
}

}  // namespace lanner::state
