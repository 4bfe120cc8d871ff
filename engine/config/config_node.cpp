#include "config/config_node.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

namespace lanner::config {

ConfigNode ConfigNode::null(Origin o) {
    ConfigNode n;
    n.origin_ = o;
    return n;
}

ConfigNode ConfigNode::scalar(std::string text, Origin o, Type t) {
    ConfigNode n;
    n.kind_ = Kind::Scalar;
    n.type_ = t;
    n.text_ = std::move(text);
    n.origin_ = o;
    return n;
}

ConfigNode ConfigNode::map(Origin o) {
    ConfigNode n;
    n.kind_ = Kind::Map;
    n.origin_ = o;
    return n;
}

ConfigNode ConfigNode::sequence(Origin o) {
    ConfigNode n;
    n.kind_ = Kind::Sequence;
    n.origin_ = o;
    return n;
}

const ConfigNode* ConfigNode::find(std::string_view key) const noexcept {
    for (const auto& e : entries_)
        if (e.key == key) return &e.value;
    return nullptr;
}

ConfigNode* ConfigNode::find(std::string_view key) noexcept {
    for (auto& e : entries_)
        if (e.key == key) return &e.value;
    return nullptr;
}

ConfigNode& ConfigNode::add(std::string key, Origin key_origin, ConfigNode value) {
    if (kind_ != Kind::Map) *this = map(origin_);
    entries_.push_back(Entry{std::move(key), key_origin, std::move(value)});
    return entries_.back().value;
}

bool ConfigNode::remove(std::string_view key) {
    const auto it = std::find_if(entries_.begin(), entries_.end(),
                                 [&](const Entry& e) { return e.key == key; });
    if (it == entries_.end()) return false;
    entries_.erase(it);
    return true;
}

void ConfigNode::push_back(ConfigNode item) {
    if (kind_ != Kind::Sequence) *this = sequence(origin_);
    items_.push_back(std::move(item));
}

std::string ConfigNode::describe() const {
    switch (kind_) {
        case Kind::Null:
            return "nothing";
        case Kind::Map:
            return "a mapping";
        case Kind::Sequence:
            return "a list";
        case Kind::Scalar:
            break;
    }
    constexpr size_t kMax = 60;
    if (text_.size() <= kMax) return "'" + text_ + "'";
    return "'" + text_.substr(0, kMax) + "...'";
}

namespace {

Origin origin_of(const YAML::Node& n, uint32_t source) {
    const YAML::Mark m = n.Mark();
    if (m.is_null()) return Origin{source, 0, 0};
    return Origin{source, static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1)};
}

std::string expand(const std::string& text, const Origin& where, const std::string& key,
                   Diagnostics& diags) {
    if (text.find('$') == std::string::npos) return text;
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 3, "$${") == 0 && text.find('}', i) != std::string::npos) {
            const size_t end = text.find('}', i);  // $${X} is the literal ${X}
            out.append(text, i + 1, end - i);
            i = end + 1;
            continue;
        }
        if (text.compare(i, 2, "${") == 0) {
            const size_t end = text.find('}', i);
            if (end == std::string::npos) {
                out.append(text, i, std::string::npos);
                break;
            }
            const std::string var = text.substr(i + 2, end - i - 2);
            if (const char* value = std::getenv(var.c_str())) {
                out += value;
            } else {
                diags.warning(where, key,
                              "environment variable " + var + " is not set; ${" + var +
                                  "} expands to nothing");
            }
            i = end + 1;
            continue;
        }
        out += text[i++];
    }
    return out;
}

std::string child_path(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

// Limits no configuration comes near; they stop a recursive alias
// (&a [*a], which yaml-cpp builds as a cycle) and alias bombs (lists of
// aliases of lists of aliases...).
constexpr int kMaxDepth = 64;
constexpr size_t kMaxNodes = 1'000'000;

class Converter {
  public:
    Converter(uint32_t source, Diagnostics& diags, bool expand_env)
        : source_(source), diags_(diags), expand_env_(expand_env) {}

    ConfigNode convert(const YAML::Node& y, const std::string& path, int depth) {
        const Origin origin = origin_of(y, source_);
        if (depth > kMaxDepth || ++nodes_ > kMaxNodes) {
            if (!too_big_)
                diags_.error(origin, path.substr(0, path.find_first_of(".[")),
                             fmt::format("nested deeper than {} levels or larger than {} values "
                                         "(a recursive alias?)",
                                         kMaxDepth, kMaxNodes));
            too_big_ = true;
            return ConfigNode::null(origin);
        }
        switch (y.Type()) {
            case YAML::NodeType::Undefined:
            case YAML::NodeType::Null:
                return ConfigNode::null(origin);
            case YAML::NodeType::Scalar: {
                std::string text = y.Scalar();
                if (expand_env_) text = expand(text, origin, path, diags_);
                return ConfigNode::scalar(std::move(text), origin);
            }
            case YAML::NodeType::Sequence: {
                ConfigNode seq = ConfigNode::sequence(origin);
                size_t i = 0;
                for (const auto& item : y) {
                    seq.push_back(convert(item, path + "[" + std::to_string(i++) + "]", depth + 1));
                    if (too_big_) break;
                }
                return seq;
            }
            case YAML::NodeType::Map: {
                ConfigNode map = ConfigNode::map(origin);
                for (const auto& kv : y) {
                    const Origin key_origin = origin_of(kv.first, source_);
                    if (!kv.first.IsScalar()) {
                        diags_.error(key_origin, path,
                                     "keys must be plain names, not lists or mappings");
                        continue;
                    }
                    const std::string key = kv.first.Scalar();
                    const std::string sub = child_path(path, key);
                    ConfigNode value = convert(kv.second, sub, depth + 1);
                    if (too_big_) break;
                    if (map.find(key)) {
                        diags_.warning(key_origin, sub,
                                       "key given twice in this mapping; the later value wins");
                        map.remove(key);
                    }
                    map.add(key, key_origin, std::move(value));
                }
                return map;
            }
        }
        return ConfigNode::null(origin);
    }

    bool too_big() const noexcept { return too_big_; }

  private:
    uint32_t source_;
    Diagnostics& diags_;
    bool expand_env_;
    size_t nodes_ = 0;
    bool too_big_ = false;
};

}  // namespace

ConfigNode from_yaml(const YAML::Node& node, uint32_t source, Diagnostics& diags, bool expand_env) {
    Converter c(source, diags, expand_env);
    ConfigNode out = c.convert(node, "", 0);
    return c.too_big() ? ConfigNode::null(out.origin()) : out;  // unusable: drop it all
}

std::optional<ConfigNode> parse_yaml(std::string_view text, uint32_t source, Diagnostics& diags,
                                     bool expand_env) {
    try {
        const YAML::Node doc = YAML::Load(std::string(text));
        return from_yaml(doc, source, diags, expand_env);
    } catch (const YAML::Exception& e) {
        Origin where{source, 0, 0};
        if (!e.mark.is_null()) {
            where.line = static_cast<uint32_t>(e.mark.line + 1);
            where.column = static_cast<uint32_t>(e.mark.column + 1);
        }
        diags.error(where, "", "YAML syntax error: " + e.msg);
        return std::nullopt;
    }
}

namespace {

ConfigNode::Entry* find_entry(ConfigNode& map, std::string_view key) {
    for (auto& e : map.entries())
        if (e.key == key) return &e;
    return nullptr;
}

// Returns whether `src` took effect. `top_level`: `dst` is the value of one
// of the document's own keys (where Append appends lists).
bool merge_value(ConfigNode& dst, const ConfigNode& src, MergeStrategy strategy,
                 const SourceTable& sources, bool top_level);

bool merge_entries(ConfigNode& dst, const ConfigNode& src, MergeStrategy strategy,
                   const SourceTable& sources, bool children_top_level) {
    bool changed = false;
    for (const auto& e : src.entries()) {
        ConfigNode::Entry* existing = find_entry(dst, e.key);
        if (!existing) {
            dst.add(e.key, e.key_origin, e.value);
            changed = true;
        } else if (merge_value(existing->value, e.value, strategy, sources, children_top_level)) {
            existing->key_origin = e.key_origin;  // a key's place is where it was last given
            changed = true;
        }
    }
    return changed;
}

bool merge_value(ConfigNode& dst, const ConfigNode& src, MergeStrategy strategy,
                 const SourceTable& sources, bool top_level) {
    if (src.is_null()) return false;
    if (src.is_map() && dst.is_map()) return merge_entries(dst, src, strategy, sources, false);
    if (strategy == MergeStrategy::AddOnly && !dst.is_null() && !sources.is_default(dst.origin()))
        return false;
    if (strategy == MergeStrategy::Append && top_level && src.is_sequence() && dst.is_sequence()) {
        for (const auto& item : src.items()) dst.push_back(item);
        dst.set_origin(src.origin());
        return true;
    }
    dst = src;
    return true;
}

}  // namespace

void merge(ConfigNode& dst, const ConfigNode& src, MergeStrategy strategy,
           const SourceTable& sources) {
    if (src.is_map() && dst.is_map()) {
        merge_entries(dst, src, strategy, sources, /*children_top_level=*/true);
        return;
    }
    merge_value(dst, src, strategy, sources, /*top_level=*/false);
}

}  // namespace lanner::config
