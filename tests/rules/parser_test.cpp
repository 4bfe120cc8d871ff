// The condition parser: tree shapes, positions, Falco's lexing of bare
// words, numbers and keywords, and where syntax errors are reported.
#define BOOST_TEST_MODULE condition_parser
#include <boost/test/unit_test.hpp>

#include "rules/condition_parser.h"

using namespace lanner::rules;
using Kind = ast::Expr::Kind;

namespace {

// A compact rendering of the tree: and(..), or(..), not(..), macro names,
// checks as "lhs op [modifier] rhs".
std::string show(const ast::Expr& e) {
    switch (e.kind) {
        case Kind::And:
        case Kind::Or: {
            std::string s = e.kind == Kind::And ? "and(" : "or(";
            for (size_t i = 0; i < e.children.size(); ++i)
                s += (i ? ", " : "") + show(e.children[i]);
            return s + ")";
        }
        case Kind::Not:
            return "not(" + show(e.children[0]) + ")";
        case Kind::Macro:
            return "@" + e.name;
        case Kind::Check: {
            const ast::Check& c = *e.check;
            std::string s = c.lhs.canonical() + " " + c.op;
            static const char* mods[] = {"", " oneof", " anyof", " allof"};
            s += mods[static_cast<int>(c.modifier)];
            switch (c.rhs) {
                case ast::Check::Rhs::None:
                    break;
                case ast::Check::Rhs::Value:
                    s += " " + std::string(c.values[0].quoted ? "'" : "") + c.values[0].text +
                         (c.values[0].quoted ? "'" : "");
                    break;
                case ast::Check::Rhs::ListName:
                    s += " $" + c.values[0].text;
                    break;
                case ast::Check::Rhs::List: {
                    s += " [";
                    for (size_t i = 0; i < c.values.size(); ++i)
                        s += (i ? "," : "") + c.values[i].text;
                    s += "]";
                    break;
                }
                case ast::Check::Rhs::Term:
                    s += " {" + c.rhs_term.canonical() + "}";
                    break;
            }
            return s;
        }
    }
    return "?";
}

std::string parsed(std::string_view text) {
    return show(parse_condition(text));
}

// "offset: message" of the syntax error.
std::string error_of(std::string_view text) {
    try {
        parse_condition(text);
    } catch (const ConditionSyntaxError& e) {
        return std::to_string(e.offset()) + ": " + e.what();
    }
    return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(precedence_and_grouping) {
    BOOST_TEST(parsed("a.b = 1 or c.d = 2 and e.f = 3") == "or(a.b = 1, and(c.d = 2, e.f = 3))");
    BOOST_TEST(parsed("(a.b = 1 or c.d = 2) and e.f = 3") == "and(or(a.b = 1, c.d = 2), e.f = 3)");
    BOOST_TEST(parsed("not a.b = 1 and not not c.d = 2") == "and(not(a.b = 1), c.d = 2)");
    BOOST_TEST(parsed("not(m1) or (m2)and(m3)") == "or(not(@m1), and(@m2, @m3))");
    // As in Falco, "or(" takes a parenthesised operand, which ends the
    // and-sequence: "or(m2)and(m3)" does not parse.
    BOOST_TEST(error_of("m1 or(m2)and(m3)").find("expected 'and', 'or' or the end") !=
               std::string::npos);
    BOOST_TEST(parsed("\n  m1\n\tand m2 ") == "and(@m1, @m2)");
}

BOOST_AUTO_TEST_CASE(operators_and_values) {
    BOOST_TEST(parsed("fd.num>=0") == "fd.num >= 0");
    BOOST_TEST(parsed("evt.dir=<") == "evt.dir = <");
    BOOST_TEST(parsed("evt.dir = >") == "evt.dir = >");
    BOOST_TEST(parsed("a.b==x") == "a.b == x");
    BOOST_TEST(parsed("a.b != 'x y'") == "a.b != 'x y'");
    BOOST_TEST(parsed("a.b contains \"(x)\"") == "a.b contains '(x)'");
    BOOST_TEST(parsed("a.b exists") == "a.b exists");
    BOOST_TEST(parsed("a.b in (x, 'y z', runc:[0:PARENT])") == "a.b in [x,y z,runc:[0:PARENT]]");
    BOOST_TEST(parsed("a.b in()") == "a.b in []");
    BOOST_TEST(parsed("a.b in shells") == "a.b in $shells");
    BOOST_TEST(parsed("a.b intersects (x)") == "a.b intersects [x]");
    BOOST_TEST(parsed("a.b pmatch (/etc, /var/run)") == "a.b pmatch [/etc,/var/run]");
    BOOST_TEST(parsed("a.b < -5") == "a.b < -5");
    BOOST_TEST(parsed("a.b > 0x1F") == "a.b > 0x1F");
    BOOST_TEST(parsed("a.b <= 1.5e+3") == "a.b <= 1.5e+3");
    BOOST_TEST(parsed("a.b regex '^x[0-9]+$'") == "a.b regex '^x[0-9]+$'");
    BOOST_TEST(parsed("a.b startswith /tmp/") == "a.b startswith /tmp/");
}

BOOST_AUTO_TEST_CASE(fields_and_arguments) {
    BOOST_TEST(parsed("proc.aname[2] = x") == "proc.aname[2] = x");
    BOOST_TEST(parsed("evt.arg.flags contains O_TRUNC") == "evt.arg.flags contains O_TRUNC");
    BOOST_TEST(parsed("evt.arg[1] = x") == "evt.arg[1] = x");
    BOOST_TEST(parsed("proc.env[HOME] = /root") == "proc.env[HOME] = /root");
    BOOST_TEST(parsed("container.mount.dest[/proc*] exists") ==
               "container.mount.dest[/proc*] exists");
    BOOST_TEST(parsed("a.b['with space'] exists") == "a.b[with space] exists");
}

BOOST_AUTO_TEST_CASE(transformers_val_and_modifiers) {
    BOOST_TEST(parsed("tolower(proc.name) = bash") == "tolower(proc.name) = bash");
    BOOST_TEST(parsed("tolower( basename(proc.exepath) ) = bash") ==
               "tolower(basename(proc.exepath)) = bash");
    BOOST_TEST(parsed("proc.name = val(proc.pname)") == "proc.name = {proc.pname}");
    BOOST_TEST(parsed("proc.name = toupper(proc.pname)") == "proc.name = {toupper(proc.pname)}");
    BOOST_TEST(parsed("concat(fd.rip, ':', fd.rport) in (\"8.8.8.8:53\")") ==
               "concat(fd.rip, \":\", fd.rport) in [8.8.8.8:53]");
    BOOST_TEST(parsed("join(proc.env, ';') exists") == "join(proc.env, \";\") exists");
    BOOST_TEST(parsed("proc.cmdline contains anyof (curl, wget)") ==
               "proc.cmdline contains anyof [curl,wget]");
    BOOST_TEST(parsed("a.b = oneof(x)") == "a.b = oneof [x]");
    BOOST_TEST(parsed("a.b startswith allof tools") == "a.b startswith allof $tools");
    // Not followed by a list, the word is the value.
    BOOST_TEST(parsed("a.b = anyof") == "a.b = anyof");
    BOOST_TEST(parsed("a.b = anyof and c.d = 1") == "and(a.b = anyof, c.d = 1)");
}

BOOST_AUTO_TEST_CASE(keywords_need_boundaries) {
    BOOST_TEST(parsed("notify") == "@notify");
    BOOST_TEST(parsed("a.b = 1 and order_macro") == "and(a.b = 1, @order_macro)");
    BOOST_TEST(parsed("a.b in (x) and inside") == "and(a.b in [x], @inside)");
    BOOST_TEST(error_of("a.b = 1 andx") == "11: expected a blank or '(' after 'and'");
    BOOST_TEST(error_of("a.b inx").find("expected an operator") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(positions) {
    ast::Expr e = parse_condition("evt.type = open and\n  proc.name in (a, b)");
    BOOST_REQUIRE(e.kind == Kind::And);
    const ast::Check& c = *e.children[1].check;
    BOOST_TEST(e.children[1].pos == 22u);
    BOOST_TEST(c.lhs.pos == 22u);
    BOOST_TEST(c.op_pos == 32u);
    BOOST_TEST(c.values[0].pos == 36u);
    BOOST_TEST(c.values[1].pos == 39u);
}

BOOST_AUTO_TEST_CASE(syntax_errors_and_their_offsets) {
    BOOST_TEST(error_of("") == "0: the condition is empty");
    BOOST_TEST(error_of("  ") == "0: the condition is empty");
    BOOST_TEST(error_of("(a.b = 1") == "8: missing ')' for the '(' at offset 0");
    BOOST_TEST(error_of("a.b = 1)") ==
               "7: unexpected ')': expected 'and', 'or' or the end of the condition");
    BOOST_TEST(error_of("a.b = 1 and") == "11: expected a blank or '(' after 'and'");
    BOOST_TEST(error_of("a.b = 1 and ") ==
               "12: the condition ends where a check, a macro or '(' was expected");
    BOOST_TEST(error_of("a.b") == "3: the condition ends after 'a.b': expected an operator");
    BOOST_TEST(error_of("a.b = ") == "6: expected a value after '=' but found 'end of condition'");
    BOOST_TEST(error_of("a.b < x") == "6: expected a number after '<' but found 'x'");
    BOOST_TEST(error_of("a.b in (x, ") == "11: expected a list item but found 'end of condition'");
    BOOST_TEST(error_of("a.b in (x y)") == "10: expected ',' or ')' in the list but found 'y)'");
    BOOST_TEST(error_of("a.b = 'x") == "6: unterminated string starting '");
    BOOST_TEST(error_of("a.b = \"\\q\"") == "6: unsupported escape sequence \\q");
    BOOST_TEST(error_of("tolower(1) = x") ==
               "8: expected a field or a transformer inside tolower()");
    BOOST_TEST(error_of("tolower(a.b = x") == "12: expected ')' to close tolower()");
    BOOST_TEST(error_of("a.b = val(x)") == "10: expected a field inside val()");
    BOOST_TEST(error_of("a.b[1 = x") == "5: expected ']' after the field argument");
    BOOST_TEST(error_of("= x") == "0: expected a field check, a macro name or '(' but found '= x'");
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_bounded) {
    std::string deep(2000, '(');
    deep += "a.b = 1";
    deep += std::string(2000, ')');
    BOOST_TEST(error_of(deep).find("nests deeper than 1000 levels") != std::string::npos);
    std::string ok(100, '(');
    ok += "a.b = 1" + std::string(100, ')');
    BOOST_TEST(parsed(ok) == "a.b = 1");
}

BOOST_AUTO_TEST_CASE(output_terms) {
    const std::string out = "cmd=%proc.cmdline file=%fd.name[0] %tolower(user.name)!";
    size_t pos = 5;
    ast::Term t;
    BOOST_TEST(parse_term(out, pos, t));
    BOOST_TEST(t.canonical() == "proc.cmdline");
    BOOST_TEST(pos == 17u);
    pos = 24;
    BOOST_TEST(parse_term(out, pos, t));
    BOOST_TEST(t.canonical() == "fd.name[0]");
    pos = 36;
    BOOST_TEST(parse_term(out, pos, t));
    BOOST_TEST(t.canonical() == "tolower(user.name)");
    BOOST_TEST(out.substr(pos) == "!");
    pos = 0;
    BOOST_TEST(!parse_term(out, pos, t));
}
