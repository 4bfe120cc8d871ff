// Durations, sizes, booleans, enum names, rule-name wildcards and the
// ring-size presets: the value forms the configuration accepts.
#define BOOST_TEST_MODULE config_values
#include <boost/test/unit_test.hpp>

#include "config/config.h"
#include "config/config_keys.h"
#include "config/config_values.h"
#include "config/rule_selection.h"

using namespace lanner::config;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

BOOST_AUTO_TEST_CASE(durations_in_falco_form) {
    BOOST_TEST(parse_duration("15s").value() == milliseconds(15s));
    BOOST_TEST(parse_duration("1m").value() == milliseconds(1min));
    BOOST_TEST(parse_duration("1h30m20s10ms").value() == milliseconds(1h + 30min + 20s + 10ms));
    BOOST_TEST(parse_duration("250ms").value() == 250ms);
    BOOST_TEST(parse_duration("2d").value() == milliseconds(48h));
    BOOST_TEST(parse_duration("1w").value() == milliseconds(7 * 24h));
    BOOST_TEST(parse_duration("1y").value() == milliseconds(365 * 24h));
    BOOST_TEST(parse_duration("5000").value() == 5000ms);  // a bare number is milliseconds
    for (const char* bad : {"", "s", "1 s", "1.5s", "-1s", "1x", "1s1m", "1m1m", "1ms5s", "1h 30m",
                            "99999999999999999999y", "ms"})
        BOOST_TEST(!parse_duration(bad).has_value(), "accepted '" << bad << "'");
}

BOOST_AUTO_TEST_CASE(durations_format_back_to_themselves) {
    for (auto d : {milliseconds(1h), milliseconds(15s), milliseconds(90s), 250ms,
                   milliseconds(1h + 30min + 20s + 10ms), milliseconds(49h)}) {
        const std::string text = format_duration(d);
        BOOST_TEST(parse_duration(text).value() == d, text);
    }
    BOOST_TEST(format_duration(milliseconds(1h)) == "1h");
    BOOST_TEST(format_duration(90s) == "1m30s");
}

BOOST_AUTO_TEST_CASE(sizes_with_units) {
    BOOST_TEST(parse_size("1048576").value() == 1048576u);
    BOOST_TEST(parse_size("64MiB").value() == 64ull << 20);
    BOOST_TEST(parse_size("2GiB").value() == 2ull << 30);
    BOOST_TEST(parse_size("1KiB").value() == 1024u);
    BOOST_TEST(parse_size("100MB").value() == 100'000'000u);
    BOOST_TEST(parse_size("3kB").value() == 3000u);
    BOOST_TEST(parse_size("512B").value() == 512u);
    std::string why;
    BOOST_TEST(!parse_size("64M", &why));
    BOOST_TEST(why ==
               "unit 'M' in '64M' is ambiguous: write MiB (powers of 1024) or MB "
               "(powers of 1000)");
    BOOST_TEST(!parse_size("lots", &why));
    BOOST_TEST(!parse_size("1.5GiB", &why));
    BOOST_TEST(!parse_size("64 MiB", &why));
    BOOST_TEST(!parse_size("99999999999TiB", &why));
    BOOST_TEST(why == "size '99999999999TiB' is too large");
    BOOST_TEST(format_size(64ull << 20) == "64MiB");
    BOOST_TEST(format_size(1000) == "1000");
    BOOST_TEST(format_size(3ull << 30) == "3GiB");
}

BOOST_AUTO_TEST_CASE(booleans_as_yaml_reads_them) {
    for (const char* t : {"true", "True", "TRUE", "yes", "on"}) BOOST_TEST(parse_bool(t).value());
    for (const char* f : {"false", "no", "Off"}) BOOST_TEST(!parse_bool(f).value());
    for (const char* bad : {"maybe", "1", "0", "", "y"}) BOOST_TEST(!parse_bool(bad).has_value());
}

BOOST_AUTO_TEST_CASE(enum_names_and_aliases) {
    BOOST_TEST((parse_enum<EngineKind>("modern_ebpf") == EngineKind::Ebpf));
    BOOST_TEST((parse_enum<EngineKind>("KMOD") == EngineKind::Kmod));
    BOOST_TEST(!parse_enum<EngineKind>("gvisor").has_value());
    BOOST_TEST(enum_name(EngineKind::Ebpf) == "ebpf");
    BOOST_TEST((parse_enum<LogLevel>("warn") == LogLevel::Warning));
    BOOST_TEST((parse_enum<lanner::rules::Priority>("informational") ==
                lanner::rules::Priority::Informational));
    BOOST_TEST(enum_name(lanner::rules::Priority::Informational) == "info");
    BOOST_TEST((parse_enum<MergeStrategy>("add-only") == MergeStrategy::AddOnly));
    BOOST_TEST((to_log_level(LogLevel::Alert) == lanner::log::Level::Critical));
}

BOOST_AUTO_TEST_CASE(rule_name_wildcards_are_falcos) {
    BOOST_TEST(wildcard_match("*", ""));
    BOOST_TEST(wildcard_match("*", "anything at all"));
    BOOST_TEST(wildcard_match("Write below *", "Write below etc"));
    BOOST_TEST(!wildcard_match("Write below *", "Write  below etc"));
    BOOST_TEST(wildcard_match("*shell*", "Terminal shell in container"));
    BOOST_TEST(wildcard_match("a*b*c", "aXXbYYc"));
    BOOST_TEST(!wildcard_match("a*b*c", "aXXbYY"));
    BOOST_TEST(wildcard_match("Exact name", "Exact name"));
    BOOST_TEST(!wildcard_match("Exact name", "Exact name!"));
    // Only '*' is special: '?' and '[' are plain characters, as in Falco.
    BOOST_TEST(wildcard_match("Is this [bad]?", "Is this [bad]?"));
    BOOST_TEST(!wildcard_match("Is this ?", "Is this x"));
    BOOST_TEST(wildcard_match("**x", "abcx"));
}

BOOST_AUTO_TEST_CASE(buffer_presets_map_to_ring_bytes) {
    BOOST_TEST(ring_bytes_for_preset(1) == 1u << 20);
    BOOST_TEST(ring_bytes_for_preset(4) == 8u << 20);  // Falco's default preset
    BOOST_TEST(ring_bytes_for_preset(10) == 512u << 20);
    Engine e;
    e.kmod.buf_size_preset = 5;
    BOOST_TEST(e.ring_bytes_per_cpu(EngineKind::Kmod) == 16u << 20);
    BOOST_TEST(e.ring_bytes_per_cpu(EngineKind::Ebpf) == 2u << 20);  // its own default, preset 2
}

BOOST_AUTO_TEST_CASE(throttle_overrides_by_rule_name) {
    Throttle t;
    t.rate = 2;
    t.burst = 50;
    t.rules = {{"Read sensitive*", 0.5, std::nullopt}, {"*", std::nullopt, 7}};
    BOOST_TEST(throttle_for(t, "Read sensitive file untrusted").rate == 0.5);
    BOOST_TEST(throttle_for(t, "Read sensitive file untrusted").burst == 50u);
    BOOST_TEST(throttle_for(t, "Other").rate == 2.0);
    BOOST_TEST(throttle_for(t, "Other").burst == 7u);
}

BOOST_AUTO_TEST_CASE(suggestions_for_near_misses) {
    const std::string_view keys[] = {"listen_port", "listen_address", "enabled"};
    BOOST_TEST(closest("listen_prot", keys) == "listen_port");
    BOOST_TEST(closest("enabeld", keys) == "enabled");
    BOOST_TEST(closest("colour", keys).empty());
    BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
    BOOST_TEST(edit_distance("ab", "ba") == 1u);
}

BOOST_AUTO_TEST_CASE(key_listing_covers_sections) {
    const auto& keys = config_keys();
    auto has = [&](const char* k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
    BOOST_TEST(has("engine.kind"));
    BOOST_TEST(has("engine.modern_ebpf.cpus_for_each_buffer"));
    BOOST_TEST(has("http_output.spool.max_size"));
    BOOST_TEST(has("rules"));
    BOOST_TEST(has("throttle.rules"));
    BOOST_TEST(!has("engine"));  // a section, not a key
}
