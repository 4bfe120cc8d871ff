// Quoted strings in conditions, as Falco reads them.
#pragma once

#include <string>
#include <string_view>

namespace lanner::rules {

// Unescapes the body of a quoted string (without its quotes). `quote` is the
// delimiter (' or "). Escapes: \b \f \n \r \t \\ \/ and the delimiter
// itself; Falco also reads "\ " as a backslash (kept for compatibility with
// rules written for it). Returns false and sets `error` on any other escape
// or on the other quote character escaped.
bool unescape_quoted(std::string_view body, char quote, std::string& out, std::string& error);

}  // namespace lanner::rules
