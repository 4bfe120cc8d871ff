#include "rules/condition_parser.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

#include "rules/string_escape.h"

namespace lanner::rules {
namespace {

constexpr uint32_t kMaxDepth = 1000;

constexpr std::array<std::string_view, 8> kTransformers = {
    "tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"};
constexpr std::array<std::string_view, 4> kNumOps = {"<=", "<", ">=", ">"};
// Word operators must be followed by a blank; the symbols need not.
constexpr std::array<std::string_view, 3> kSymbolStrOps = {"==", "=", "!="};
constexpr std::array<std::string_view, 9> kWordStrOps = {"glob",        "iglob",     "contains",
                                                         "icontains",   "bcontains", "startswith",
                                                         "bstartswith", "endswith",  "regex"};
constexpr std::array<std::string_view, 3> kListOps = {"intersects", "in", "pmatch"};

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n';
}
bool is_alpha(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::string quote_literal(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

class Parser {
  public:
    explicit Parser(std::string_view text) : s_(text) {}

    ast::Expr parse_all() {
        if (s_.find_first_not_of(" \t\b\r\n") == std::string_view::npos)
            fail("the condition is empty");
        ast::Expr e = parse_or();
        blank();
        if (i_ != s_.size())
            fail(fmt::format("unexpected '{}': expected 'and', 'or' or the end of the condition",
                             excerpt()));
        return e;
    }

    bool term_at(size_t& pos, ast::Term& out) {
        i_ = pos;
        if (!lex_term(out)) return false;
        pos = i_;
        return true;
    }

  private:
    // --- lexing -------------------------------------------------------------
    [[noreturn]] void fail(const std::string& message) const {
        throw ConditionSyntaxError(static_cast<uint32_t>(i_), message);
    }
    [[noreturn]] void fail_at(size_t at, const std::string& message) const {
        throw ConditionSyntaxError(static_cast<uint32_t>(at), message);
    }

    char peek(size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
    bool at_end() const { return i_ >= s_.size(); }

    // A few characters from the cursor, for messages.
    std::string excerpt() const {
        if (at_end()) return "end of condition";
        std::string_view rest = s_.substr(i_, 20);
        const size_t nl = rest.find('\n');
        return std::string(rest.substr(0, nl));
    }

    bool blank() {
        const size_t start = i_;
        while (!at_end() && is_blank(s_[i_])) ++i_;
        return i_ != start;
    }

    bool literal(std::string_view word) {
        if (s_.substr(i_).starts_with(word)) {
            i_ += word.size();
            return true;
        }
        return false;
    }

    // A keyword followed by something that cannot continue a word.
    bool keyword(std::string_view word) {
        if (!s_.substr(i_).starts_with(word)) return false;
        if (is_word(peek(word.size()))) return false;
        i_ += word.size();
        return true;
    }

    bool lex_identifier(std::string& out) {
        if (!is_alpha(peek())) return false;
        size_t j = i_;
        while (j < s_.size() && is_word(s_[j])) ++j;
        out.assign(s_.substr(i_, j - i_));
        i_ = j;
        return true;
    }

    // [a-zA-Z][a-zA-Z0-9_]* ( "." [a-zA-Z][a-zA-Z0-9_]* )+
    bool lex_field_name(std::string& out) {
        if (!is_alpha(peek())) return false;
        size_t j = i_;
        while (j < s_.size() && is_word(s_[j])) ++j;
        size_t segments = 0;
        while (j + 1 < s_.size() && s_[j] == '.' && is_alpha(s_[j + 1])) {
            ++j;
            while (j < s_.size() && is_word(s_[j])) ++j;
            ++segments;
        }
        if (segments == 0) return false;
        out.assign(s_.substr(i_, j - i_));
        i_ = j;
        return true;
    }

    bool lex_quoted(std::string& out) {
        const char quote = peek();
        if (quote != '"' && quote != '\'') return false;
        const size_t start = i_;
        size_t j = i_ + 1;
        while (j < s_.size() && s_[j] != quote) j += s_[j] == '\\' ? 2 : 1;
        if (j >= s_.size()) fail_at(start, fmt::format("unterminated string starting {}", quote));
        std::string error;
        if (!unescape_quoted(s_.substr(start + 1, j - start - 1), quote, out, error))
            fail_at(start, error);
        i_ = j + 1;
        return true;
    }

    // Falco's bare string: anything but blanks, quotes, parentheses, ',' and '='.
    bool lex_bare(std::string& out) {
        size_t j = i_;
        while (j < s_.size() && !is_blank(s_[j]) && s_[j] != '(' && s_[j] != ')' && s_[j] != ',' &&
               s_[j] != '=' && s_[j] != '"' && s_[j] != '\'')
            ++j;
        if (j == i_) return false;
        out.assign(s_.substr(i_, j - i_));
        i_ = j;
        return true;
    }

    // Field argument: anything but blanks, brackets and quotes (or quoted).
    bool lex_field_arg(std::string& out) {
        if (lex_quoted(out)) return true;
        size_t j = i_;
        while (j < s_.size() && !is_blank(s_[j]) && s_[j] != '[' && s_[j] != ']' && s_[j] != '"' &&
               s_[j] != '\'')
            ++j;
        if (j == i_) return false;
        out.assign(s_.substr(i_, j - i_));
        i_ = j;
        return true;
    }

    // 0x1F, or [+-]digits[.digits][e[+-]digits], as Falco lexes numbers.
    bool lex_number(std::string& out) {
        auto digit = [&](size_t k) { return std::isdigit(static_cast<unsigned char>(peek(k))); };
        auto alnum = [&](size_t k) { return std::isalnum(static_cast<unsigned char>(peek(k))); };
        const size_t start = i_;
        if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X') && alnum(2)) {
            i_ += 2;
            while (alnum(0)) ++i_;
        } else {
            if (peek() == '+' || peek() == '-') ++i_;
            if (!digit(0)) {
                i_ = start;
                return false;
            }
            while (digit(0)) ++i_;
            if (peek() == '.') {
                ++i_;
                while (digit(0)) ++i_;
            }
            if ((peek() == 'e' || peek() == 'E') && (peek(1) == '+' || peek(1) == '-') &&
                digit(2)) {
                i_ += 2;
                while (digit(0)) ++i_;
            }
        }
        out.assign(s_.substr(start, i_ - start));
        return true;
    }

    // "tolower(" ...: returns the transformer name, cursor after '('.
    bool lex_transformer(std::string& name) {
        for (auto t : kTransformers) {
            if (s_.substr(i_).starts_with(t) && peek(t.size()) == '(') {
                name = t;
                i_ += t.size() + 1;
                return true;
            }
        }
        return false;
    }

    // --- grammar ------------------------------------------------------------
    struct DepthGuard {
        explicit DepthGuard(Parser& p) : p_(p) {
            if (++p_.depth_ >= kMaxDepth)
                p_.fail(fmt::format("the condition nests deeper than {} levels", kMaxDepth));
        }
        ~DepthGuard() { --p_.depth_; }
        Parser& p_;
    };

    ast::Expr combine(ast::Expr::Kind kind, std::vector<ast::Expr> children, uint32_t pos) {
        if (children.size() == 1) return std::move(children[0]);
        ast::Expr e;
        e.kind = kind;
        e.children = std::move(children);
        e.pos = pos;
        return e;
    }

    // Parses the operand after "and"/"or": a blank then an operand, or '('.
    ast::Expr parse_after_connective(std::string_view word, bool is_or) {
        if (blank()) return is_or ? parse_and() : parse_not();
        if (literal("(")) return parse_embedded();
        fail(fmt::format("expected a blank or '(' after '{}'", word));
    }

    ast::Expr parse_or() {
        DepthGuard g(*this);
        blank();
        const auto pos = static_cast<uint32_t>(i_);
        std::vector<ast::Expr> children;
        children.push_back(parse_and());
        blank();
        while (literal("or")) {
            children.push_back(parse_after_connective("or", true));
            blank();
        }
        return combine(ast::Expr::Kind::Or, std::move(children), pos);
    }

    ast::Expr parse_and() {
        DepthGuard g(*this);
        blank();
        const auto pos = static_cast<uint32_t>(i_);
        std::vector<ast::Expr> children;
        children.push_back(parse_not());
        blank();
        while (literal("and")) {
            children.push_back(parse_after_connective("and", false));
            blank();
        }
        return combine(ast::Expr::Kind::And, std::move(children), pos);
    }

    ast::Expr parse_not() {
        DepthGuard g(*this);
        blank();
        const auto pos = static_cast<uint32_t>(i_);
        bool negate = false;
        for (;;) {
            if (s_.substr(i_).starts_with("not") && is_blank(peek(3))) {
                i_ += 3;
                blank();
                negate = !negate;
                continue;
            }
            break;
        }
        ast::Expr child;
        if (literal("not(")) {
            negate = !negate;
            child = parse_embedded();
        } else {
            child = parse_check();
        }
        if (!negate) return child;
        ast::Expr e;
        e.kind = ast::Expr::Kind::Not;
        e.pos = pos;
        e.children.push_back(std::move(child));
        return e;
    }

    // After '(': an expression and the closing ')'.
    ast::Expr parse_embedded() {
        DepthGuard g(*this);
        const size_t open = i_ - 1;
        ast::Expr e = parse_or();
        blank();
        if (!literal(")"))
            fail(at_end() ? fmt::format("missing ')' for the '(' at offset {}", open)
                          : fmt::format("expected ')' but found '{}'", excerpt()));
        return e;
    }

    ast::Expr parse_check() {
        DepthGuard g(*this);
        blank();
        const auto pos = static_cast<uint32_t>(i_);
        if (literal("(")) return parse_embedded();
        ast::Term lhs;
        if (lex_term(lhs)) {
            ast::Expr e;
            e.kind = ast::Expr::Kind::Check;
            e.pos = pos;
            e.check = std::make_unique<ast::Check>();
            e.check->lhs = std::move(lhs);
            parse_condition_rest(*e.check);
            return e;
        }
        std::string name;
        if (lex_identifier(name)) {
            ast::Expr e;
            e.kind = ast::Expr::Kind::Macro;
            e.name = std::move(name);
            e.pos = pos;
            return e;
        }
        if (at_end()) fail("the condition ends where a check, a macro or '(' was expected");
        fail(fmt::format("expected a field check, a macro name or '(' but found '{}'", excerpt()));
    }

    // field [ "[" arg "]" ] or transformer(...).
    bool lex_term(ast::Term& out) {
        const size_t start = i_;
        std::string name;
        if (lex_transformer(name)) {
            out.kind = ast::Term::Kind::Transformer;
            out.name = std::move(name);
            out.pos = static_cast<uint32_t>(start);
            parse_transformer_args(out);
            return true;
        }
        if (!lex_field_name(name)) return false;
        out.kind = ast::Term::Kind::Field;
        out.name = std::move(name);
        out.pos = static_cast<uint32_t>(start);
        if (literal("[")) {
            std::string arg;
            if (!lex_field_arg(arg)) fail("expected a field argument after '['");
            if (!literal("]")) fail("expected ']' after the field argument");
            out.arg = std::move(arg);
        }
        return true;
    }

    // Cursor after "name(": arguments, then ')'.
    void parse_transformer_args(ast::Term& t) {
        DepthGuard g(*this);
        blank();
        const bool multi = t.name == "join" || t.name == "concat" || t.name == "getopt";
        do {
            blank();
            ast::Term arg;
            const size_t at = i_;
            if (lex_term(arg)) {
                t.args.push_back(std::move(arg));
            } else if (std::string lit; multi && (lex_quoted(lit) || lex_bare(lit))) {
                arg.kind = ast::Term::Kind::Literal;
                arg.literal = std::move(lit);
                arg.pos = static_cast<uint32_t>(at);
                t.args.push_back(std::move(arg));
            } else {
                fail(fmt::format("expected a field or a transformer inside {}()", t.name));
            }
            blank();
        } while (multi && literal(","));
        if (!literal(")")) fail(fmt::format("expected ')' to close {}()", t.name));
    }

    bool lex_operator(std::string& op) {
        for (auto o : kNumOps)
            if (literal(o)) return op = o, true;
        for (auto o : kSymbolStrOps)
            if (literal(o)) return op = o, true;
        for (auto o : kWordStrOps)
            if (s_.substr(i_).starts_with(o) && is_blank(peek(o.size()))) {
                i_ += o.size();
                return op = o, true;
            }
        for (auto o : kListOps)
            if (keyword(o)) return op = o, true;
        return false;
    }

    static bool is_num_op(std::string_view op) {
        return op == "<" || op == "<=" || op == ">" || op == ">=";
    }
    static bool is_list_op(std::string_view op) {
        return op == "in" || op == "intersects" || op == "pmatch";
    }

    void parse_condition_rest(ast::Check& c) {
        blank();
        c.op_pos = static_cast<uint32_t>(i_);
        if (keyword("exists")) {
            c.op = "exists";
            return;
        }
        if (!lex_operator(c.op))
            fail(at_end() ? fmt::format("the condition ends after '{}': expected an operator",
                                        c.lhs.canonical())
                          : fmt::format("expected an operator after '{}' (=, !=, <, <=, >, >=, "
                                        "contains, icontains, bcontains, startswith, bstartswith, "
                                        "endswith, glob, iglob, regex, in, intersects, pmatch, "
                                        "exists) but found '{}'",
                                        c.lhs.canonical(), excerpt()));
        blank();
        c.rhs_pos = static_cast<uint32_t>(i_);
        if (is_list_op(c.op)) return parse_list_value(c);
        if (!is_num_op(c.op) && parse_modifier(c)) return;
        if (parse_value_term(c)) return;
        ast::Value v;
        v.pos = static_cast<uint32_t>(i_);
        if (is_num_op(c.op)) {
            if (!lex_number(v.text))
                fail(fmt::format("expected a number after '{}' but found '{}'", c.op, excerpt()));
        } else if (lex_quoted(v.text)) {
            v.quoted = true;
        } else if (!lex_bare(v.text)) {
            fail(fmt::format("expected a value after '{}' but found '{}'", c.op, excerpt()));
        }
        c.rhs = ast::Check::Rhs::Value;
        c.values.push_back(std::move(v));
    }

    // oneof/anyof/allof followed by a list.
    bool parse_modifier(ast::Check& c) {
        static constexpr std::array<std::pair<std::string_view, ast::Modifier>, 3> kModifiers = {
            {{"oneof", ast::Modifier::OneOf},
             {"anyof", ast::Modifier::AnyOf},
             {"allof", ast::Modifier::AllOf}}};
        for (const auto& [word, mod] : kModifiers) {
            if (!s_.substr(i_).starts_with(word) || is_word(peek(word.size()))) continue;
            const size_t save = i_;
            i_ += word.size();
            blank();
            std::string ident;
            const size_t before = i_;
            const bool list_follows =
                peek() == '(' || (lex_identifier(ident) && ident != "and" && ident != "or");
            i_ = before;
            if (!list_follows) {  // the word is the value itself
                i_ = save;
                return false;
            }
            c.modifier = mod;
            c.rhs_pos = static_cast<uint32_t>(i_);
            parse_list_value(c);
            return true;
        }
        return false;
    }

    // val(field) or a transformer on the value side.
    bool parse_value_term(ast::Check& c) {
        const size_t start = i_;
        if (literal("val(")) {
            blank();
            ast::Term t;
            const size_t field_at = i_;
            std::string name;
            if (!lex_field_name(name)) fail("expected a field inside val()");
            t.kind = ast::Term::Kind::Field;
            t.name = std::move(name);
            t.pos = static_cast<uint32_t>(field_at);
            if (literal("[")) {
                std::string arg;
                if (!lex_field_arg(arg)) fail("expected a field argument after '['");
                if (!literal("]")) fail("expected ']' after the field argument");
                t.arg = std::move(arg);
            }
            blank();
            if (!literal(")")) fail("expected ')' to close val()");
            c.rhs = ast::Check::Rhs::Term;
            c.rhs_term = std::move(t);
            c.rhs_pos = static_cast<uint32_t>(start);
            return true;
        }
        std::string name;
        if (lex_transformer(name)) {
            ast::Term t;
            t.kind = ast::Term::Kind::Transformer;
            t.name = std::move(name);
            t.pos = static_cast<uint32_t>(start);
            parse_transformer_args(t);
            c.rhs = ast::Check::Rhs::Term;
            c.rhs_term = std::move(t);
            return true;
        }
        return false;
    }

    void parse_list_value(ast::Check& c) {
        c.rhs_pos = static_cast<uint32_t>(i_);
        if (literal("(")) {
            c.rhs = ast::Check::Rhs::List;
            blank();
            if (literal(")")) return;
            do {
                blank();
                ast::Value v;
                v.pos = static_cast<uint32_t>(i_);
                if (lex_quoted(v.text))
                    v.quoted = true;
                else if (!lex_bare(v.text))
                    fail(fmt::format("expected a list item but found '{}'", excerpt()));
                c.values.push_back(std::move(v));
                blank();
            } while (literal(","));
            if (!literal(")"))
                fail(fmt::format("expected ',' or ')' in the list but found '{}'", excerpt()));
            return;
        }
        if (c.modifier == ast::Modifier::None && parse_value_term(c)) return;
        ast::Value v;
        v.pos = static_cast<uint32_t>(i_);
        if (!lex_identifier(v.text))
            fail(fmt::format("expected a list '(...)' or a list name after '{}' but found '{}'",
                             c.op, excerpt()));
        c.rhs = ast::Check::Rhs::ListName;
        c.values.push_back(std::move(v));
    }

    std::string_view s_;
    size_t i_ = 0;
    uint32_t depth_ = 0;
};

}  // namespace

std::string ast::Term::canonical() const {
    switch (kind) {
        case Kind::Field:
            return arg ? name + "[" + *arg + "]" : name;
        case Kind::Literal:
            return quote_literal(literal);
        case Kind::Transformer: {
            std::string out = name + "(";
            for (size_t i = 0; i < args.size(); ++i) {
                if (i) out += ", ";
                out += args[i].canonical();
            }
            return out + ")";
        }
    }
    return name;
}

ast::Expr parse_condition(std::string_view text) {
    return Parser(text).parse_all();
}

bool parse_term(std::string_view text, size_t& pos, ast::Term& out) {
    Parser p(text);
    return p.term_at(pos, out);
}

std::string_view transformer_names() noexcept {
    return "tolower, toupper, b64, basename, len, join, concat, getopt";
}

}  // namespace lanner::rules
