#include "app/list_events.h"

#include <fmt/format.h>

#include "schema/event_table.h"

namespace lanner::app {

void print_event_table(std::FILE* out) {
    using namespace schema;
    fmt::print(out, "Lanner event table, schema {}.{}: {} event types\n\n", LN_SCHEMA_VERSION_MAJOR,
               LN_SCHEMA_VERSION_MINOR, LN_EVT_MAX - 1);
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t) {
        const auto& ev = kEvents[t];
        fmt::print(out, "{} [{}] {}\n", ev.name, category_name(ev.category),
                   ev.syscalls.empty() ? "(no syscall)" : "syscall " + std::string(ev.syscalls));
        for (size_t i = 0; i < ev.params.size(); ++i) {
            const auto& p = ev.params[i];
            std::string extra;
            if (p.flags)
                extra = fmt::format(" ({})", p.flags->name);
            else if (p.dirfd_index >= 0)
                extra = fmt::format(" (relative to {})", ev.params[p.dirfd_index].name);
            fmt::print(out, "  {:2} {:<20} {}{}\n", i, p.name, kParamTypes[p.type].name, extra);
        }
        fmt::print(out, "\n");
    }
}

}  // namespace lanner::app
