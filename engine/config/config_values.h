// The value types of the configuration that are not plain numbers and
// strings (enums, durations, sizes), with their parsing and canonical text.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "common/log.h"
#include "rules/priority.h"
#include "rules/ruleset.h"

namespace lanner::config {

// engine.kind. Falco's `modern_ebpf` (and its legacy `ebpf`) select Lanner's
// eBPF driver.
enum class EngineKind : uint8_t { Auto, Kmod, Ebpf, Replay };

// syscall_event_drops.actions.
enum class DropAction : uint8_t { Ignore, Log, Alert, Exit };

// log_level: Falco's scale, the same names as rule priorities.
enum class LogLevel : uint8_t { Emergency, Alert, Critical, Error, Warning, Notice, Info, Debug };

// How a drop-in (config_files) merges over what is loaded before it, as in
// Falco: `append` adds to top-level lists and overrides other values,
// `override` replaces lists too, `add-only` sets only keys not yet set.
enum class MergeStrategy : uint8_t { Append, Override, AddOnly };

// A size in bytes, written as a number of bytes or with a unit: "64MiB".
struct ByteSize {
    uint64_t bytes = 0;
    bool operator==(const ByteSize&) const = default;
};

// Names of an enum's values: the first name of each value is canonical (what
// rendering writes), later ones are accepted aliases. Matching ignores case.
template <class E>
struct EnumEntry {
    std::string_view name;
    E value;
};
template <class E>
struct EnumNames;  // specialised below: static std::span<const EnumEntry<E>> entries()

template <>
struct EnumNames<EngineKind> {
    static std::span<const EnumEntry<EngineKind>> entries() noexcept;
};
template <>
struct EnumNames<DropAction> {
    static std::span<const EnumEntry<DropAction>> entries() noexcept;
};
template <>
struct EnumNames<LogLevel> {
    static std::span<const EnumEntry<LogLevel>> entries() noexcept;
};
template <>
struct EnumNames<MergeStrategy> {
    static std::span<const EnumEntry<MergeStrategy>> entries() noexcept;
};
template <>
struct EnumNames<rules::Priority> {
    static std::span<const EnumEntry<rules::Priority>> entries() noexcept;
};
template <>
struct EnumNames<rules::RuleMatching> {
    static std::span<const EnumEntry<rules::RuleMatching>> entries() noexcept;
};

template <class E>
std::optional<E> parse_enum(std::string_view text) noexcept;
template <class E>
std::string_view enum_name(E value) noexcept;
// "auto, kmod, ebpf, modern_ebpf, replay": every accepted name.
template <class E>
std::string enum_choices();

// Booleans as YAML 1.1 and Falco read them: true/false, yes/no, on/off, any case.
std::optional<bool> parse_bool(std::string_view text) noexcept;

// Durations in Falco's (Prometheus's) form: one or more <number><unit> with
// units ms, s, m, h, d, w, y ("1h30m", "15s"), or a bare number of
// milliseconds ("5000"). nullopt when malformed or out of range.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) noexcept;
// The shortest form parse_duration reads back: "1h", "1m30s", "250ms", "0s".
std::string format_duration(std::chrono::milliseconds d);

// Sizes: a number of bytes, or a whole number with a unit: B; KiB, MiB,
// GiB, TiB (powers of 1024); kB/KB, MB, GB, TB (powers of 1000). Bare K, M,
// G, T are refused as ambiguous. `error` says what is wrong when nullopt.
std::optional<uint64_t> parse_size(std::string_view text, std::string* error = nullptr);
// "64MiB" when a whole number of an IEC unit, else the number of bytes.
std::string format_size(uint64_t bytes);

// The engine log level for a configured log_level (emergency and alert log
// as critical: the engine log has no level above it).
log::Level to_log_level(LogLevel l) noexcept;

}  // namespace lanner::config
