// Field values as text, the way Falco prints them in alert outputs (and the
// way concat() joins them).
#pragma once

#include <string>

#include "fields/field_type.h"
#include "fields/field_values.h"

namespace lanner::fields {

// Appends one value of a field of type `type`: numbers in decimal, bool as
// true/false, addresses in their usual notation, bytes with non-printable
// characters shown as '.'. Allocates nothing once `out` has the capacity.
void append_value_text(FieldType type, const Scalar& value, std::string& out);

// Falco's text for an absent value.
inline constexpr std::string_view kAbsentText = "<NA>";

}  // namespace lanner::fields
