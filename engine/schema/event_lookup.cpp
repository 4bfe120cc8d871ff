// Lookups over the generated event table (event_table.cpp).
#include <algorithm>
#include <array>
#include <unordered_map>

#include <fmt/format.h>

#include "schema/event_table.h"

namespace lanner::schema {

const EventInfo& event_info(uint16_t type) noexcept {
    return type < LN_EVT_MAX ? kEvents[type] : kEvents[LN_EVT_UNKNOWN];
}

std::optional<uint16_t> find_event(std::string_view name) noexcept {
    // Built once; the table is small and this is never on the per-event path.
    static const auto index = [] {
        std::unordered_map<std::string_view, uint16_t> m;
        for (uint16_t t = 1; t < LN_EVT_MAX; ++t) m.emplace(kEvents[t].name, t);
        return m;
    }();
    auto it = index.find(name);
    if (it == index.end()) return std::nullopt;
    return it->second;
}

int find_param(uint16_t type, std::string_view name) noexcept {
    const auto& params = event_info(type).params;
    for (size_t i = 0; i < params.size(); ++i)
        if (params[i].name == name) return static_cast<int>(i);
    return -1;
}

const FlagSet* find_flag_set(std::string_view name) noexcept {
    for (const auto& set : std::span(kFlagSets, kFlagSetCount))
        if (set.name == name) return &set;
    return nullptr;
}

std::string_view category_name(ln_category c) noexcept {
    return c < LN_CAT_MAX ? kCategoryNames[c] : kCategoryNames[LN_CAT_UNKNOWN];
}

std::string format_flags(const FlagSet& set, uint64_t value) {
    std::string out;
    append_flags(set, value, out);
    return out;
}

void append_flags(const FlagSet& set, uint64_t value, std::string& out) {
    auto out_it = std::back_inserter(out);
    if (set.is_enum) {
        for (const auto& f : set.names) {
            if (f.value == value) {
                out.append(f.name);
                return;
            }
        }
        fmt::format_to(out_it, "{}", static_cast<int64_t>(value));
        return;
    }
    const size_t start = out.size();
    // O_RDONLY is 0: name it when no access-mode bit is set.
    if (set.name == "open_flags" && (value & 3) == 0) out += "O_RDONLY";
    uint64_t rest = value;
    for (const auto& f : set.names) {
        if (f.value != 0 && (value & f.value) == f.value) {
            if (out.size() != start) out += '|';
            out.append(f.name);
            rest &= ~f.value;
        }
    }
    if (rest != 0) {
        if (out.size() != start) out += '|';
        fmt::format_to(out_it, "{:#x}", rest);
    }
    if (out.size() == start) out += '0';
}

std::optional<uint64_t> flag_value(const FlagSet& set, std::string_view symbol) noexcept {
    for (const auto& f : set.names)
        if (f.name == symbol) return f.value;
    if (set.name == "open_flags" && symbol == "O_RDONLY") return 0;
    return std::nullopt;
}

}  // namespace lanner::schema
