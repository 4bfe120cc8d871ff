#include "rules/exception_builder.h"

#include <fmt/format.h>

#include "rules/operators.h"

namespace lanner::rules {
namespace {

struct ExceptionError {
    Origin where;
    std::string message;
};

// A comparison operator, optionally with a list modifier: "=", "in",
// "startswith anyof".
bool valid_comp(const std::string& comp, bool& list_op) {
    const size_t space = comp.find(' ');
    auto op = parse_op(comp.substr(0, space));
    if (!op || *op == Op::Exists) return false;
    list_op = is_list_op(*op);
    if (space == std::string::npos) return true;
    const std::string mod = comp.substr(comp.find_first_not_of(' ', space));
    return takes_modifier(*op) && (mod == "oneof" || mod == "anyof" || mod == "allof");
}

// Writes a value so the condition parser reads it back unchanged: bare when
// it is a plain word, quoted otherwise. Values already quoted are kept, as
// Falco keeps them.
void put_value(const ExceptionEntry& v, MappedText& out) {
    const std::string& t = v.text;
    const bool quoted = !t.empty() && (t[0] == '"' || t[0] == '\'');
    const bool bare = !t.empty() && t.find_first_of(" \t\r\n\b(),=\"'") == std::string::npos;
    if (quoted || bare) {
        out.append(t, v.origin);
        return;
    }
    std::string q = "\"";
    for (char c : t) {
        if (c == '"' || c == '\\') q += '\\';
        q += c;
    }
    q += '"';
    out.append(q, v.origin);
}

void put_list(const std::vector<ExceptionEntry>& items, Origin origin, MappedText& out) {
    out.append("(", origin);
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out.append(", ", items[i].origin);
        put_value(items[i], out);
    }
    out.append(")", origin);
}

MappedText build_single(const ExceptionInfo& ex, const FieldCheck& is_field) {
    const std::string comp = ex.comps.present ? ex.comps.text : "in";
    if (ex.comps.present && ex.comps.is_list)
        throw ExceptionError{ex.comps.origin,
                             fmt::format("exception '{}': when fields is one field, comps must "
                                         "be one operator",
                                         ex.name)};
    if (comp != "in" && comp != "pmatch" && comp != "intersects")
        throw ExceptionError{ex.comps.origin,
                             fmt::format("exception '{}': when fields is one field, comps must "
                                         "be in, pmatch or intersects, not '{}'",
                                         ex.name, comp)};
    if (!is_field(ex.fields.text))
        throw ExceptionError{ex.fields.origin, fmt::format("exception '{}': unknown field '{}'",
                                                           ex.name, ex.fields.text)};
    MappedText out;
    if (ex.values.empty()) return out;
    for (const auto& v : ex.values)
        if (v.is_list)
            throw ExceptionError{v.origin,
                                 fmt::format("exception '{}': with one field, each value must "
                                             "be a string",
                                             ex.name)};
    out.append("(", ex.origin);
    out.append(ex.fields.text, ex.fields.origin);
    out.append(" " + comp + " ", ex.comps.present ? ex.comps.origin : ex.origin);
    put_list(ex.values, ex.origin, out);
    out.append(")", ex.origin);
    return out;
}

MappedText build_tuple(const ExceptionInfo& ex, const FieldCheck& is_field) {
    const auto& fields = ex.fields.items;
    std::vector<ExceptionEntry> comps;
    if (!ex.comps.present) {
        for (const auto& f : fields) {
            ExceptionEntry eq;
            eq.present = true;
            eq.text = "=";
            eq.origin = f.origin;
            comps.push_back(eq);
        }
    } else if (!ex.comps.is_list) {
        throw ExceptionError{ex.comps.origin,
                             fmt::format("exception '{}': fields is a list, so comps must be a "
                                         "list too",
                                         ex.name)};
    } else {
        comps = ex.comps.items;
    }
    if (comps.size() != fields.size())
        throw ExceptionError{ex.comps.origin,
                             fmt::format("exception '{}': fields and comps have different "
                                         "lengths ({} and {})",
                                         ex.name, fields.size(), comps.size())};
    std::vector<bool> list_ops;
    for (const auto& c : comps) {
        bool list_op = false;
        if (c.is_list || !valid_comp(c.text, list_op))
            throw ExceptionError{c.origin, fmt::format("exception '{}': '{}' is not a "
                                                       "comparison operator",
                                                       ex.name, c.text)};
        list_ops.push_back(list_op);
    }
    for (const auto& f : fields)
        if (f.is_list || !is_field(f.text))
            throw ExceptionError{
                f.origin, fmt::format("exception '{}': unknown field '{}'", ex.name, f.text)};
    MappedText out;
    for (const auto& tuple : ex.values) {
        if (!tuple.is_list || tuple.items.size() != fields.size())
            throw ExceptionError{tuple.origin,
                                 fmt::format("exception '{}': each value must be a list of {} "
                                             "items, one per field",
                                             ex.name, fields.size())};
        out.append(out.empty() ? "((" : " or (", tuple.origin);
        for (size_t k = 0; k < fields.size(); ++k) {
            if (k) out.append(" and ", tuple.origin);
            out.append(fields[k].text, fields[k].origin);
            out.append(" " + comps[k].text + " ", comps[k].origin);
            const ExceptionEntry& v = tuple.items[k];
            if (v.is_list)
                put_list(v.items, v.origin, out);
            else if (list_ops[k] && !v.text.starts_with("("))
                put_list({v}, v.origin, out);
            else if (list_ops[k])
                out.append(v.text, v.origin);
            else
                put_value(v, out);
        }
        out.append(")", tuple.origin);
    }
    if (!out.empty()) out.append(")", ex.origin);
    return out;
}

}  // namespace

std::optional<MappedText> condition_with_exceptions(const RuleInfo& rule,
                                                    const FieldCheck& is_field,
                                                    const std::string& item,
                                                    Diagnostics& diagnostics) {
    if (rule.exceptions.empty()) return rule.condition;
    MappedText out;
    out.append("(", rule.origin);
    out.append(rule.condition);
    out.append(")", rule.origin);
    bool ok = true;
    for (const auto& ex : rule.exceptions) {
        try {
            if (!ex.fields.present)
                throw ExceptionError{ex.origin,
                                     fmt::format("exception '{}' has no fields", ex.name)};
            MappedText cond =
                ex.fields.is_list ? build_tuple(ex, is_field) : build_single(ex, is_field);
            if (cond.empty()) continue;
            out.append(" and not ", ex.origin);
            out.append(cond);
        } catch (const ExceptionError& e) {
            diagnostics.error(e.where, item, e.message);
            ok = false;
        }
    }
    if (!ok) return std::nullopt;
    return out;
}

}  // namespace lanner::rules
