#include "rules/event_type_set.h"

#include "lanner/syscalls.h"
#include "schema/event_table.h"

namespace lanner::rules {

EventTypeSet EventTypeSet::all() noexcept {
    static const EventTypeSet every = [] {
        EventTypeSet s;
        for (uint16_t t = 1; t < LN_EVT_MAX; ++t)
            if (!schema::is_meta_event(t)) s.add(t);
        return s;
    }();
    return every;
}

std::vector<uint16_t> EventTypeSet::types() const {
    std::vector<uint16_t> out;
    for (uint16_t t = 0; t < kCapacity; ++t)
        if (bits_.test(t)) out.push_back(t);
    return out;
}

std::string EventTypeSet::names() const {
    std::string out;
    for (uint16_t t : types()) {
        if (!out.empty()) out += ", ";
        out += schema::event_info(t).name;
    }
    return out;
}

}  // namespace lanner::rules
