// Alerts as Falco prints them: the text line, the JSON object, <NA>, typed
// output fields, escaping of hostile values, extra outputs (-p,
// append_output, %container.info) and the priority threshold.
#define BOOST_TEST_MODULE output_format
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "output/alert_json.h"
#include "output/alert_text.h"
#include "output/extra_outputs.h"
#include "output/priority_threshold.h"
#include "output/text_escape.h"
#include "output_harness.h"

using namespace lanner;
using namespace lanner::test;
using output::RenderOptions;
using Json = nlohmann::json;

namespace {

std::string text(const output::Alert& a, bool iso = false) {
    RenderOptions o;
    o.time_format_iso_8601 = iso;
    return output::render_text(a, o);
}

std::string json(const output::Alert& a, RenderOptions o = {}) {
    o.json_output = true;
    return output::render_json(a, o);
}

// True when every byte is printable ASCII or part of valid UTF-8.
bool clean_utf8_without_controls(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) return false;
        const size_t n = output::utf8_sequence_length(std::string_view(s).substr(i));
        if (n == 0) return false;
        i += n;
    }
    return true;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(format, OutputFixture)

BOOST_AUTO_TEST_CASE(text_line_is_falcos) {
    reg.test->set_text("test.str", {"/etc/shadow"});
    reg.test->set_num("test.num", {static_cast<uint64_t>(-5)});
    const auto a = alert_of("File opened (file=%test.str n=%test.num user=%test.str2)");
    BOOST_TEST(text(a) ==
               "13:03:07.123456789: Warning File opened (file=/etc/shadow n=-5 user=<NA>)");
    BOOST_TEST(a.message == "File opened (file=/etc/shadow n=-5 user=<NA>)");
    BOOST_TEST(a.time_ns == kEventEpochNs);
    BOOST_TEST(a.rule == "r");
    BOOST_TEST(a.source == "syscall");
    BOOST_TEST(a.hostname == "testhost");
}

BOOST_AUTO_TEST_CASE(text_time_is_local_and_iso_is_utc) {
    const auto a = alert_of("x");
    set_tz("IST-5:30");  // a POSIX zone: no tzdata needed
    BOOST_TEST(text(a) == "18:33:07.123456789: Warning x");
    BOOST_TEST(text(a, true) == "2024-01-31T13:03:07.123456789+0000: Warning x");
    set_tz("UTC");
    BOOST_TEST(text(a) == "13:03:07.123456789: Warning x");
}

BOOST_AUTO_TEST_CASE(priorities_are_named_as_falco_names_them) {
    const std::pair<const char*, const char*> cases[] = {
        {"EMERGENCY", "Emergency"}, {"ALERT", "Alert"},     {"CRITICAL", "Critical"},
        {"ERROR", "Error"},         {"WARNING", "Warning"}, {"NOTICE", "Notice"},
        {"INFO", "Informational"},  {"debug", "Debug"}};
    for (const auto& [in, name] : cases) {
        load(rule_yaml("r", "m", in));
        const auto a = alert();
        BOOST_TEST(text(a) == std::string("13:03:07.123456789: ") + name + " m");
        BOOST_TEST(Json::parse(json(a))["priority"] == name);
    }
}

BOOST_AUTO_TEST_CASE(json_alert_is_falcos) {
    reg.test->set_text("test.str", {"/etc/shadow"});
    reg.test->set_num("test.num", {static_cast<uint64_t>(-5)});
    reg.test->set_num("test.unum", {7});
    reg.test->set_num("test.bool", {1});
    reg.test->set_ip("test.ip", "10.0.0.1");
    reg.test->set_num("test.port", {443});
    reg.test->set_text("test.list", {"a", "b"});
    const auto a = alert_of(
        "f=%test.str n=%test.num u=%test.unum b=%test.bool ip=%test.ip p=%test.port "
        "l=%test.list none=%test.str2");
    BOOST_TEST(json(a) ==
               R"({"hostname":"testhost",)"
               R"("output":"13:03:07.123456789: Warning f=/etc/shadow n=-5 u=7 b=true )"
               R"(ip=10.0.0.1 p=443 l=(a,b) none=<NA>",)"
               R"("output_fields":{"evt.time":1706706187123456789,"test.bool":true,)"
               R"("test.ip":"10.0.0.1","test.list":["a","b"],"test.num":-5,"test.port":443,)"
               R"("test.str":"/etc/shadow","test.str2":null,"test.unum":7},)"
               R"("priority":"Warning","rule":"r","source":"syscall","tags":["a_tag","b_tag"],)"
               R"("time":"2024-01-31T13:03:07.123456789Z"})");
}

BOOST_AUTO_TEST_CASE(json_properties_follow_the_options) {
    const auto a = alert_of("m %test.str");
    RenderOptions o;
    o.json_include_output_property = false;
    o.json_include_tags_property = false;
    o.json_include_message_property = true;
    o.json_include_output_fields_property = false;
    const Json j = Json::parse(json(a, o));
    BOOST_TEST(!j.contains("output"));
    BOOST_TEST(!j.contains("tags"));
    BOOST_TEST(!j.contains("output_fields"));
    BOOST_TEST(j["message"] == "m <NA>");

    RenderOptions iso;
    iso.time_format_iso_8601 = true;
    const Json k = Json::parse(json(a, iso));
    BOOST_TEST(k["output"] == "2024-01-31T13:03:07.123456789+0000: Warning m <NA>");
    BOOST_TEST(k["time"] == "2024-01-31T13:03:07.123456789Z");  // always UTC with Z
    BOOST_TEST(k["output_fields"]["evt.time.iso8601"] == kEventEpochNs);
    BOOST_TEST(!k["output_fields"].contains("evt.time"));
}

BOOST_AUTO_TEST_CASE(tags_are_a_sorted_set_in_json_and_may_be_empty) {
    load(rule_yaml("r", "m", "INFO", "[zeta, alpha, alpha, mid]"));
    BOOST_TEST(Json::parse(json(alert()))["tags"] == Json::parse(R"(["alpha","mid","zeta"])"));
    load(rule_yaml("r", "m", "INFO", "[]"));
    BOOST_TEST(Json::parse(json(alert()))["tags"] == Json::array());
}

BOOST_AUTO_TEST_CASE(lists_and_candidates_print_as_falco_prints_them) {
    reg.test->set_text("test.list", {});
    reg.test->set_text("test.any", {"first", "second"});
    const auto a = alert_of("l=%test.list any=%test.any");
    BOOST_TEST(a.message == "l=() any=first");
    const Json j = Json::parse(json(a));
    BOOST_TEST(j["output_fields"]["test.list"] == Json::array());
    BOOST_TEST(j["output_fields"]["test.any"] == "first");
}

BOOST_AUTO_TEST_CASE(arguments_and_transformers_keep_their_names) {
    reg.test->set_text("test.str", {"MiXeD"});
    reg.test->set_text("test.keyed", {"v"});
    const auto a = alert_of("%tolower(test.str) %test.keyed[HOME] %toupper(test.str2)");
    BOOST_TEST(a.message == "mixed v <NA>");
    const Json f = Json::parse(json(a))["output_fields"];
    BOOST_TEST(f["tolower(test.str)"] == "mixed");
    BOOST_TEST(f["test.keyed[HOME]"] == "v");
    BOOST_TEST(f["toupper(test.str2)"].is_null());
}

BOOST_AUTO_TEST_CASE(a_field_used_twice_is_one_output_field) {
    reg.test->set_text("test.str", {"x"});
    const auto a = alert_of("%test.str and %test.str");
    BOOST_TEST(a.message == "x and x");
    BOOST_TEST(a.fields.size() == 1u);
}

BOOST_AUTO_TEST_CASE(event_time_fields_are_numbers_in_json) {
    const auto a = alert_of("at %evt.time (%evt.rawtime)");
    const Json f = Json::parse(json(a))["output_fields"];
    BOOST_TEST(f["evt.time"].is_number_unsigned());
    BOOST_TEST(f["evt.rawtime"].is_number_unsigned());
}

BOOST_AUTO_TEST_CASE(output_is_trimmed_and_a_leading_star_dropped) {
    reg.test->set_text("test.str", {"v"});
    load(
        "- rule: r\n  desc: d\n  priority: INFO\n  condition: evt.type = openat\n"
        "  output: >\n    folded %test.str\n    text\n\n");
    BOOST_TEST(alert().message == "folded v text");
    BOOST_TEST(alert_of("*starred %test.str").message == "starred v");
}

BOOST_AUTO_TEST_CASE(hostile_values_cannot_forge_lines_or_escapes_in_text) {
    const std::string hostile =
        "/tmp/a\n12:00:00.000000000: Critical forged\r\t\x1b[31mred\x7f \"q\" \\ "
        "caf\xc3\xa9 \xff\xfe \xc2\x9b \xe2\x80\xa8 \xe2\x80\xae \xed\xa0\x80 \xc0\xaf \xe2\x82";
    reg.test->set_text("test.str", {hostile});
    const auto a = alert_of("file=%test.str");
    const std::string line = text(a);
    BOOST_TEST(line ==
               "13:03:07.123456789: Warning file=/tmp/a\\n12:00:00.000000000: Critical "
               "forged\\r\\t\\x1b[31mred\\x7f \"q\" \\ caf\xc3\xa9 \\xff\\xfe \\xc2\\x9b "
               "\\xe2\\x80\\xa8 \\xe2\\x80\\xae \\xed\\xa0\\x80 \\xc0\\xaf \\xe2\\x82");
    BOOST_TEST(clean_utf8_without_controls(line));
}

BOOST_AUTO_TEST_CASE(hostile_values_give_valid_json) {
    const std::string hostile = "a\nb\x1b[0m\"q\" \\ \xff caf\xc3\xa9 \x01";
    reg.test->set_text("test.str", {hostile});
    const auto a = alert_of("file=%test.str");
    const std::string s = json(a);
    BOOST_TEST(s.find('\n') == std::string::npos);  // one line
    BOOST_TEST(clean_utf8_without_controls(s));
    const Json j = Json::parse(s);  // throws if invalid
    // The field keeps every byte that is valid UTF-8; the invalid byte
    // becomes U+FFFD, as in Falco.
    BOOST_TEST(j["output_fields"]["test.str"] ==
               "a\nb\x1b[0m\"q\" \\ \xef\xbf\xbd caf\xc3\xa9 \x01");
    // "output" is the text line, escaped as in text output.
    BOOST_TEST(j["output"] == text(a));
}

BOOST_AUTO_TEST_CASE(any_bytes_give_clean_text_and_valid_json) {
    // Every byte value, alone and in a pseudo-random mix.
    std::string all;
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
    uint32_t seed = 12345;
    std::string mix;
    for (int i = 0; i < 4096; ++i) {
        seed = seed * 1103515245u + 12345u;
        mix += static_cast<char>(seed >> 24);
    }
    for (const std::string& v : {all, mix}) {
        reg.test->set_text("test.str", {v});
        const auto a = alert_of("v=%test.str");
        BOOST_TEST(clean_utf8_without_controls(text(a)));
        const std::string s = json(a);
        BOOST_TEST(clean_utf8_without_controls(s));
        BOOST_CHECK_NO_THROW(Json::parse(s));
    }
}

BOOST_AUTO_TEST_CASE(print_option_appends_text_to_every_rule) {
    reg.test->set_text("test.str", {"v"});
    load(rule_yaml("r", "first") + rule_yaml("r2", "second"),
         {*output::extra_output_for_print("extra=%test.str u=%test.str2")});
    BOOST_TEST(alert("r").message == "first extra=v u=<NA>");
    BOOST_TEST(alert("r2").message == "second extra=v u=<NA>");
    const Json f = Json::parse(json(alert("r")))["output_fields"];
    BOOST_TEST(f["test.str"] == "v");
    BOOST_TEST(f["test.str2"].is_null());
    BOOST_TEST(ruleset->find("r")->output == "first extra=%test.str u=%test.str2");
}

BOOST_AUTO_TEST_CASE(container_info_expands_with_and_without_pc) {
    const std::string rules =
        rule_yaml("uses", "shell %container.info here") + rule_yaml("plain", "shell");
    load(rules);
    BOOST_TEST(alert("uses").message == "shell container_id=<NA> container_name=<NA> here");
    BOOST_TEST(alert("plain").message == "shell");

    // -pc takes the placeholder's place, and is appended where there is none.
    load(rules, {*output::extra_output_for_print("c")});
    const std::string pc =
        "container_id=<NA> container_image=<NA> container_image_tag=<NA> container_name=<NA>";
    BOOST_TEST(alert("uses").message == "shell " + pc + " here");
    BOOST_TEST(alert("plain").message == "shell " + pc);

    load(rules, {*output::extra_output_for_print("kubernetes")});
    BOOST_TEST(alert("plain").message == "shell " + pc + " k8s_ns=<NA> k8s_pod_name=<NA>");
    load(rules, {*output::extra_output_for_print("cg")});
    BOOST_TEST(alert("plain").message == "shell vpid=<NA> vtid=<NA> " + pc);
}

BOOST_AUTO_TEST_CASE(append_output_selects_rules_by_source_tag_and_name) {
    rules::ExtraOutput by_tag;
    by_tag.match.tags = {"a_tag", "c_tag"};
    by_tag.format = "tagged";
    rules::ExtraOutput by_rule;
    by_rule.match.rule = "two";
    by_rule.format = "named";
    rules::ExtraOutput other_source;
    other_source.match.source = "k8s_audit";
    other_source.format = "never";
    load(rule_yaml("one", "1", "INFO", "[a_tag, c_tag]") + rule_yaml("two", "2", "INFO", "[a_tag]"),
         {by_tag, by_rule, other_source});
    BOOST_TEST(alert("one").message == "1 tagged");
    BOOST_TEST(alert("two").message == "2 named");
}

BOOST_AUTO_TEST_CASE(suggested_output_appends_container_fields) {
    load(rule_yaml("r", "m"), {output::suggested_output()});
    BOOST_TEST(alert().message ==
               "m container_id=<NA> container_name=<NA> container_image_repository=<NA> "
               "container_image_tag=<NA> k8s_pod_name=<NA> k8s_ns_name=<NA>");
}

BOOST_AUTO_TEST_CASE(extra_fields_are_json_only) {
    reg.test->set_text("test.str", {"v"});
    reg.test->set_num("test.num", {42});
    rules::ExtraOutput e;
    e.fields = {{"where", "%test.str on %test.str2", false},
                {"test.num", "test.num", true},
                {"pct", "%test.num", true}};
    const auto a = alert_of("m", {e});
    BOOST_TEST(a.message == "m");
    const Json f = Json::parse(json(a))["output_fields"];
    BOOST_TEST(f["where"] == "v on <NA>");
    BOOST_TEST(f["test.num"] == 42);
    BOOST_TEST(f["pct"] == 42);
}

BOOST_AUTO_TEST_CASE(bad_extra_outputs_fail_the_load_with_a_message) {
    rules::ExtraOutput unknown;
    unknown.format = "x=%test.nosuch";
    auto r = try_load(rule_yaml("r", "m"), {unknown});
    BOOST_TEST(!r.ok());
    BOOST_REQUIRE(!r.diagnostics.empty());
    BOOST_TEST(r.diagnostics[0].message.find("extra output 'x=%test.nosuch'") != std::string::npos);
    BOOST_TEST(r.diagnostics[0].message.find("test.nosuch") != std::string::npos);

    rules::ExtraOutput raw_text;
    raw_text.fields = {{"k", "%test.str and more", true}};
    r = try_load(rule_yaml("r", "m"), {raw_text});
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.diagnostics[0].message.find("one field") != std::string::npos);
}

// The upstream rules (read in place, when ../shared is there) take the
// extra outputs Falco users set: every syscall rule ends with them.
BOOST_AUTO_TEST_CASE(upstream_rules_take_extra_outputs) {
    const std::filesystem::path dir = std::filesystem::path(LANNER_SHARED_DIR) / "compat/rules";
    if (!std::filesystem::exists(dir / "falco_rules.yaml")) {
        BOOST_TEST_MESSAGE("skipped: no " << dir);
        return;
    }
    const rules::ExtraOutput suggested = output::suggested_output({"syscall", {}, ""});
    rules::RulesLoader loader(reg.registry);
    loader.add_extra_output(suggested).add_extra_output(*output::extra_output_for_print("k"));
    for (const char* f :
         {"falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"})
        loader.add_path(dir / f);
    const rules::LoadResult r = loader.load();
    std::string errors;
    for (const auto& d : r.diagnostics)
        if (d.severity == rules::Severity::Error) errors += d.to_string() + "\n";
    BOOST_REQUIRE_MESSAGE(r.ok(), errors);
    const std::string tail = suggested.format + " " + output::extra_output_for_print("k")->format;
    size_t n = 0;
    for (const auto& rule : r.ruleset->rules()) {
        ++n;
        BOOST_TEST(rule.output.ends_with(tail), rule.name);
        BOOST_TEST(rule.output.find('\n') == std::string::npos, rule.name);
    }
    BOOST_TEST(n > 50u);
}

BOOST_AUTO_TEST_CASE(priority_threshold) {
    load(rule_yaml("loud", "l", "CRITICAL") + rule_yaml("quiet", "q", "NOTICE") +
         rule_yaml("chatty", "c", "DEBUG"));
    output::AlertFormatter f({"h", 0, rules::Priority::Warning});
    BOOST_TEST(f.wants(rules::Priority::Critical));
    BOOST_TEST(f.wants(rules::Priority::Warning));
    BOOST_TEST(!f.wants(rules::Priority::Notice));

    BOOST_TEST(output::disable_below_priority(*ruleset, rules::Priority::Notice) == 1u);
    BOOST_TEST(matching(rules::LoadResult{ruleset, {}, {}}, rec.ev) ==
                   (std::vector<std::string>{"loud", "quiet"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(default_hostname_honours_falco_hostname) {
    setenv("FALCO_HOSTNAME", "from-env", 1);
    BOOST_TEST(output::default_hostname() == "from-env");
    output::AlertFormatter f({"", 0, rules::Priority::Debug});
    BOOST_TEST(f.options().hostname == "from-env");
    unsetenv("FALCO_HOSTNAME");
    BOOST_TEST(!output::default_hostname().empty());
}

BOOST_AUTO_TEST_SUITE_END()
