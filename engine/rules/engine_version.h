// The Falco rules-language version Lanner implements.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lanner::rules {

struct EngineVersion {
    uint32_t major = 0, minor = 0, patch = 0;

    // "0.57.0", or a bare integer N meaning 0.N.0 (the form rules files
    // used before Falco's engine versions became semver).
    static std::optional<EngineVersion> parse(std::string_view text);
    std::string to_string() const;
    auto operator<=>(const EngineVersion&) const = default;
};

// Lanner reads the rules language of Falco engine 0.57.0: the version the
// upstream rules files of the compatibility corpus require (falco_rules,
// incubating and sandbox), whose fields, operators, transformers and
// override/append semantics are what Lanner implements. Newer rules files
// may use syntax Lanner does not have, so they are refused.
inline constexpr EngineVersion kEngineVersion{0, 57, 0};

}  // namespace lanner::rules
