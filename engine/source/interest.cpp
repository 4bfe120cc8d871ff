#include "source/interest.h"

#include <algorithm>
#include <array>

#include "common/error.h"
#include "lanner/syscalls.h"
#include "schema/event_table.h"

namespace lanner {

namespace {

// Syscall number -> event, from the generated table (lanner/syscalls.h).
constexpr std::array<uint16_t, LN_SYSCALL_MAX> make_syscall_events() {
    std::array<uint16_t, LN_SYSCALL_MAX> map{};
#define LN_MAP_SYSCALL(nr, ev) map[nr] = ev;
    LN_SYSCALL_EVENT_TABLE(LN_MAP_SYSCALL)
#undef LN_MAP_SYSCALL
    return map;
}

constexpr auto kSyscallEvents = make_syscall_events();
static_assert(kSyscallEvents[__NR_openat] == LN_EVT_OPENAT, "syscall table built without __NR_*");

}  // namespace

uint16_t event_for_syscall(uint32_t nr) {
    return nr < LN_SYSCALL_MAX ? kSyscallEvents[nr] : uint16_t{LN_EVT_UNKNOWN};
}

ln_interest interest_for_events(const EventTypeSet& events) {
    ln_interest in{};
    for (uint32_t nr = 0; nr < LN_SYSCALL_MAX; ++nr) {
        const uint16_t ev = kSyscallEvents[nr];
        if (ev != LN_EVT_UNKNOWN && events.test(ev)) in.syscalls[nr / 64] |= 1ULL << (nr % 64);
    }
    if (events.test(LN_EVT_PROCEXIT)) in.sources |= LN_SRC_PROCEXIT;
    return in;
}

ln_interest interest_for_list(const std::vector<uint16_t>& events) {
    if (events.empty()) return interest_all();
    EventTypeSet set;
    for (uint16_t e : events) {
        const bool produced = e == LN_EVT_PROCEXIT ||
                              std::find(std::begin(kSyscallEvents), std::end(kSyscallEvents), e) !=
                                  std::end(kSyscallEvents);
        if (e == LN_EVT_UNKNOWN || e >= LN_EVT_MAX || !produced)
            throw Error("event {} ({}) is produced by no syscall of this architecture", e,
                        e < LN_EVT_MAX ? schema::event_info(e).name : "unknown");
        set.set(e);
    }
    return interest_for_events(set);
}

ln_interest interest_all() {
    EventTypeSet all;
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t)
        if (!schema::is_meta_event(t)) all.set(t);
    return interest_for_events(all);
}

std::vector<uint32_t> interest_syscalls(const ln_interest& in) {
    std::vector<uint32_t> out;
    for (uint32_t nr = 0; nr < LN_SYSCALL_MAX; ++nr)
        if (interest_has_syscall(in, nr)) out.push_back(nr);
    return out;
}

}  // namespace lanner
