#include "fields/field_listing.h"

#include <algorithm>

#include <fmt/format.h>

namespace lanner::fields {
namespace {

constexpr std::string_view kPendingNote = "Not implemented yet: evaluates as absent (<NA>).";

std::string description_of(const FieldDef& def) {
    std::string d(def.description);
    if (def.pending) {
        d += ' ';
        d += kPendingNote;
    }
    return d;
}

std::string markdown_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '<' || c == '>') out += '\\';
        out += c;
    }
    return out;
}

void append_markdown_tables(const FieldRegistry& registry, std::string& out) {
    for (const FieldClass* cls : registry.classes()) {
        fmt::format_to(std::back_inserter(out), "## {}\n\n{}\n\n", cls->name(), cls->description());
        out += "| Field | Type | Description |\n| --- | --- | --- |\n";
        for (const FieldDef* def : registry.fields_of(*cls))
            fmt::format_to(std::back_inserter(out), "| `{}` | {} | {} |\n", field_syntax(*def),
                           type_name(def->type), markdown_escape(description_of(*def)));
        out += '\n';
    }
}

}  // namespace

std::string field_syntax(const FieldDef& def) {
    const std::string name(def.name);
    std::string with_arg;
    switch (def.arg) {
        case ArgForm::None:
            return name;
        case ArgForm::Index:
            with_arg = name + "[N]";
            break;
        case ArgForm::Key:
            with_arg = name + "[KEY]";
            break;
        case ArgForm::IndexOrKey:
            with_arg = name + "[N or KEY]";
            break;
        case ArgForm::Param:
            with_arg = name + ".NAME, " + name + "[N]";
            break;
    }
    return def.arg_required ? with_arg : name + ", " + with_arg;
}

std::string list_fields(const FieldRegistry& registry, ListingStyle style) {
    std::string out;
    auto it = std::back_inserter(out);
    switch (style) {
        case ListingStyle::NamesOnly:
            for (const FieldClass* cls : registry.classes())
                for (const FieldDef* def : registry.fields_of(*cls))
                    fmt::format_to(it, "{}\n", def->name);
            break;
        case ListingStyle::Markdown:
            append_markdown_tables(registry, out);
            break;
        case ListingStyle::Plain:
            for (const FieldClass* cls : registry.classes()) {
                fmt::format_to(it, "Field class: {}\n{}\n\n", cls->name(), cls->description());
                const auto defs = registry.fields_of(*cls);
                size_t width = 0;
                for (const FieldDef* def : defs) width = std::max(width, field_syntax(*def).size());
                for (const FieldDef* def : defs)
                    fmt::format_to(it, "{:<{}}  {:<8} {}\n", field_syntax(*def), width,
                                   type_name(def->type), description_of(*def));
                out += '\n';
            }
            break;
    }
    return out;
}

std::string fields_document(const FieldRegistry& registry) {
    std::string out =
        "# Lanner fields\n\n"
        "This page is generated from the field registry (`engine/fields/`) by\n"
        "`scripts/gen-fields-doc`; `lanner --list` prints the same list. Field names,\n"
        "types and meanings follow Falco's, so rules written for Falco keep working.\n\n"
        "## Using fields\n\n"
        "- In conditions: `proc.name = bash`, `fd.name startswith /etc`,\n"
        "  `evt.arg.flags contains O_TRUNC`; in outputs: `%proc.name`, `%evt.arg.flags`.\n"
        "- Arguments: `proc.aname[2]` (an index), `proc.env[HOME]` (a key),\n"
        "  `evt.arg.flags` or `evt.arg[3]` (a parameter by name or position).\n"
        "- Transformers apply to fields on either side of an operator and in outputs:\n"
        "  `tolower()`, `toupper()`, `b64()`, `basename()`, `len()`, `join()`, `concat()`,\n"
        "  `getopt()`; `val(field)` compares with another field's value.\n"
        "- A field with no value for an event (an fd field on an event without an fd,\n"
        "  or a field marked *not implemented yet*) is absent: every comparison with it\n"
        "  is false, `exists` is false, and outputs print `<NA>`.\n\n"
        "## Types\n\n"
        "| Type | Values | Operators |\n"
        "| --- | --- | --- |\n"
        "| string | text | `=` `!=` `<` `<=` `>` `>=` `contains` `icontains` `startswith` "
        "`endswith` `glob` `iglob` `regex` `in` `intersects` `pmatch` `exists` |\n"
        "| bytes | binary data | `=` `!=` `contains` `bcontains` `startswith` `bstartswith` "
        "`endswith` `in` `exists`; `bcontains`/`bstartswith` take hex (`CAFEBABE`) |\n"
        "| int64, uint64, port, abstime, reltime | numbers (decimal or 0x hex) | `=` `!=` `<` "
        "`<=` `>` `>=` `in` `intersects` `exists` |\n"
        "| flags | numbers or flag names (`O_TRUNC`, `O_WRONLY\\|O_CREAT`) | as numbers, plus "
        "`contains` (all the named bits are set) |\n"
        "| bool | `true`, `false` | `=` `!=` `in` `exists` |\n"
        "| ipaddr | addresses (`10.0.0.1`, `::1`) or networks (`10.0.0.0/8`) | `=` `!=` `in` "
        "`intersects` `exists` |\n"
        "| ipnet | networks or addresses: the field's address is tested for membership | `=` "
        "`!=` `in` `intersects` `exists` |\n"
        "| list | several strings | `in` (every item is in the set) `intersects` (one is) "
        "`exists` |\n\n"
        "String operators take the modifiers `oneof`, `anyof` and `allof` with a list:\n"
        "`proc.cmdline contains anyof (curl, wget)` holds when one of the comparisons\n"
        "holds (`allof`: all of them, `oneof`: exactly one).\n\n";
    append_markdown_tables(registry, out);
    while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
        out.pop_back();
    return out;
}

}  // namespace lanner::fields
