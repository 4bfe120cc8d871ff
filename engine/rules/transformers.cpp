#include "rules/transformers.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "fields/value_text.h"

namespace lanner::rules {

using fields::FieldType;
using fields::FieldValues;
using fields::ValueShape;

namespace {

constexpr std::array<std::pair<std::string_view, TransformerKind>, 8> kKinds = {{
    {"tolower", TransformerKind::ToLower},
    {"toupper", TransformerKind::ToUpper},
    {"b64", TransformerKind::B64},
    {"basename", TransformerKind::Basename},
    {"len", TransformerKind::Len},
    {"join", TransformerKind::Join},
    {"concat", TransformerKind::Concat},
    {"getopt", TransformerKind::GetOpt},
}};

bool is_string_like(FieldType t) {
    return t == FieldType::String || t == FieldType::StringList;
}

int base64_value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// Standard base64 with optional padding; false on any other character.
bool base64_decode(std::string_view in, std::string& out) {
    while (!in.empty() && in.back() == '=') in.remove_suffix(1);
    uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : in) {
        const int v = base64_value(c);
        if (v < 0) return false;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return true;
}

// Single-character strings for getopt's results, so they need no storage.
std::string_view letter(unsigned char c) {
    static const std::array<char, 256> letters = [] {
        std::array<char, 256> a{};
        for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<char>(i);
        return a;
    }();
    return std::string_view(&letters[c], 1);
}

// POSIX getopt over space-separated arguments: the option letters present,
// stopping at "--" or the first non-option word.
void getopt_options(std::string_view args, std::string_view optstring, FieldValues& out) {
    auto takes_argument = [&](char c) {
        const size_t k = optstring.find(c);
        return k != std::string_view::npos && k + 1 < optstring.size() && optstring[k + 1] == ':';
    };
    size_t i = 0;
    bool skip_next_word = false;
    while (i < args.size()) {
        while (i < args.size() && args[i] == ' ') ++i;
        if (i == args.size()) break;
        const size_t end = std::min(args.find(' ', i), args.size());
        const std::string_view word = args.substr(i, end - i);
        i = end;
        if (skip_next_word) {  // the argument of the previous option
            skip_next_word = false;
            continue;
        }
        if (word == "--" || word.size() < 2 || word[0] != '-' || word[1] == '-') break;
        for (size_t k = 1; k < word.size(); ++k) {
            const char c = word[k];
            if (c == ':' || optstring.find(c) == std::string_view::npos) continue;
            out.add_view(letter(static_cast<unsigned char>(c)));
            if (takes_argument(c)) {
                skip_next_word = k + 1 == word.size();  // "-t value" vs "-tvalue"
                break;
            }
        }
    }
}

}  // namespace

std::optional<TransformerKind> transformer_kind(std::string_view name) noexcept {
    for (const auto& [n, k] : kKinds)
        if (n == name) return k;
    return std::nullopt;
}

std::string check_transform(TransformSpec& spec) {
    auto& args = spec.args;
    const auto field_args = static_cast<size_t>(
        std::count_if(args.begin(), args.end(), [](const TransformArg& a) { return !a.literal; }));
    switch (spec.kind) {
        case TransformerKind::ToLower:
        case TransformerKind::ToUpper:
        case TransformerKind::Basename:
            if (args.size() != 1 || args[0].literal)
                return fmt::format("{}() takes one field", spec.name);
            if (!is_string_like(args[0].type))
                return fmt::format("{}() applies to string fields, not {}", spec.name,
                                   fields::type_name(args[0].type));
            spec.type = args[0].type;
            spec.shape = args[0].shape;
            return {};
        case TransformerKind::B64:
            if (args.size() != 1 || args[0].literal) return "b64() takes one field";
            if (!is_string_like(args[0].type) && args[0].type != FieldType::Bytes)
                return fmt::format("b64() applies to string or bytes fields, not {}",
                                   fields::type_name(args[0].type));
            spec.type = args[0].type;
            spec.shape = args[0].shape;
            return {};
        case TransformerKind::Len:
            if (args.size() != 1 || args[0].literal) return "len() takes one field";
            if (!is_string_like(args[0].type) && args[0].type != FieldType::Bytes)
                return fmt::format("len() applies to string, bytes or list fields, not {}",
                                   fields::type_name(args[0].type));
            spec.type = FieldType::Uint64;
            // The length of a list is its item count: one value.
            spec.shape = args[0].shape == ValueShape::List ? ValueShape::Single : args[0].shape;
            return {};
        case TransformerKind::Join:
            if (args.size() != 2 || field_args != 1)
                return "join() takes a list field and a separator string";
            // Either order: the literal is the separator.
            if (!args[0].literal) std::swap(args[0], args[1]);
            if (!is_string_like(args[1].type))
                return fmt::format("join() applies to string fields, not {}",
                                   fields::type_name(args[1].type));
            spec.type = FieldType::String;
            spec.shape = ValueShape::Single;
            return {};
        case TransformerKind::Concat:
            if (args.size() < 2 || args.size() > kMaxTransformArgs)
                return fmt::format("concat() takes 2 to {} fields or strings", kMaxTransformArgs);
            for (const auto& a : args)
                if (!a.literal && a.shape != ValueShape::Single)
                    return "concat() takes fields with one value (not lists or proc.aname "
                           "without an index)";
            spec.type = FieldType::String;
            spec.shape = ValueShape::Single;
            return {};
        case TransformerKind::GetOpt:
            if (args.size() != 2 || args[0].literal || !args[1].literal)
                return "getopt() takes an arguments field and an option string: "
                       "getopt(proc.args, \"nt:\")";
            if (args[0].type != FieldType::String || args[0].shape != ValueShape::Single)
                return "getopt() applies to a single string field such as proc.args";
            spec.type = FieldType::StringList;
            spec.shape = ValueShape::List;
            return {};
    }
    return "unknown transformer";
}

bool apply_transform(const TransformSpec& spec, std::span<const FieldValues* const> inputs,
                     FieldValues& out) {
    for (size_t i = 0; i < spec.args.size(); ++i)
        if (!spec.args[i].literal && (i >= inputs.size() || inputs[i] == nullptr)) return false;
    switch (spec.kind) {
        case TransformerKind::ToLower:
        case TransformerKind::ToUpper: {
            const bool lower = spec.kind == TransformerKind::ToLower;
            for (const auto& v : inputs[0]->values()) {
                const size_t at = out.begin_owned();
                for (char c : v.str)
                    out.owned() +=
                        static_cast<char>(lower ? std::tolower(static_cast<unsigned char>(c))
                                                : std::toupper(static_cast<unsigned char>(c)));
                out.end_owned(at);
            }
            return true;
        }
        case TransformerKind::B64:
            for (const auto& v : inputs[0]->values()) {
                const size_t at = out.begin_owned();
                if (!base64_decode(v.str, out.owned())) return false;
                out.end_owned(at);
            }
            return true;
        case TransformerKind::Basename:
            for (const auto& v : inputs[0]->values()) {
                const size_t slash = v.str.rfind('/');
                out.add_view(slash == std::string_view::npos ? v.str : v.str.substr(slash + 1));
            }
            return true;
        case TransformerKind::Len:
            if (spec.args[0].shape == ValueShape::List) {
                out.add_num(inputs[0]->size());
                return true;
            }
            for (const auto& v : inputs[0]->values()) out.add_num(v.str.size());
            return true;
        case TransformerKind::Join: {
            const size_t at = out.begin_owned();
            bool first = true;
            for (const auto& v : inputs[1]->values()) {
                if (!first) out.owned() += spec.args[0].text;
                first = false;
                out.owned() += v.str;
            }
            out.end_owned(at);
            return true;
        }
        case TransformerKind::Concat: {
            const size_t at = out.begin_owned();
            for (size_t i = 0; i < spec.args.size(); ++i) {
                const auto& a = spec.args[i];
                if (a.literal) {
                    out.owned() += a.text;
                    continue;
                }
                if (inputs[i]->empty()) return false;
                fields::append_value_text(a.type, (*inputs[i])[0], out.owned());
            }
            out.end_owned(at);
            return true;
        }
        case TransformerKind::GetOpt:
            for (const auto& v : inputs[0]->values()) getopt_options(v.str, spec.args[1].text, out);
            return true;
    }
    return false;
}

}  // namespace lanner::rules
