#include "rules/condition_compiler.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "rules/check_nodes.h"
#include "rules/condition_parser.h"
#include "rules/constant_parse.h"
#include "rules/string_escape.h"
#include "schema/event_table.h"

namespace lanner::rules {

using fields::FieldType;
using fields::ValueShape;

namespace {

constexpr int kMaxListDepth = 32;

bool is_text_type(FieldType t) {
    return t == FieldType::String || t == FieldType::Bytes || t == FieldType::StringList;
}

// The operators a type of field accepts.
bool op_allowed(FieldType t, Op op) {
    if (op == Op::Exists) return true;
    switch (t) {
        case FieldType::String:
            return op != Op::BContains && op != Op::BStartsWith;
        case FieldType::Bytes:
            return op == Op::Eq || op == Op::Ne || op == Op::Contains || op == Op::BContains ||
                   op == Op::StartsWith || op == Op::BStartsWith || op == Op::EndsWith ||
                   op == Op::In || op == Op::Intersects;
        case FieldType::Flags:
            if (op == Op::Contains) return true;
            [[fallthrough]];
        case FieldType::Int64:
        case FieldType::Uint64:
        case FieldType::Port:
        case FieldType::AbsTime:
        case FieldType::RelTime:
            return op == Op::Eq || op == Op::Ne || is_order_op(op) || op == Op::In ||
                   op == Op::Intersects;
        case FieldType::Bool:
        case FieldType::IpAddr:
        case FieldType::IpNet:
            return op == Op::Eq || op == Op::Ne || op == Op::In || op == Op::Intersects;
        case FieldType::StringList:
            return op == Op::In || op == Op::Intersects;
    }
    return false;
}

std::string lowered(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

ConditionCompiler::ConditionCompiler(const fields::FieldRegistry& registry,
                                     const RuleCollection& items, RulesetBuilder& out,
                                     Diagnostics& diagnostics)
    : registry_(registry),
      items_(items),
      out_(out),
      diags_(diagnostics),
      list_used_(items.lists.items().size(), false) {
    for (const auto& m : items.macros.items()) {
        macro_index_.emplace(m.name, macros_.size());
        macros_.push_back(MacroState{});
        macros_.back().info = &m;
    }
}

// --- parsing and usage -----------------------------------------------------

std::optional<ast::Expr> ConditionCompiler::parse(const MappedText& text, const std::string& item) {
    try {
        return parse_condition(text.text());
    } catch (const ConditionSyntaxError& e) {
        diags_.error(text.origin(e.offset()), item, fmt::format("syntax error: {}", e.what()));
        return std::nullopt;
    }
}

void ConditionCompiler::parse_macros() {
    for (auto& m : macros_) {
        m.ast = parse(m.info->condition, item_label("macro", m.info->name));
        if (m.ast) mark_usage(*m.ast);
    }
    // A list whose items name other lists uses them.
    for (const auto& list : items_.lists.items())
        for (const auto& item : list.items)
            if (const ListInfo* ref = items_.lists.find(item.text); ref && ref != &list)
                list_used_[items_.lists.position(ref->name)] = true;
}

ConditionCompiler::MacroState* ConditionCompiler::macro(const std::string& name) {
    auto it = macro_index_.find(name);
    return it == macro_index_.end() ? nullptr : &macros_[it->second];
}

void ConditionCompiler::mark_usage(const ast::Expr& e) {
    switch (e.kind) {
        case ast::Expr::Kind::And:
        case ast::Expr::Kind::Or:
        case ast::Expr::Kind::Not:
            for (const auto& c : e.children) mark_usage(c);
            return;
        case ast::Expr::Kind::Macro:
            if (MacroState* m = macro(e.name)) m->used = true;
            return;
        case ast::Expr::Kind::Check:
            for (const auto& v : e.check->values)
                if (!v.quoted && items_.lists.find(v.text))
                    list_used_[items_.lists.position(v.text)] = true;
            return;
    }
}

void ConditionCompiler::report_unused() {
    for (const auto& m : macros_)
        if (!m.used)
            diags_.warning(m.info->origin, item_label("macro", m.info->name),
                           "not used by any rule or macro");
    const auto& lists = items_.lists.items();
    for (size_t i = 0; i < lists.size(); ++i)
        if (!list_used_[i])
            diags_.warning(lists[i].origin, item_label("list", lists[i].name),
                           "not used by any rule, macro or list");
}

bool ConditionCompiler::is_field(const std::string& name,
                                 const std::optional<std::string>& arg) const {
    try {
        return registry_.resolve(name, arg).has_value();
    } catch (const fields::FieldError&) {
        return false;
    }
}

// --- compilation -------------------------------------------------------------

void ConditionCompiler::fail(const Scope& sc, uint32_t offset, std::string message,
                             bool unknown) const {
    throw CompileError{sc.text->origin(offset), *sc.item, std::move(message), unknown};
}

ConditionCompiler::Compiled ConditionCompiler::compile_rule(const ast::Expr& condition,
                                                            const MappedText& text,
                                                            const std::string& item) {
    const Scope sc{&text, &item, UINT32_MAX};
    Compiled out;
    out.root = compile_expr(condition, sc);
    out.types = types_of(condition, false);
    return out;
}

const Node* ConditionCompiler::compile_expr(const ast::Expr& e, const Scope& sc) {
    switch (e.kind) {
        case ast::Expr::Kind::And:
        case ast::Expr::Kind::Or: {
            std::vector<const Node*> children;
            children.reserve(e.children.size());
            for (const auto& c : e.children) children.push_back(compile_expr(c, sc));
            if (e.kind == ast::Expr::Kind::And) return out_.make<AndNode>(std::move(children));
            return out_.make<OrNode>(std::move(children));
        }
        case ast::Expr::Kind::Not:
            return out_.make<NotNode>(compile_expr(e.children[0], sc));
        case ast::Expr::Kind::Macro:
            return compile_macro_ref(e, sc);
        case ast::Expr::Kind::Check:
            return compile_check(*e.check, sc);
    }
    fail(sc, e.pos, "unexpected expression");
}

const Node* ConditionCompiler::compile_macro_ref(const ast::Expr& e, const Scope& sc) {
    MacroState* m = macro(e.name);
    if (!m) fail(sc, e.pos, fmt::format("undefined macro '{}'", e.name));
    if (m->info->index >= sc.visibility)
        fail(sc, e.pos,
             fmt::format("undefined macro '{}': a macro can only use macros defined before it",
                         e.name));
    switch (m->status) {
        case MacroState::Status::Done:
            return m->node;
        case MacroState::Status::Failed:
            throw *m->error;
        case MacroState::Status::Compiling:
            fail(sc, e.pos, fmt::format("macro '{}' refers to itself", e.name));
        case MacroState::Status::Pending:
            break;
    }
    if (!m->ast) {  // its syntax error is already reported
        m->status = MacroState::Status::Failed;
        m->error = CompileError{m->info->origin, item_label("macro", m->info->name),
                                "the macro has a syntax error", false};
        throw *m->error;
    }
    m->status = MacroState::Status::Compiling;
    const std::string label = item_label("macro", m->info->name);
    const Scope inner{&m->info->condition, &label, m->info->visibility};
    try {
        const Node* child = compile_expr(*m->ast, inner);
        m->node = out_.make<MacroNode>(child, out_.new_memo());
        m->status = MacroState::Status::Done;
        return m->node;
    } catch (const CompileError& err) {
        m->status = MacroState::Status::Failed;
        m->error = err;
        throw;
    }
}

uint32_t ConditionCompiler::compile_term(const ast::Term& t, const Scope& sc) {
    const std::string key = t.canonical();
    if (auto it = slot_index_.find(key); it != slot_index_.end()) return it->second;
    SlotSpec spec;
    spec.name = key;
    switch (t.kind) {
        case ast::Term::Kind::Field:
            try {
                spec.field = registry_.bind(t.name, t.arg);
            } catch (const fields::FieldError& e) {
                fail(sc, t.pos, e.what(), e.unknown_field());
            }
            spec.type = spec.field->type();
            spec.shape = spec.field->shape();
            break;
        case ast::Term::Kind::Transformer: {
            auto kind = transformer_kind(t.name);
            if (!kind) fail(sc, t.pos, fmt::format("unknown transformer '{}'", t.name));
            spec.transform.kind = *kind;
            spec.transform.name = t.name;
            for (const auto& a : t.args) {
                TransformArg arg;
                if (a.kind == ast::Term::Kind::Literal) {
                    arg.literal = true;
                    arg.text = a.literal;
                } else {
                    arg.slot = compile_term(a, sc);
                    arg.type = out_.slots()[arg.slot].type;
                    arg.shape = out_.slots()[arg.slot].shape;
                }
                spec.transform.args.push_back(std::move(arg));
            }
            if (auto err = check_transform(spec.transform); !err.empty()) fail(sc, t.pos, err);
            spec.type = spec.transform.type;
            spec.shape = spec.transform.shape;
            break;
        }
        case ast::Term::Kind::Literal:
            fail(sc, t.pos, "a string literal is not a field");
    }
    const auto slot = static_cast<uint32_t>(out_.slots().size());
    out_.slots().push_back(std::move(spec));
    slot_index_.emplace(key, slot);
    return slot;
}

ConditionCompiler::Constant ConditionCompiler::list_item(const ListInfo::Item& item) {
    // Falco substitutes list items into the condition text, so a quoted
    // item is read as a quoted string.
    const std::string& t = item.text;
    if (t.size() >= 2 && (t[0] == '"' || t[0] == '\'') && t.back() == t[0]) {
        std::string value, error;
        if (unescape_quoted(std::string_view(t).substr(1, t.size() - 2), t[0], value, error))
            return {std::move(value), item.origin};
    }
    return {t, item.origin};
}

void ConditionCompiler::expand_list(const ListInfo& list, std::vector<Constant>& out, int depth) {
    for (const auto& item : list.items) {
        const ListInfo* nested = items_.lists.find(item.text);
        if (nested && nested != &list && depth < kMaxListDepth) {
            expand_list(*nested, out, depth + 1);
            continue;
        }
        out.push_back(list_item(item));
    }
}

std::vector<ConditionCompiler::Constant> ConditionCompiler::constants_of(const ast::Check& c,
                                                                         const Scope& sc) {
    std::vector<Constant> out;
    for (const auto& v : c.values) {
        const ListInfo* list = v.quoted ? nullptr : items_.lists.find(v.text);
        if (!list) {
            out.push_back({v.text, sc.text->origin(v.pos)});
            continue;
        }
        if (c.rhs != ast::Check::Rhs::Value) {
            expand_list(*list, out, 0);
            continue;
        }
        // A list name where one value is expected: Falco pastes the items
        // there, which only reads as a value when there is exactly one.
        std::vector<Constant> items;
        expand_list(*list, items, 0);
        if (items.size() != 1)
            fail(sc, v.pos,
                 fmt::format("list '{}' is used where one value is expected; write '{} in ({})'",
                             v.text, c.lhs.canonical(), v.text));
        out.push_back(std::move(items[0]));
    }
    return out;
}

const Node* ConditionCompiler::compile_event_types(const ast::Check& c, Op op, const Scope& sc) {
    EventTypeSet set;
    for (const auto& v : constants_of(c, sc)) {
        auto type = schema::find_event(v.text);
        if (!type || schema::is_meta_event(*type))
            throw CompileError{v.origin, *sc.item,
                               fmt::format("unknown event type '{}' (lanner --list-events lists "
                                           "them)",
                                           v.text),
                               true};
        set.add(*type);
    }
    if (op == Op::Ne) set = set.complement();
    return out_.make<EventTypeNode>(set);
}

const Node* ConditionCompiler::compile_check(const ast::Check& c, const Scope& sc) {
    const uint32_t lhs = compile_term(c.lhs, sc);
    auto op_parsed = parse_op(c.op);
    if (!op_parsed) fail(sc, c.op_pos, fmt::format("unknown operator '{}'", c.op));
    const Op op = *op_parsed;
    if (op == Op::Exists) return out_.make<checks::Exists>(lhs);

    const bool plain_field = c.lhs.kind == ast::Term::Kind::Field;
    if (plain_field && c.lhs.name == "evt.type" && !c.lhs.arg &&
        (op == Op::Eq || op == Op::Ne || op == Op::In) && c.rhs != ast::Check::Rhs::Term &&
        c.modifier == ast::Modifier::None)
        return compile_event_types(c, op, sc);

    if (c.rhs == ast::Check::Rhs::Term) return compile_field_pair(lhs, c, op, sc);

    const std::vector<Constant> values = constants_of(c, sc);
    if (plain_field) {
        const SlotSpec& spec = out_.slots()[lhs];
        for (const auto& v : values)
            if (auto w = spec.field->value_warning(v.text); !w.empty())
                diags_.warning(v.origin, *sc.item, w);
    }
    if (c.modifier == ast::Modifier::None) return compile_constants(lhs, c, op, values, sc);

    if (!takes_modifier(op))
        fail(sc, c.op_pos,
             fmt::format("operator '{}' does not take oneof/anyof/allof", op_name(op)));
    if (values.empty()) fail(sc, c.rhs_pos, "the list after oneof/anyof/allof is empty");
    std::vector<const Node*> children;
    for (const auto& v : values) children.push_back(compile_constants(lhs, c, op, {v}, sc));
    switch (c.modifier) {
        case ast::Modifier::AnyOf:
            return out_.make<OrNode>(std::move(children));
        case ast::Modifier::AllOf:
            return out_.make<AndNode>(std::move(children));
        default:
            return out_.make<ExactlyOneNode>(std::move(children));
    }
}

const Node* ConditionCompiler::compile_constants(uint32_t slot, const ast::Check& c, Op op,
                                                 const std::vector<Constant>& values,
                                                 const Scope& sc) {
    const SlotSpec& spec = out_.slots()[slot];
    const FieldType type = spec.type;
    const std::string& field = spec.name;
    if (!op_allowed(type, op))
        fail(sc, c.op_pos,
             fmt::format("operator '{}' cannot be used with '{}' (a {} field)", op_name(op), field,
                         fields::type_name(type)));
    if (spec.shape == ValueShape::List && op != Op::In && op != Op::Intersects)
        fail(sc, c.op_pos,
             fmt::format("'{}' is a list: compare it with 'in' or 'intersects'", field));
    if (!is_list_op(op) && values.size() != 1)
        fail(sc, c.rhs_pos, fmt::format("operator '{}' takes one value", op_name(op)));
    auto bad_value = [&](const Constant& v, std::string_view expected) -> void {
        throw CompileError{
            v.origin, *sc.item,
            fmt::format("'{}' is not {} (compared with '{}')", v.text, expected, field), false};
    };
    const bool all_items = (spec.shape == ValueShape::List && op == Op::In) ||
                           (spec.shape == ValueShape::Either && op == Op::Ne);
    auto any_or_all = [&](auto pred) -> const Node* {
        using P = decltype(pred);
        if (all_items) return out_.make<checks::AllValues<P>>(slot, std::move(pred));
        return out_.make<checks::AnyValue<P>>(slot, std::move(pred));
    };

    switch (type) {
        case FieldType::String:
        case FieldType::StringList:
        case FieldType::Bytes: {
            const bool bytes = type == FieldType::Bytes;
            if (op == Op::In || op == Op::Intersects) {
                auto set = std::make_shared<StringSet>();
                for (const auto& v : values) set->insert(v.text);
                return any_or_all(checks::InTextSet{std::move(set)});
            }
            if (op == Op::PMatch) {
                auto set = std::make_shared<PathPrefixSet>();
                for (const auto& v : values) set->add(v.text);
                return any_or_all(checks::PrefixOp{std::move(set)});
            }
            const Constant& v = values[0];
            if (op == Op::Glob || op == Op::IGlob)
                return any_or_all(checks::GlobOp{GlobPattern(v.text, op == Op::IGlob)});
            if (op == Op::Regex) {
                auto re = std::make_shared<re2::RE2>(v.text, re2::RE2::Quiet);
                if (!re->ok())
                    throw CompileError{
                        v.origin, *sc.item,
                        fmt::format("invalid regular expression '{}': {}", v.text, re->error()),
                        false};
                return any_or_all(checks::RegexOp{std::move(re)});
            }
            std::string k = v.text;
            if (bytes && (op == Op::BContains || op == Op::BStartsWith)) {
                auto decoded = decode_hex(v.text);
                if (!decoded) bad_value(v, "hexadecimal bytes (CAFEBABE)");
                k = std::move(*decoded);
            }
            switch (op) {
                case Op::Eq:
                    return any_or_all(checks::TextEq{std::move(k)});
                case Op::Ne:
                    return any_or_all(checks::TextNe{std::move(k)});
                case Op::StartsWith:
                case Op::BStartsWith:
                    return any_or_all(checks::TextPrefix{std::move(k)});
                case Op::EndsWith:
                    return any_or_all(checks::TextSuffix{std::move(k)});
                case Op::Contains:
                case Op::BContains:
                    return any_or_all(checks::TextContains{Substring(k)});
                case Op::IContains:
                    return any_or_all(checks::TextIContains{lowered(k)});
                default:
                    return any_or_all(checks::TextOrder{op, std::move(k)});
            }
        }
        case FieldType::Bool: {
            std::vector<uint64_t> nums;
            for (const auto& v : values) {
                auto b = parse_bool(v.text);
                if (!b) bad_value(v, "a boolean (true or false)");
                nums.push_back(*b ? 1 : 0);
            }
            if (op == Op::Eq || op == Op::Ne) return any_or_all(checks::UnsignedOp{op, nums[0]});
            std::sort(nums.begin(), nums.end());
            return any_or_all(checks::InNumbers{std::move(nums)});
        }
        case FieldType::IpAddr:
        case FieldType::IpNet: {
            checks::InNetworks nets;
            for (const auto& v : values) {
                auto n = parse_ip_network(v.text);
                if (!n)
                    bad_value(v, type == FieldType::IpNet
                                     ? "a network or an address (10.0.0.0/8, 10.0.0.1)"
                                     : "an IP address or network");
                nets.nets.push_back({n->addr, n->prefix});
            }
            nets.negate = op == Op::Ne;
            return any_or_all(std::move(nets));
        }
        case FieldType::Int64:
        case FieldType::Uint64:
        case FieldType::Port:
        case FieldType::AbsTime:
        case FieldType::RelTime:
        case FieldType::Flags: {
            const bool is_signed = type == FieldType::Int64;
            std::vector<uint64_t> nums;
            for (const auto& v : values) {
                if (is_signed) {
                    auto n = parse_int64(v.text);
                    if (!n) bad_value(v, "an integer");
                    nums.push_back(static_cast<uint64_t>(*n));
                    continue;
                }
                if (auto n = parse_uint64(v.text)) {
                    if (type == FieldType::Port && *n > 65535) bad_value(v, "a port (0-65535)");
                    nums.push_back(*n);
                    continue;
                }
                if (type != FieldType::Flags) bad_value(v, "a non-negative integer");
                // Flag names, possibly combined: O_WRONLY|O_CREAT.
                uint64_t mask = 0;
                size_t start = 0;
                while (start <= v.text.size()) {
                    const size_t bar = std::min(v.text.find('|', start), v.text.size());
                    const std::string_view sym =
                        std::string_view(v.text).substr(start, bar - start);
                    auto bits = spec.field ? spec.field->flag_value(sym) : std::nullopt;
                    if (!bits) bad_value(v, "a number or a flag name of this parameter");
                    mask |= *bits;
                    start = bar + 1;
                }
                nums.push_back(mask);
            }
            if (op == Op::Contains) return any_or_all(checks::FlagsSet{nums[0]});
            if (op == Op::In || op == Op::Intersects) {
                std::sort(nums.begin(), nums.end());
                return any_or_all(checks::InNumbers{std::move(nums)});
            }
            if (is_signed) return any_or_all(checks::SignedOp{op, static_cast<int64_t>(nums[0])});
            return any_or_all(checks::UnsignedOp{op, nums[0]});
        }
    }
    fail(sc, c.op_pos, "unsupported comparison");
}

const Node* ConditionCompiler::compile_field_pair(uint32_t lhs, const ast::Check& c, Op op,
                                                  const Scope& sc) {
    const uint32_t rhs = compile_term(c.rhs_term, sc);
    const SlotSpec& a = out_.slots()[lhs];
    const SlotSpec& b = out_.slots()[rhs];
    if (op == Op::Glob || op == Op::IGlob || op == Op::Regex || op == Op::PMatch)
        fail(sc, c.op_pos,
             fmt::format("operator '{}' needs a constant on its right, not a field", op_name(op)));
    if (!op_allowed(a.type, op))
        fail(sc, c.op_pos,
             fmt::format("operator '{}' cannot be used with '{}' (a {} field)", op_name(op), a.name,
                         fields::type_name(a.type)));
    auto mismatch = [&]() -> void {
        fail(sc, c.rhs_pos,
             fmt::format("cannot compare '{}' (a {} field) with '{}' (a {} field)", a.name,
                         fields::type_name(a.type), b.name, fields::type_name(b.type)));
    };
    if (is_text_type(a.type)) {
        if (!is_text_type(b.type)) mismatch();
        return out_.make<checks::FieldPair<checks::TextPair>>(lhs, rhs, checks::TextPair{op});
    }
    if (fields::is_numeric(a.type)) {
        if (!fields::is_numeric(b.type)) mismatch();
        const bool is_signed = fields::is_signed(a.type) || fields::is_signed(b.type);
        return out_.make<checks::FieldPair<checks::NumberPair>>(lhs, rhs,
                                                                checks::NumberPair{op, is_signed});
    }
    if (a.type == FieldType::Bool) {
        if (b.type != FieldType::Bool) mismatch();
        return out_.make<checks::FieldPair<checks::NumberPair>>(lhs, rhs,
                                                                checks::NumberPair{op, false});
    }
    if (!fields::is_address(b.type)) mismatch();
    return out_.make<checks::FieldPair<checks::AddressPair>>(lhs, rhs, checks::AddressPair{op});
}

// --- event types -------------------------------------------------------------
//
// The event types a condition can match, as Falco computes them: and
// intersects, or unites, negation is pushed to the leaves (De Morgan), an
// evt.type comparison gives its types, every other check is neutral (all
// types, also when negated).

EventTypeSet ConditionCompiler::evttype_check_types(const ast::Check& c, bool negated) {
    EventTypeSet set;
    for (const auto& v : c.values) {
        std::vector<Constant> names;
        const ListInfo* list = v.quoted ? nullptr : items_.lists.find(v.text);
        if (list)
            expand_list(*list, names, 0);
        else
            names.push_back({v.text, {}});
        for (const auto& n : names)
            if (auto t = schema::find_event(n.text)) set.add(*t);
    }
    set = set & EventTypeSet::all();
    if (negated) set = set.complement();
    if (c.op == "!=") set = set.complement();
    return set;
}

EventTypeSet ConditionCompiler::types_of(const ast::Expr& e, bool negated) {
    switch (e.kind) {
        case ast::Expr::Kind::And:
        case ast::Expr::Kind::Or: {
            const bool unite = (e.kind == ast::Expr::Kind::Or) != negated;
            EventTypeSet acc = unite ? EventTypeSet() : EventTypeSet::all();
            for (const auto& c : e.children) {
                const EventTypeSet t = types_of(c, negated);
                acc = unite ? (acc | t) : (acc & t);
            }
            return acc;
        }
        case ast::Expr::Kind::Not:
            return types_of(e.children[0], !negated);
        case ast::Expr::Kind::Macro: {
            MacroState* m = macro(e.name);
            if (!m || !m->ast || m->in_types) return EventTypeSet::all();
            auto& memo = m->types[negated ? 1 : 0];
            if (!memo) {
                m->in_types = true;
                memo = types_of(*m->ast, negated);
                m->in_types = false;
            }
            return *memo;
        }
        case ast::Expr::Kind::Check: {
            const ast::Check& c = *e.check;
            const bool evt_type =
                c.lhs.kind == ast::Term::Kind::Field && c.lhs.name == "evt.type" && !c.lhs.arg;
            if (evt_type && c.op == "exists") return negated ? EventTypeSet() : EventTypeSet::all();
            if (evt_type && (c.op == "=" || c.op == "==" || c.op == "!=" || c.op == "in") &&
                c.rhs != ast::Check::Rhs::Term && c.modifier == ast::Modifier::None)
                return evttype_check_types(c, negated);
            return EventTypeSet::all();
        }
    }
    return EventTypeSet::all();
}

// --- outputs -----------------------------------------------------------------

std::vector<OutputPart> ConditionCompiler::compile_output(const MappedText& output,
                                                          const std::string& item) {
    const Scope sc{&output, &item, UINT32_MAX};
    const std::string& s = output.text();
    std::vector<OutputPart> parts;
    std::string literal;
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '%') {
            literal += s[i++];
            continue;
        }
        size_t pos = i + 1;
        ast::Term term;
        bool found = false;
        try {
            found = parse_term(s, pos, term);
        } catch (const ConditionSyntaxError& e) {
            fail(sc, e.offset(), e.what());
        }
        if (!found) {
            if (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos]))) {
                size_t end = pos;
                while (end < s.size() &&
                       (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '_'))
                    ++end;
                fail(sc, static_cast<uint32_t>(i),
                     fmt::format("'%{}' is not a field", s.substr(pos, end - pos)), true);
            }
            literal += s[i++];  // a lone '%' is text
            continue;
        }
        if (!literal.empty()) parts.push_back({std::move(literal), -1});
        literal.clear();
        const uint32_t slot = compile_term(term, sc);
        parts.push_back({"", static_cast<int32_t>(slot)});
        i = pos;
    }
    if (!literal.empty()) parts.push_back({std::move(literal), -1});
    return parts;
}

}  // namespace lanner::rules
