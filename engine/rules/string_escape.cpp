#include "rules/string_escape.h"

#include <fmt/format.h>

namespace lanner::rules {

bool unescape_quoted(std::string_view body, char quote, std::string& out, std::string& error) {
    out.clear();
    for (size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i == body.size()) {
            error = "a quoted string ends with a lone backslash";
            return false;
        }
        switch (body[i]) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case ' ':  // Falco reads "\ " as a backslash
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case '"':
            case '\'':
                if (body[i] != quote) {
                    error =
                        fmt::format("invalid \\{} escape in a {}-quoted string", body[i], quote);
                    return false;
                }
                out += body[i];
                break;
            default:
                error = fmt::format("unsupported escape sequence \\{}", body[i]);
                return false;
        }
    }
    return true;
}

}  // namespace lanner::rules
