// Every operator, modifier and transformer on every field type, with the
// constants and escapes they accept and the errors for what they refuse.
#define BOOST_TEST_MODULE operators
#include <boost/test/unit_test.hpp>

#include "rules_harness.h"

using namespace lanner;
using namespace lanner::test;

namespace {

struct Fixture {
    TestRegistry reg;
    Record rec{some_openat()};

    Fixture() {
        auto& t = *reg.test;
        t.set_text("test.str", {"Hello World"});
        t.set_text("test.str2", {"hello world"});
        t.set_text("test.bytes", {std::string("\x7f"
                                              "ELF\xca\xfe\xba\xbe\x00z",
                                              10)});
        t.set_num("test.num", {static_cast<uint64_t>(-5)});
        t.set_num("test.num2", {static_cast<uint64_t>(-5)});
        t.set_num("test.unum", {7});
        t.set_num("test.bool", {1});
        t.set_ip("test.ip", "10.1.2.3");
        t.set_ip("test.ip2", "10.1.2.3");
        t.set_ip("test.net", "192.168.7.9");
        t.set_num("test.port", {443});
        t.set_num("test.flags", {5});  // A|C
        t.set_text("test.list", {"a", "b"});
        t.set_text("test.any", {"x", "y"});
    }

    bool holds(const std::string& condition) {
        auto l = load(reg, one_rule(condition));
        BOOST_REQUIRE_MESSAGE(l.result.ok(), condition << "\n" << l.all_messages());
        return !matching(l.result, rec.ev).empty();
    }
    std::string error(const std::string& condition) {
        auto l = load(reg, one_rule(condition));
        BOOST_REQUIRE_MESSAGE(!l.result.ok(), condition << " compiled");
        return l.first_error();
    }
    std::string warnings(const std::string& condition) {
        auto l = load(reg, one_rule(condition));
        BOOST_REQUIRE_MESSAGE(l.result.ok(), condition << "\n" << l.all_messages());
        return l.all_messages();
    }
};

bool contains(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(operators, Fixture)

BOOST_AUTO_TEST_CASE(string_equality_and_order) {
    BOOST_TEST(holds("test.str = \"Hello World\""));
    BOOST_TEST(holds("test.str == 'Hello World'"));
    BOOST_TEST(!holds("test.str = Hello"));
    BOOST_TEST(holds("test.str != Hello"));
    // <, <=, >, >= take numbers (as Falco lexes them) and compare text.
    BOOST_TEST(holds("test.str > 5"));
    BOOST_TEST(holds("test.str >= 5"));
    BOOST_TEST(!holds("test.str < 5"));
    BOOST_TEST(!holds("test.str <= 5"));
    BOOST_TEST(contains(error("test.str > Hello"), "expected a number after '>'"));
}

BOOST_AUTO_TEST_CASE(string_substring_operators) {
    BOOST_TEST(holds("test.str contains 'o W'"));
    BOOST_TEST(!holds("test.str contains world"));
    BOOST_TEST(holds("test.str icontains WORLD"));
    BOOST_TEST(holds("test.str startswith Hell"));
    BOOST_TEST(!holds("test.str startswith hell"));
    BOOST_TEST(holds("test.str endswith rld"));
    BOOST_TEST(!holds("test.str endswith Hello"));
}

BOOST_AUTO_TEST_CASE(glob_iglob_and_regex) {
    BOOST_TEST(holds("test.str glob 'H*o W?rld'"));
    BOOST_TEST(!holds("test.str glob 'h*'"));
    BOOST_TEST(holds("test.str iglob 'h*WORLD'"));
    BOOST_TEST(holds("test.str glob '[A-Z]ello*'"));
    // regex must match the whole value.
    BOOST_TEST(holds("test.str regex 'H[a-z]+ W.*'"));
    BOOST_TEST(!holds("test.str regex 'World'"));
    BOOST_TEST(holds("test.str regex '.*World'"));
    BOOST_TEST(contains(error("test.str regex '(unclosed'"), "invalid regular expression"));
}

BOOST_AUTO_TEST_CASE(in_intersects_pmatch) {
    BOOST_TEST(holds("test.str in (a, 'Hello World', b)"));
    BOOST_TEST(!holds("test.str in (a, b)"));
    BOOST_TEST(holds("test.str intersects ('Hello World')"));
    BOOST_TEST(!holds("test.str in ()"));
    reg.test->set_text("test.str", {"/var/run/docker.sock"});
    BOOST_TEST(holds("test.str pmatch (/etc, /var/run)"));
    BOOST_TEST(!holds("test.str pmatch (/var/ru, /etc)"));
    BOOST_TEST(holds("test.str pmatch (/var/*/docker.sock)"));
    BOOST_TEST(holds("test.str pmatch (/)"));
}

BOOST_AUTO_TEST_CASE(exists_and_absent_values) {
    BOOST_TEST(holds("test.str exists"));
    BOOST_TEST(!holds("test.keyed[x] exists"));
    // An absent field makes every comparison false, also !=; not inverts it.
    BOOST_TEST(!holds("test.keyed[x] = a"));
    BOOST_TEST(!holds("test.keyed[x] != a"));
    BOOST_TEST(holds("not test.keyed[x] = a"));
    BOOST_TEST(!holds("proc.name exists"));  // pending: absent until phase 2
    BOOST_TEST(holds("not proc.name in (bash)"));
}

BOOST_AUTO_TEST_CASE(modifiers_on_string_operators) {
    BOOST_TEST(holds("test.str contains anyof (xyz, World)"));
    BOOST_TEST(!holds("test.str contains anyof (xyz, abc)"));
    BOOST_TEST(holds("test.str contains allof (Hello, World)"));
    BOOST_TEST(!holds("test.str contains allof (Hello, Moon)"));
    BOOST_TEST(holds("test.str contains oneof (Hello, Moon)"));
    BOOST_TEST(!holds("test.str contains oneof (Hello, World)"));
    BOOST_TEST(holds("test.str startswith anyof (He, Wo)"));
    BOOST_TEST(holds("test.str = oneof ('Hello World', x)"));
    BOOST_TEST(holds("test.str != allof (a, b)"));
    BOOST_TEST(holds("test.str glob anyof ('x*', '*World')"));
}

BOOST_AUTO_TEST_CASE(modifier_with_list_name_and_plain_word) {
    auto l = load(reg, "- list: words\n  items: [World, Moon]\n" +
                           one_rule("test.str endswith anyof (words) and test.str2 = anyof"));
    BOOST_REQUIRE_MESSAGE(l.result.ok(), l.all_messages());
    reg.test->set_text("test.str2", {"anyof"});
    BOOST_TEST(matching(l.result, rec.ev).size() == 1u);
    BOOST_TEST(contains(error("test.str in anyof (a)"), "expected"));
}

BOOST_AUTO_TEST_CASE(numbers) {
    BOOST_TEST(holds("test.num = -5"));
    BOOST_TEST(holds("test.num < 0"));
    BOOST_TEST(holds("test.num <= -5"));
    BOOST_TEST(!holds("test.num > -5"));
    BOOST_TEST(holds("test.num >= -5"));
    BOOST_TEST(holds("test.num != 0x5"));
    BOOST_TEST(holds("test.num in (1, -5)"));
    BOOST_TEST(holds("test.unum = 0x7"));
    BOOST_TEST(holds("test.unum > 6"));
    BOOST_TEST(holds("test.port = 443 and test.port in (80, 443)"));
    BOOST_TEST(contains(error("test.num = abc"), "'abc' is not an integer"));
    BOOST_TEST(contains(error("test.num = 1.5"), "'1.5' is not an integer"));
    BOOST_TEST(contains(error("test.unum = -1"), "'-1' is not a non-negative integer"));
    BOOST_TEST(contains(error("test.port = 70000"), "not a port"));
    BOOST_TEST(contains(error("test.num contains 5"),
                        "operator 'contains' cannot be used with 'test.num' (a int64 field)"));
    BOOST_TEST(contains(error("test.num glob '5*'"), "cannot be used"));
}

BOOST_AUTO_TEST_CASE(booleans) {
    BOOST_TEST(holds("test.bool = true"));
    BOOST_TEST(holds("test.bool != false"));
    BOOST_TEST(holds("test.bool in (true)"));
    BOOST_TEST(contains(error("test.bool = yes"), "'yes' is not a boolean"));
    BOOST_TEST(contains(error("test.bool < 1"), "cannot be used"));
}

BOOST_AUTO_TEST_CASE(addresses_and_networks) {
    BOOST_TEST(holds("test.ip = 10.1.2.3"));
    BOOST_TEST(holds("test.ip = 10.0.0.0/8"));
    BOOST_TEST(!holds("test.ip != 10.0.0.0/8"));
    BOOST_TEST(holds("test.ip in (192.168.0.0/16, 10.1.2.3)"));
    BOOST_TEST(holds("test.net = \"192.168.0.0/16\""));
    BOOST_TEST(!holds("test.net = 10.0.0.0/8"));
    BOOST_TEST(holds("test.net in (10.0.0.0/8, 192.168.7.0/24)"));
    reg.test->set_ip("test.ip", "fe80::1");
    BOOST_TEST(holds("test.ip = fe80::/10"));
    BOOST_TEST(!holds("test.ip = 10.0.0.0/8"));
    BOOST_TEST(contains(error("test.ip = 10.0.0.0/33"), "is not an IP address"));
    BOOST_TEST(contains(error("test.net = host"), "is not a network or an address"));
    BOOST_TEST(contains(error("test.ip startswith 10."), "cannot be used"));
}

BOOST_AUTO_TEST_CASE(flags_test_bits) {
    BOOST_TEST(holds("test.flags contains A"));
    BOOST_TEST(holds("test.flags contains A|C"));
    BOOST_TEST(!holds("test.flags contains B"));
    BOOST_TEST(!holds("test.flags contains A|B"));
    BOOST_TEST(holds("test.flags = 5"));
    BOOST_TEST(holds("test.flags = A|C"));
    BOOST_TEST(contains(error("test.flags contains Z"), "not a number or a flag name"));
}

BOOST_AUTO_TEST_CASE(list_fields) {
    BOOST_TEST(holds("test.list in (a, b, c)"));
    BOOST_TEST(!holds("test.list in (a, c)"));
    BOOST_TEST(holds("test.list intersects (c, b)"));
    BOOST_TEST(!holds("test.list intersects (c, d)"));
    BOOST_TEST(holds("test.list exists"));
    BOOST_TEST(contains(error("test.list = a"), "cannot be used"));
    BOOST_TEST(contains(error("test.list contains a"), "cannot be used"));
}

BOOST_AUTO_TEST_CASE(any_of_candidates) {
    BOOST_TEST(holds("test.any = y"));
    BOOST_TEST(holds("test.any != x"));  // y differs from x
    BOOST_TEST(!holds("test.any = z"));
    BOOST_TEST(holds("test.any in (z, x)"));
}

BOOST_AUTO_TEST_CASE(bytes_and_hex_constants) {
    BOOST_TEST(holds("test.bytes bcontains CAFEBABE"));
    BOOST_TEST(holds("test.bytes bcontains cafebabe"));
    BOOST_TEST(holds("test.bytes bstartswith 7F454C46"));
    BOOST_TEST(!holds("test.bytes bstartswith CAFE"));
    BOOST_TEST(holds("test.bytes contains ELF"));
    BOOST_TEST(contains(error("test.bytes bcontains XYZ"), "not hexadecimal bytes"));
    BOOST_TEST(contains(error("test.bytes bcontains CAF"), "not hexadecimal bytes"));
    BOOST_TEST(contains(error("test.str bcontains CAFE"), "cannot be used"));
    BOOST_TEST(contains(error("test.bytes icontains elf"), "cannot be used"));
}

BOOST_AUTO_TEST_CASE(transformers) {
    BOOST_TEST(holds("tolower(test.str) = 'hello world'"));
    BOOST_TEST(holds("toupper(test.str) = 'HELLO WORLD'"));
    BOOST_TEST(holds("len(test.str) = 11"));
    BOOST_TEST(holds("len(test.list) = 2"));
    BOOST_TEST(holds("tolower(toupper(test.str)) = val(test.str2)"));
    reg.test->set_text("test.str", {"/usr/bin/Python3"});
    BOOST_TEST(holds("basename(test.str) = Python3"));
    BOOST_TEST(holds("tolower(basename(test.str)) = python3"));
    reg.test->set_text("test.str", {"/usr/bin/"});
    BOOST_TEST(holds("basename(test.str) = ''"));
    reg.test->set_text("test.str", {"Y3VybCAtcyBldmls"});  // "curl -s evil"
    BOOST_TEST(holds("b64(test.str) startswith curl"));
    reg.test->set_text("test.str", {"not base64!"});
    BOOST_TEST(!holds("b64(test.str) exists"));
    BOOST_TEST(holds("join(test.list, ',') = 'a,b'"));
    BOOST_TEST(holds("join('+', test.list) = a+b"));
    BOOST_TEST(holds("concat(test.str2, ':', test.port) = 'hello world:443'"));
    BOOST_TEST(holds("concat(test.ip, '/', test.bool) = 10.1.2.3/true"));
    reg.test->set_text("test.str", {"-n -t 5 -x file"});
    BOOST_TEST(holds("getopt(test.str, 'nt:') intersects (t)"));
    BOOST_TEST(holds("getopt(test.str, 'nt:') in (n, t)"));
    BOOST_TEST(!holds("getopt(test.str, 'nt:') intersects (x)"));
    reg.test->set_text("test.str", {"-nt5 extra -z"});
    BOOST_TEST(holds("len(getopt(test.str, 'nt:z')) = 2"));
}

BOOST_AUTO_TEST_CASE(transformer_type_errors) {
    BOOST_TEST(contains(error("len(test.num) = 1"),
                        "len() applies to string, bytes or list fields, not int64"));
    BOOST_TEST(contains(error("tolower(test.ip) = x"), "tolower() applies to string fields"));
    BOOST_TEST(contains(error("concat(test.str) = x"), "concat() takes 2 to"));
    BOOST_TEST(contains(error("join(test.list) = x"), "join() takes a list field"));
    BOOST_TEST(contains(error("concat(test.any, 'x') = x"), "fields with one value"));
    BOOST_TEST(contains(error("tolower(nosuch.field) = x"), "unknown field 'nosuch.field'"));
}

BOOST_AUTO_TEST_CASE(field_to_field_comparisons) {
    BOOST_TEST(holds("test.num = val(test.num2)"));
    BOOST_TEST(holds("test.ip = val(test.ip2)"));
    BOOST_TEST(holds("test.str2 = tolower(test.str)"));
    BOOST_TEST(holds("test.str icontains val(test.str2)"));
    BOOST_TEST(holds("test.unum > val(test.num)"));  // 7 > -5, compared as signed
    // Without val() a field name on the right is just text.
    BOOST_TEST(!holds("test.str2 = test.str"));
    BOOST_TEST(contains(error("test.num = val(test.str)"),
                        "cannot compare 'test.num' (a int64 field) with 'test.str' (a string"));
    BOOST_TEST(contains(error("test.str glob val(test.str2)"), "needs a constant"));
}

BOOST_AUTO_TEST_CASE(quoting_and_escapes) {
    reg.test->set_text("test.str", {"a\"b'c\\d\te (x)"});
    BOOST_TEST(holds("test.str = \"a\\\"b'c\\\\d\\te (x)\""));
    BOOST_TEST(holds("test.str = 'a\"b\\'c\\\\d\\te (x)'"));
    BOOST_TEST(holds("test.str contains '(x)'"));
    reg.test->set_text("test.str", {"a\\b"});
    // Falco reads "\ " as a backslash.
    BOOST_TEST(holds("test.str = 'a\\ b'"));
    reg.test->set_text("test.str", {"a/b"});
    BOOST_TEST(holds("test.str = \"a\\/b\""));
    BOOST_TEST(contains(error("test.str = 'a\\qb'"), "unsupported escape sequence \\q"));
    BOOST_TEST(contains(error("test.str = \"a\\'b\""), "invalid \\' escape in a \"-quoted string"));
    BOOST_TEST(contains(error("test.str = 'unterminated"), "unterminated string"));
    // Bare words stop at blanks, parentheses, commas, '=' and quotes.
    reg.test->set_text("test.str", {"runc:[0:PARENT]"});
    BOOST_TEST(holds("test.str in (runc:[0:PARENT], x)"));
}

BOOST_AUTO_TEST_CASE(evt_arg_flags_and_raw_flags) {
    // openat with O_RDONLY|O_CLOEXEC
    BOOST_TEST(holds("evt.arg.flags contains O_CLOEXEC"));
    BOOST_TEST(!holds("evt.arg.flags contains O_TRUNC"));
    BOOST_TEST(holds("evt.arg.flags = O_RDONLY|O_CLOEXEC"));
    BOOST_TEST(holds("evt.rawarg.flags contains O_CLOEXEC"));
    BOOST_TEST(!holds("evt.rawarg.flags contains O_TRUNC"));
    BOOST_TEST(holds("evt.rawarg.flags = O_CLOEXEC"));
    BOOST_TEST(holds("evt.rawarg.flags > 0"));
    BOOST_TEST(contains(error("evt.rawarg.flags contains O_BOGUS"), "not a number or a flag"));
}

BOOST_AUTO_TEST_CASE(event_direction) {
    BOOST_TEST(holds("evt.dir = <"));
    BOOST_TEST(!holds("evt.dir = >"));
    BOOST_TEST(holds("evt.dir != >"));
    BOOST_TEST(contains(warnings("evt.dir = >"), "records only syscall exits"));
    BOOST_TEST(!contains(warnings("evt.dir = <"), "syscall exits"));
}

BOOST_AUTO_TEST_SUITE_END()
