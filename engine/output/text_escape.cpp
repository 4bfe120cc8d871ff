#include "output/text_escape.h"

#include <cstdint>

namespace lanner::output {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_escape(unsigned char c, std::string& out) {
    out += '\\';
    out += 'x';
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
}

}  // namespace

uint32_t utf8_code_point(std::string_view s, size_t len) noexcept {
    const auto b = [&](size_t i) {
        return static_cast<uint32_t>(static_cast<unsigned char>(s[i]));
    };
    switch (len) {
        case 1:
            return b(0);
        case 2:
            return ((b(0) & 0x1f) << 6) | (b(1) & 0x3f);
        case 3:
            return ((b(0) & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f);
        default:
            return ((b(0) & 0x07) << 18) | ((b(1) & 0x3f) << 12) | ((b(2) & 0x3f) << 6) |
                   (b(3) & 0x3f);
    }
}

bool is_display_control(uint32_t cp) noexcept {
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || cp == 0x200e ||
           cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t utf8_sequence_length(std::string_view s) noexcept {
    if (s.empty()) return 0;
    const auto at = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = at(0);
    if (lead < 0x80) return 1;
    // The second byte's range depends on the lead byte (RFC 3629's table):
    // this rejects overlong forms, surrogates and code points past U+10FFFF.
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        len = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        len = 3;
        if (lead == 0xe0) lo = 0xa0;
        if (lead == 0xed) hi = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        len = 4;
        if (lead == 0xf0) lo = 0x90;
        if (lead == 0xf4) hi = 0x8f;
    } else {
        return 0;
    }
    if (s.size() < len) return 0;
    if (at(1) < lo || at(1) > hi) return 0;
    for (size_t i = 2; i < len; ++i)
        if (at(i) < 0x80 || at(i) > 0xbf) return 0;
    return len;
}

void append_escaped(std::string_view text, std::string& out) {
    size_t i = 0;
    while (i < text.size()) {
        // Copy the longest run that needs nothing, in one append.
        size_t run = i;
        while (run < text.size()) {
            const auto c = static_cast<unsigned char>(text[run]);
            if (c < 0x20 || c >= 0x7f) break;
            ++run;
        }
        out.append(text.data() + i, run - i);
        i = run;
        if (i == text.size()) break;

        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {  // a C0 control or DEL
            switch (c) {
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                default:
                    append_hex_escape(c, out);
            }
            ++i;
            continue;
        }
        const size_t len = utf8_sequence_length(text.substr(i));
        if (len == 0) {  // not UTF-8: this byte alone
            append_hex_escape(c, out);
            ++i;
            continue;
        }
        if (is_display_control(utf8_code_point(text.substr(i), len))) {
            for (size_t k = 0; k < len; ++k)
                append_hex_escape(static_cast<unsigned char>(text[i + k]), out);
        } else {
            out.append(text.data() + i, len);
        }
        i += len;
    }
}

}  // namespace lanner::output
