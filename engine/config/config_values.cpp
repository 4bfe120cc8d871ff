#include "config/config_values.h"

#include <strings.h>

#include <array>
#include <charconv>
#include <limits>

namespace lanner::config {
namespace {

bool equal_nocase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

constexpr EnumEntry<EngineKind> kEngineKinds[] = {
    {"auto", EngineKind::Auto},        {"kmod", EngineKind::Kmod},     {"ebpf", EngineKind::Ebpf},
    {"modern_ebpf", EngineKind::Ebpf}, {"replay", EngineKind::Replay},
};
constexpr EnumEntry<DropAction> kDropActions[] = {
    {"ignore", DropAction::Ignore},
    {"log", DropAction::Log},
    {"alert", DropAction::Alert},
    {"exit", DropAction::Exit},
};
constexpr EnumEntry<LogLevel> kLogLevels[] = {
    {"emergency", LogLevel::Emergency}, {"alert", LogLevel::Alert},
    {"critical", LogLevel::Critical},   {"error", LogLevel::Error},
    {"warning", LogLevel::Warning},     {"notice", LogLevel::Notice},
    {"info", LogLevel::Info},           {"debug", LogLevel::Debug},
    {"informational", LogLevel::Info},  {"warn", LogLevel::Warning},
};
constexpr EnumEntry<MergeStrategy> kStrategies[] = {
    {"append", MergeStrategy::Append},
    {"override", MergeStrategy::Override},
    {"add-only", MergeStrategy::AddOnly},
};
constexpr EnumEntry<rules::Priority> kPriorities[] = {
    {"emergency", rules::Priority::Emergency},
    {"alert", rules::Priority::Alert},
    {"critical", rules::Priority::Critical},
    {"error", rules::Priority::Error},
    {"warning", rules::Priority::Warning},
    {"notice", rules::Priority::Notice},
    {"info", rules::Priority::Informational},
    {"debug", rules::Priority::Debug},
    {"informational", rules::Priority::Informational},
    {"warn", rules::Priority::Warning},
};
constexpr EnumEntry<rules::RuleMatching> kMatchings[] = {
    {"first", rules::RuleMatching::First},
    {"all", rules::RuleMatching::All},
};

// Parses a whole unsigned number at the start of `text`; advances it.
bool take_number(std::string_view& text, uint64_t& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end == text.data()) return false;
    text.remove_prefix(static_cast<size_t>(end - text.data()));
    return true;
}

bool mul_overflows(uint64_t a, uint64_t b, uint64_t& out) {
    return __builtin_mul_overflow(a, b, &out);
}

}  // namespace

#define LANNER_ENUM_NAMES(Type, table)                                     \
    std::span<const EnumEntry<Type>> EnumNames<Type>::entries() noexcept { \
        return table;                                                      \
    }
LANNER_ENUM_NAMES(EngineKind, kEngineKinds)
LANNER_ENUM_NAMES(DropAction, kDropActions)
LANNER_ENUM_NAMES(LogLevel, kLogLevels)
LANNER_ENUM_NAMES(MergeStrategy, kStrategies)
LANNER_ENUM_NAMES(rules::Priority, kPriorities)
LANNER_ENUM_NAMES(rules::RuleMatching, kMatchings)
#undef LANNER_ENUM_NAMES

template <class E>
std::optional<E> parse_enum(std::string_view text) noexcept {
    for (const auto& e : EnumNames<E>::entries())
        if (equal_nocase(e.name, text)) return e.value;
    return std::nullopt;
}

template <class E>
std::string_view enum_name(E value) noexcept {
    for (const auto& e : EnumNames<E>::entries())
        if (e.value == value) return e.name;
    return "?";
}

template <class E>
std::string enum_choices() {
    std::string out;
    for (const auto& e : EnumNames<E>::entries()) {
        if (!out.empty()) out += ", ";
        out += e.name;
    }
    return out;
}

#define LANNER_ENUM_FUNCTIONS(Type)                                           \
    template std::optional<Type> parse_enum<Type>(std::string_view) noexcept; \
    template std::string_view enum_name<Type>(Type) noexcept;                 \
    template std::string enum_choices<Type>();
LANNER_ENUM_FUNCTIONS(EngineKind)
LANNER_ENUM_FUNCTIONS(DropAction)
LANNER_ENUM_FUNCTIONS(LogLevel)
LANNER_ENUM_FUNCTIONS(MergeStrategy)
LANNER_ENUM_FUNCTIONS(rules::Priority)
LANNER_ENUM_FUNCTIONS(rules::RuleMatching)
#undef LANNER_ENUM_FUNCTIONS

std::optional<bool> parse_bool(std::string_view text) noexcept {
    for (std::string_view t : {"true", "yes", "on"})
        if (equal_nocase(text, t)) return true;
    for (std::string_view f : {"false", "no", "off"})
        if (equal_nocase(text, f)) return false;
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) noexcept {
    struct Unit {
        std::string_view name;
        uint64_t ms;
    };
    // Longest names first so "ms" is not read as "m" followed by "s".
    static constexpr Unit kUnits[] = {
        {"ms", 1},         {"s", 1000},        {"m", 60'000},         {"h", 3'600'000},
        {"d", 86'400'000}, {"w", 604'800'000}, {"y", 31'536'000'000},
    };
    uint64_t total = 0;
    uint64_t n = 0;
    if (text.empty() || !take_number(text, n)) return std::nullopt;
    if (text.empty()) {  // a bare number: milliseconds, as Falco reads it
        if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
        return std::chrono::milliseconds(static_cast<int64_t>(n));
    }
    size_t last_unit = 0;  // units must come in decreasing order, each once
    for (bool first = true;; first = false) {
        if (!first && (text.empty() || !take_number(text, n))) return std::nullopt;
        const Unit* unit = nullptr;
        for (const auto& u : kUnits) {
            if (text.substr(0, u.name.size()) == u.name) {
                unit = &u;
                break;
            }
        }
        if (!unit) return std::nullopt;
        text.remove_prefix(unit->name.size());
        const size_t rank = static_cast<size_t>(unit - kUnits) + 1;
        if (last_unit && rank >= last_unit) return std::nullopt;
        last_unit = rank;
        uint64_t part = 0;
        if (mul_overflows(n, unit->ms, part) || __builtin_add_overflow(total, part, &total))
            return std::nullopt;
        if (text.empty()) break;
    }
    if (total > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return std::chrono::milliseconds(static_cast<int64_t>(total));
}

std::string format_duration(std::chrono::milliseconds d) {
    static constexpr std::pair<std::string_view, int64_t> kUnits[] = {
        {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1000}, {"ms", 1}};
    int64_t left = d.count();
    if (left <= 0) return "0s";
    std::string out;
    for (const auto& [name, ms] : kUnits) {
        if (left < ms) continue;
        out += std::to_string(left / ms);
        out += name;
        left %= ms;
    }
    return out;
}

std::optional<uint64_t> parse_size(std::string_view text, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<uint64_t> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    uint64_t n = 0;
    std::string_view rest = text;
    if (!take_number(rest, n))
        return fail("expected a size in bytes or with a unit (64MiB, 100MB), got '" +
                    std::string(text) + "'");
    struct Unit {
        std::string_view name;
        uint64_t factor;
    };
    static constexpr Unit kUnits[] = {
        {"", 1},
        {"B", 1},
        {"KiB", 1ull << 10},
        {"MiB", 1ull << 20},
        {"GiB", 1ull << 30},
        {"TiB", 1ull << 40},
        {"kB", 1000},
        {"KB", 1000},
        {"MB", 1000'000},
        {"GB", 1000'000'000},
        {"TB", 1000'000'000'000},
    };
    for (const auto& u : kUnits) {
        if (rest != u.name) continue;
        uint64_t bytes = 0;
        if (mul_overflows(n, u.factor, bytes))
            return fail("size '" + std::string(text) + "' is too large");
        return bytes;
    }
    for (std::string_view bare : {"K", "M", "G", "T", "k", "m", "g", "t"}) {
        if (rest == bare) {
            const std::string up(1, static_cast<char>(bare[0] & ~0x20));
            return fail("unit '" + std::string(bare) + "' in '" + std::string(text) +
                        "' is ambiguous: write " + up + "iB (powers of 1024) or " + up +
                        "B (powers of 1000)");
        }
    }
    return fail("unknown size unit '" + std::string(rest) + "' in '" + std::string(text) +
                "' (use B, KiB, MiB, GiB, TiB, kB, MB, GB or TB)");
}

std::string format_size(uint64_t bytes) {
    static constexpr std::pair<std::string_view, int> kUnits[] = {
        {"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}};
    if (bytes == 0) return "0";
    for (const auto& [name, shift] : kUnits) {
        const uint64_t unit = 1ull << shift;
        if (bytes % unit == 0) return std::to_string(bytes / unit) + std::string(name);
    }
    return std::to_string(bytes);
}

log::Level to_log_level(LogLevel l) noexcept {
    switch (l) {
        case LogLevel::Emergency:
        case LogLevel::Alert:
        case LogLevel::Critical:
            return log::Level::Critical;
        case LogLevel::Error:
            return log::Level::Error;
        case LogLevel::Warning:
            return log::Level::Warning;
        case LogLevel::Notice:
            return log::Level::Notice;
        case LogLevel::Info:
            return log::Level::Info;
        case LogLevel::Debug:
            return log::Level::Debug;
    }
    return log::Level::Info;
}

}  // namespace lanner::config
