#include "config/config_decode.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>

#include <fmt/format.h>

#include "config/config_keys.h"

namespace lanner::config {
namespace {

struct DecodeCtx {
    const SourceTable& sources;
    Diagnostics& diags;
    KeyOrigins& origins;

    void expected(const std::string& path, const ConfigNode& n, std::string_view what) {
        diags.error(n.origin(), path, fmt::format("expected {}, got {}", what, n.describe()));
    }
};

std::string join(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

template <class T>
concept Enum = std::is_enum_v<T>;

// Types a single scalar may stand for a one-item list of.
template <class T>
constexpr bool kScalarListItem =
    std::is_same_v<T, std::string> || std::is_same_v<T, std::filesystem::path> || Enum<T> ||
    std::is_same_v<T, ConfigFileRef>;

// The parts of a selector and of a config_files entry, decoded as sections
// so their unknown keys are reported like any other.
struct SelectorTarget {
    std::string rule;
    std::string tag;
    template <class V>
    void describe(V& v) {
        v("rule", rule);
        v("tag", tag);
    }
};
struct ConfigFileSpec {
    std::filesystem::path path;
    MergeStrategy strategy = MergeStrategy::Append;
    template <class V>
    void describe(V& v) {
        v("path", path);
        v("strategy", strategy);
    }
};

class MapDecoder;

// A section: a struct that lists its keys in describe().
template <class T>
concept Section = requires(T& t, MapDecoder& v) {
    t.describe(v);
};

// One overload per value type; all return whether `out` was set.
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, bool&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, uint32_t&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, uint64_t&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, double&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, std::string&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, std::filesystem::path&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, std::chrono::milliseconds&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, ByteSize&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, RuleSelector&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, ConfigFileRef&);
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, ExtraField&);
template <Enum E>
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, E&);
template <class T>
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, std::vector<T>&);
template <Section T>
bool decode(DecodeCtx&, const std::string&, const ConfigNode&, T&);

// Visits a section's describe(): decodes each key present and warns about
// the keys the section does not have.
class MapDecoder {
  public:
    MapDecoder(DecodeCtx& ctx, std::string path, const ConfigNode& map)
        : ctx_(ctx), path_(std::move(path)), map_(map) {}

    template <class T, class Check = std::nullptr_t>
    void operator()(std::string_view name, T& member, Check check = nullptr) {
        known_.push_back(name);
        const ConfigNode* child = map_.find(name);
        if (!child || child->is_null()) return;  // absent or empty: keep the default
        const std::string path = join(path_, name);
        ctx_.origins[path] = child->origin();
        if constexpr (IsOptional<T>::value) {
            typename T::value_type value = member.value_or(typename T::value_type{});
            if (decode(ctx_, path, *child, value) && passes(check, value, path, *child))
                member = std::move(value);
        } else {
            T value = member;
            if (decode(ctx_, path, *child, value) && passes(check, value, path, *child))
                member = std::move(value);
        }
    }

    void report_unknown() {
        for (const auto& e : map_.entries()) {
            if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
            ctx_.diags.warning(e.key_origin, join(path_, e.key),
                               unknown_key_message(path_, e.key, known_));
        }
    }

  private:
    template <class Check, class T>
    bool passes(Check check, const T& value, const std::string& path, const ConfigNode& n) {
        if constexpr (std::is_same_v<Check, std::nullptr_t>) {
            return true;
        } else {
            if (auto problem = check(value)) {
                ctx_.diags.error(n.origin(), path, *problem);
                return false;
            }
            return true;
        }
    }

    DecodeCtx& ctx_;
    std::string path_;
    const ConfigNode& map_;
    std::vector<std::string_view> known_;
};

const std::string* scalar(DecodeCtx& ctx, const std::string& path, const ConfigNode& n,
                          std::string_view what) {
    if (n.is_scalar()) return &n.text();
    ctx.expected(path, n, what);
    return nullptr;
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, bool& out) {
    const std::string* text = scalar(ctx, path, n, "a boolean");
    if (!text) return false;
    if (auto b = parse_bool(*text)) {
        out = *b;
        return true;
    }
    ctx.expected(path, n, "a boolean");
    return false;
}

template <class U>
bool decode_unsigned(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, U& out) {
    const std::string* text = scalar(ctx, path, n, "a whole number");
    if (!text) return false;
    U value = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec == std::errc::result_out_of_range && ptr == end) {
        ctx.expected(path, n,
                     fmt::format("a whole number from 0 to {}", std::numeric_limits<U>::max()));
        return false;
    }
    if (ec != std::errc() || ptr != end || text->empty()) {
        ctx.expected(path, n, "a whole number");
        return false;
    }
    out = value;
    return true;
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, uint32_t& out) {
    return decode_unsigned(ctx, path, n, out);
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, uint64_t& out) {
    return decode_unsigned(ctx, path, n, out);
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, double& out) {
    const std::string* text = scalar(ctx, path, n, "a number");
    if (!text) return false;
    double value = 0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    if (begin != end && *begin == '+') ++begin;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end || begin == end || !std::isfinite(value)) {
        ctx.expected(path, n, "a number");
        return false;
    }
    out = value;
    return true;
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, std::string& out) {
    const std::string* text = scalar(ctx, path, n, "a string");
    if (!text) return false;
    out = *text;
    return true;
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n,
            std::filesystem::path& out) {
    const std::string* text = scalar(ctx, path, n, "a path");
    if (!text) return false;
    if (text->empty()) {
        ctx.expected(path, n, "a path");
        return false;
    }
    std::filesystem::path p(*text);
    // A relative path in a file is read from that file's directory, so a
    // configuration means the same wherever lanner is started from.
    const auto& src = ctx.sources[n.origin().source];
    if (p.is_relative() && src.kind == SourceTable::Kind::File && !src.base_dir.empty())
        p = (src.base_dir / p).lexically_normal();
    out = std::move(p);
    return true;
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n,
            std::chrono::milliseconds& out) {
    constexpr std::string_view what = "a duration such as 15s, 1m, 1h30m or 500ms";
    const std::string* text = scalar(ctx, path, n, what);
    if (!text) return false;
    if (auto d = parse_duration(*text)) {
        out = *d;
        return true;
    }
    ctx.expected(path, n, what);
    return false;
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, ByteSize& out) {
    const std::string* text = scalar(ctx, path, n, "a size such as 64MiB or 1048576");
    if (!text) return false;
    std::string error;
    if (auto bytes = parse_size(*text, &error)) {
        out.bytes = *bytes;
        return true;
    }
    ctx.diags.error(n.origin(), path, error);
    return false;
}

template <Enum E>
bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, E& out) {
    const std::string what = "one of " + enum_choices<E>();
    const std::string* text = scalar(ctx, path, n, what);
    if (!text) return false;
    if (auto v = parse_enum<E>(*text)) {
        out = *v;
        return true;
    }
    std::vector<std::string_view> names;
    for (const auto& e : EnumNames<E>::entries()) names.push_back(e.name);
    std::string msg = fmt::format("expected {}, got {}", what, n.describe());
    if (auto near = closest(*text, names); !near.empty())
        msg += fmt::format(" (did you mean '{}'?)", near);
    ctx.diags.error(n.origin(), path, msg);
    return false;
}

template <class T>
bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, std::vector<T>& out) {
    if constexpr (kScalarListItem<T>) {
        if (n.is_scalar()) {  // `rules_files: x.yaml` is a list of one
            T item{};
            if (!decode(ctx, path, n, item)) return false;
            out = {std::move(item)};
            return true;
        }
    }
    if (!n.is_sequence()) {
        ctx.expected(path, n, "a list");
        return false;
    }
    std::vector<T> items;
    bool ok = true;
    for (size_t i = 0; i < n.items().size(); ++i) {
        const ConfigNode& item_node = n.items()[i];
        const std::string item_path = path + "[" + std::to_string(i) + "]";
        ctx.origins[item_path] = item_node.origin();
        T item{};
        if (item_node.is_null()) {
            ctx.diags.error(item_node.origin(), item_path, "empty list item");
            ok = false;
        } else if (decode(ctx, item_path, item_node, item)) {
            items.push_back(std::move(item));
        } else {
            ok = false;
        }
    }
    if (ok) out = std::move(items);
    return ok;
}

template <Section T>
bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, T& out) {
    if (!n.is_map()) {
        ctx.expected(path, n, "a mapping");
        return false;
    }
    MapDecoder d(ctx, path, n);
    out.describe(d);
    d.report_unknown();
    return true;
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, RuleSelector& out) {
    constexpr std::string_view what = "a mapping with 'enable' or 'disable'";
    if (!n.is_map() || n.entries().empty()) {
        ctx.expected(path, n, what);
        return false;
    }
    if (n.entries().size() > 1) {
        ctx.diags.error(
            n.entries()[1].key_origin, path,
            "a selector has one key, 'enable' or 'disable'; put each in its own list item");
        return false;
    }
    const auto& e = n.entries().front();
    const std::string sub = join(path, e.key);
    if (e.key == "enable") {
        out.op = RuleSelector::Op::Enable;
    } else if (e.key == "disable") {
        out.op = RuleSelector::Op::Disable;
    } else {
        static constexpr std::string_view kOps[] = {"enable", "disable"};
        std::string msg = fmt::format("expected 'enable' or 'disable', got '{}'", e.key);
        if (auto near = closest(e.key, kOps); !near.empty())
            msg += fmt::format(" (did you mean '{}'?)", near);
        ctx.diags.error(e.key_origin, path, msg);
        return false;
    }
    SelectorTarget target;
    if (e.value.is_null() || !decode(ctx, sub, e.value, target)) {
        if (e.value.is_null()) ctx.expected(sub, e.value, "a mapping with 'rule' or 'tag'");
        return false;
    }
    if (target.rule.empty() && target.tag.empty()) {
        ctx.diags.error(e.value.origin(), sub, "names no rule and no tag");
        return false;
    }
    out.rule = std::move(target.rule);
    out.tag = std::move(target.tag);
    return true;
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, ConfigFileRef& out) {
    if (n.is_scalar()) {
        out.strategy = MergeStrategy::Append;
        return decode(ctx, path, n, out.path);
    }
    ConfigFileSpec spec;
    if (!n.is_map()) {
        ctx.expected(path, n, "a path or a mapping with 'path' and 'strategy'");
        return false;
    }
    if (!decode(ctx, path, n, spec)) return false;
    if (spec.path.empty()) {
        ctx.diags.error(n.origin(), path, "'path' is missing");
        return false;
    }
    out.path = std::move(spec.path);
    out.strategy = spec.strategy;
    return true;
}

bool decode(DecodeCtx& ctx, const std::string& path, const ConfigNode& n, ExtraField& out) {
    if (n.is_scalar()) {
        out = ExtraField{n.text(), ""};
        return true;
    }
    if (!n.is_map() || n.entries().size() != 1 || !n.entries().front().value.is_scalar()) {
        ctx.expected(path, n, "a field name, or one 'name: format' pair");
        return false;
    }
    out = ExtraField{n.entries().front().key, n.entries().front().value.text()};
    return true;
}

}  // namespace

void decode_config(const ConfigNode& root, const SourceTable& sources, Diagnostics& diags,
                   Config& out, KeyOrigins& origins) {
    DecodeCtx ctx{sources, diags, origins};
    if (root.is_null()) return;
    decode(ctx, "", root, out);
}

std::vector<ConfigFileRef> decode_config_files(const ConfigNode& root, const SourceTable& sources) {
    std::vector<ConfigFileRef> refs;
    const ConfigNode* node = root.is_map() ? root.find("config_files") : nullptr;
    if (!node || node->is_null()) return refs;
    Diagnostics scratch(sources);  // decode_config reports these later
    KeyOrigins origins;
    DecodeCtx ctx{sources, scratch, origins};
    if (!decode(ctx, "config_files", *node, refs)) refs.clear();
    return refs;
}

}  // namespace lanner::config
