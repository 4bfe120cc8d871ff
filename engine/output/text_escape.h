// Escaping of alert text, so that nothing an attacker controls (a file name,
// a command line, an environment variable) can forge an extra alert line or
// send a terminal escape sequence to whoever reads the alerts.
//
// What is escaped, byte by byte:
// - C0 control characters (0x00-0x1f) and DEL (0x7f): \n, \r and \t by those
//   names, the others as \xNN (ESC is \x1b);
// - bytes that are not part of a well-formed UTF-8 sequence (stray
//   continuation bytes, truncated sequences, overlong forms, surrogates,
//   code points past U+10FFFF): \xNN for each byte;
// - well-formed UTF-8 sequences of code points that act on the display:
//   the C1 controls U+0080-U+009F (U+009B is a one-byte CSI for terminals
//   that honour C1), the line and paragraph separators U+2028 and U+2029,
//   and the bidirectional formatting characters (U+200E, U+200F,
//   U+202A-U+202E, U+2066-U+2069) that can make text read differently from
//   its bytes: \xNN for each byte of the sequence.
// Every other byte, including all other valid UTF-8, passes unchanged, so
// non-ASCII file names stay readable. The backslash is not escaped: a name
// that literally contains "\x1b" reads like an escaped ESC, which is
// ambiguous to a reader but cannot forge a line or reach the terminal.
// The escaped text is therefore always valid UTF-8 with no control
// characters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lanner::output {

// Appends `text` to `out` with the escapes above.
void append_escaped(std::string_view text, std::string& out);

// Length of the well-formed UTF-8 sequence starting at text[0], or 0 when
// text[0] does not start one (the checks of RFC 3629, section 4).
size_t utf8_sequence_length(std::string_view text) noexcept;

// The code point of the well-formed sequence of `len` bytes at text[0].
uint32_t utf8_code_point(std::string_view text, size_t len) noexcept;

// The code points above that act on the display (C1 controls, U+2028,
// U+2029, bidirectional formatting characters).
bool is_display_control(uint32_t code_point) noexcept;

}  // namespace lanner::output
