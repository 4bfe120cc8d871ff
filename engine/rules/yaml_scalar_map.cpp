#include "rules/yaml_scalar_map.h"

#include <string>

namespace lanner::rules {
namespace {

// The value being rebuilt, with the file offset of each byte.
struct Builder {
    std::string text;
    std::vector<uint32_t> offsets;

    void put(char c, size_t at) {
        text += c;
        offsets.push_back(static_cast<uint32_t>(at));
    }
    void put_n(char c, size_t n, size_t at) {
        for (size_t i = 0; i < n; ++i) put(c, at);
    }
};

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

size_t line_end(std::string_view s, size_t i) {
    const size_t e = s.find('\n', i);
    return e == std::string_view::npos ? s.size() : e;
}

size_t indent_of(std::string_view s, size_t line_start) {
    size_t i = line_start;
    while (i < s.size() && s[i] == ' ') ++i;
    return i - line_start;
}

bool blank_line(std::string_view s, size_t line_start) {
    size_t i = line_start;
    while (i < s.size() && is_blank(s[i])) ++i;
    return i >= s.size() || s[i] == '\n' || s[i] == '\r';
}

// Appends s[from, to) without trailing blanks, stopping at a " #" comment.
void put_plain_segment(std::string_view s, size_t from, size_t to, Builder& b) {
    size_t end = from;
    for (size_t i = from; i < to; ++i) {
        if (s[i] == '#' && i > from && is_blank(s[i - 1])) break;
        if (s[i] == '\r') break;
        if (!is_blank(s[i])) end = i + 1;
    }
    for (size_t i = from; i < end; ++i) b.put(s[i], i);
}

bool map_plain(std::string_view s, size_t start, size_t parent_indent, Builder& b) {
    size_t eol = line_end(s, start);
    put_plain_segment(s, start, eol, b);
    size_t empty = 0;
    size_t last_break = eol;
    for (size_t ls = eol + 1; ls < s.size(); ls = line_end(s, ls) + 1) {
        if (blank_line(s, ls)) {
            ++empty;
            continue;
        }
        const size_t indent = indent_of(s, ls);
        if (indent <= parent_indent) break;
        size_t first = ls;
        while (first < s.size() && is_blank(s[first])) ++first;
        if (s[first] == '#') break;
        if (empty == 0)
            b.put(' ', last_break);
        else
            b.put_n('\n', empty, last_break);
        empty = 0;
        const size_t e = line_end(s, first);
        put_plain_segment(s, first, e, b);
        last_break = e;
    }
    return true;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void put_utf8(uint32_t cp, size_t at, Builder& b) {
    if (cp < 0x80) {
        b.put(static_cast<char>(cp), at);
    } else if (cp < 0x800) {
        b.put(static_cast<char>(0xc0 | (cp >> 6)), at);
        b.put(static_cast<char>(0x80 | (cp & 0x3f)), at);
    } else if (cp < 0x10000) {
        b.put(static_cast<char>(0xe0 | (cp >> 12)), at);
        b.put(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)), at);
        b.put(static_cast<char>(0x80 | (cp & 0x3f)), at);
    } else {
        b.put(static_cast<char>(0xf0 | (cp >> 18)), at);
        b.put(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)), at);
        b.put(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)), at);
        b.put(static_cast<char>(0x80 | (cp & 0x3f)), at);
    }
}

// Decodes the escape at s[i] == '\\'; returns the index after it, or 0 when
// it is not a valid YAML escape.
size_t put_escape(std::string_view s, size_t i, Builder& b) {
    if (i + 1 >= s.size()) return 0;
    const char e = s[i + 1];
    char simple = 0;
    uint32_t code_point = 0;
    size_t digits = 0;
    switch (e) {
        case '0':
            b.put('\0', i);
            return i + 2;
        case 'a':
            simple = '\a';
            break;
        case 'b':
            simple = '\b';
            break;
        case 't':
        case '\t':
            simple = '\t';
            break;
        case 'n':
            simple = '\n';
            break;
        case 'v':
            simple = '\v';
            break;
        case 'f':
            simple = '\f';
            break;
        case 'r':
            simple = '\r';
            break;
        case 'e':
            simple = '\x1b';
            break;
        case ' ':
            simple = ' ';
            break;
        case '"':
            simple = '"';
            break;
        case '/':
            simple = '/';
            break;
        case '\\':
            simple = '\\';
            break;
        case 'N':
            code_point = 0x85;
            break;
        case '_':
            code_point = 0xa0;
            break;
        case 'L':
            code_point = 0x2028;
            break;
        case 'P':
            code_point = 0x2029;
            break;
        case 'x':
            digits = 2;
            break;
        case 'u':
            digits = 4;
            break;
        case 'U':
            digits = 8;
            break;
        default:
            return 0;
    }
    if (simple != 0) {
        b.put(simple, i);
        return i + 2;
    }
    if (digits != 0) {
        if (i + 2 + digits > s.size()) return 0;
        for (size_t d = 0; d < digits; ++d) {
            const int v = hex_value(s[i + 2 + d]);
            if (v < 0) return 0;
            code_point = code_point * 16 + static_cast<uint32_t>(v);
        }
    }
    put_utf8(code_point, i, b);
    return i + 2 + digits;
}

// Quoted scalars fold line breaks: trailing blanks go, a single break is a
// space, n empty lines are n newlines, leading blanks of the next line go.
bool map_quoted(std::string_view s, size_t start, Builder& b) {
    const char quote = s[start];
    size_t raw_blanks = 0;  // blanks at the end of `b` copied from the source
    for (size_t i = start + 1; i < s.size();) {
        const char c = s[i];
        if (c == quote) {
            if (quote == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
                b.put('\'', i);
                raw_blanks = 0;
                i += 2;
                continue;
            }
            return true;
        }
        if (quote == '"' && c == '\\') {
            if (i + 1 < s.size() && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
                // Escaped line break: joined without a space.
                i = line_end(s, i) + 1;
                while (i < s.size() && is_blank(s[i])) ++i;
                raw_blanks = 0;
                continue;
            }
            const size_t next = put_escape(s, i, b);
            if (next == 0) return false;
            raw_blanks = 0;
            i = next;
            continue;
        }
        if (c == '\n' || c == '\r') {
            for (; raw_blanks > 0; --raw_blanks) {
                b.text.pop_back();
                b.offsets.pop_back();
            }
            const size_t brk = i;
            size_t empty = 0;
            size_t ls = line_end(s, i) + 1;
            while (ls < s.size() && blank_line(s, ls)) {
                ++empty;
                ls = line_end(s, ls) + 1;
            }
            if (empty == 0)
                b.put(' ', brk);
            else
                b.put_n('\n', empty, brk);
            i = ls;
            while (i < s.size() && is_blank(s[i])) ++i;
            continue;
        }
        b.put(c, i);
        raw_blanks = is_blank(c) ? raw_blanks + 1 : 0;
        ++i;
    }
    return false;
}

bool map_block(std::string_view s, size_t start, size_t parent_indent, Builder& b) {
    const bool folded = s[start] == '>';
    char chomp = 'c';  // clip, strip ('-') or keep ('+')
    size_t explicit_indent = 0;
    size_t i = start + 1;
    for (; i < s.size() && s[i] != '\n' && !is_blank(s[i]) && s[i] != '#'; ++i) {
        if (s[i] == '-' || s[i] == '+')
            chomp = s[i];
        else if (s[i] >= '1' && s[i] <= '9')
            explicit_indent = static_cast<size_t>(s[i] - '0');
        else
            return false;
    }
    size_t content_indent = explicit_indent ? parent_indent + explicit_indent : 0;
    struct Line {
        size_t from, to, brk;  // content [from, to), offset of its line break
        bool empty;
    };
    std::vector<Line> lines;
    for (size_t ls = line_end(s, i) + 1; ls < s.size(); ls = line_end(s, ls) + 1) {
        const size_t eol = line_end(s, ls);
        const size_t indent = indent_of(s, ls);
        if (blank_line(s, ls)) {
            lines.push_back({eol, eol, eol, true});
            continue;
        }
        if (content_indent == 0) {
            if (indent <= parent_indent) break;
            content_indent = indent;
        }
        if (indent < content_indent) break;
        size_t to = eol;
        if (to > ls && s[to - 1] == '\r') --to;
        lines.push_back({ls + content_indent, to, eol, false});
    }
    size_t last = lines.size();
    while (last > 0 && lines[last - 1].empty) --last;
    auto more_indented = [&](const Line& l) {
        return !l.empty && l.from < l.to && is_blank(s[l.from]);
    };
    size_t k = 0;
    for (; k < last && lines[k].empty; ++k) b.put('\n', lines[k].brk);
    for (size_t prev = k; k < last; ++k) {
        const Line& l = lines[k];
        if (l.empty) continue;
        if (k != prev) {
            const size_t empties = k - prev - 1;
            const Line& p = lines[prev];
            if (folded && !more_indented(p) && !more_indented(l)) {
                if (empties == 0)
                    b.put(' ', p.brk);
                else
                    b.put_n('\n', empties, p.brk);
            } else {
                b.put_n('\n', empties + 1, p.brk);
            }
        }
        for (size_t j = l.from; j < l.to; ++j) b.put(s[j], j);
        prev = k;
    }
    if (last > 0 && chomp != '-') {
        b.put('\n', lines[last - 1].brk);
        if (chomp == '+')
            for (size_t t = last; t < lines.size(); ++t) b.put('\n', lines[t].brk);
    }
    return true;
}

}  // namespace

std::vector<uint32_t> map_scalar_offsets(std::string_view file, uint32_t start,
                                         uint32_t parent_indent, std::string_view value) {
    if (start >= file.size()) return {};
    Builder b;
    bool ok;
    switch (file[start]) {
        case '"':
        case '\'':
            ok = map_quoted(file, start, b);
            break;
        case '|':
        case '>':
            ok = map_block(file, start, parent_indent, b);
            break;
        default:
            ok = map_plain(file, start, parent_indent, b);
            break;
    }
    if (!ok || b.text != value) return {};
    return std::move(b.offsets);
}

}  // namespace lanner::rules
