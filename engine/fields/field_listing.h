// Listings of the field registry: what `lanner --list` prints (plain, names
// only, markdown) and the docs/fields.md page.
#pragma once

#include <string>

#include "fields/field_registry.h"

namespace lanner::fields {

enum class ListingStyle {
    Plain,      // class headers, then "syntax  type  description" lines
    NamesOnly,  // one field name per line (--list -N)
    Markdown,   // a table per class (--list --markdown)
};

std::string list_fields(const FieldRegistry& registry, ListingStyle style);

// How a field is written with its argument: "proc.aname, proc.aname[N]",
// "evt.arg.NAME, evt.arg[N]", "proc.env[NAME]".
std::string field_syntax(const FieldDef& def);

// The whole docs/fields.md page (generated; see scripts/gen-fields-doc).
std::string fields_document(const FieldRegistry& registry);

}  // namespace lanner::fields
