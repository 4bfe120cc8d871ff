// A configuration document as a tree that remembers where each value came
// from. Files, drop-ins and -o options are parsed into this tree, merged
// over the built-in defaults, and only then decoded into a Config, so every
// message can name the place of the value it is about.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_diagnostics.h"
#include "config/config_values.h"

namespace YAML {
class Node;
}

namespace lanner::config {

class ConfigNode {
  public:
    enum class Kind : uint8_t { Null, Scalar, Map, Sequence };
    // How a rendered scalar is typed in JSON (and whether YAML must quote it).
    enum class Type : uint8_t { String, Bool, Number };
    struct Entry;

    ConfigNode() = default;
    static ConfigNode null(Origin o = {});
    static ConfigNode scalar(std::string text, Origin o = {}, Type t = Type::String);
    static ConfigNode map(Origin o = {});
    static ConfigNode sequence(Origin o = {});

    Kind kind() const noexcept { return kind_; }
    bool is_null() const noexcept { return kind_ == Kind::Null; }
    bool is_scalar() const noexcept { return kind_ == Kind::Scalar; }
    bool is_map() const noexcept { return kind_ == Kind::Map; }
    bool is_sequence() const noexcept { return kind_ == Kind::Sequence; }
    const Origin& origin() const noexcept { return origin_; }
    void set_origin(const Origin& o) noexcept { origin_ = o; }

    const std::string& text() const noexcept { return text_; }  // a scalar's value
    Type type() const noexcept { return type_; }

    std::vector<Entry>& entries() noexcept { return entries_; }
    const std::vector<Entry>& entries() const noexcept { return entries_; }
    const ConfigNode* find(std::string_view key) const noexcept;
    ConfigNode* find(std::string_view key) noexcept;
    // Adds a key to a map (replacing a null node by an empty map first).
    ConfigNode& add(std::string key, Origin key_origin, ConfigNode value);
    bool remove(std::string_view key);

    std::vector<ConfigNode>& items() noexcept { return items_; }
    const std::vector<ConfigNode>& items() const noexcept { return items_; }
    void push_back(ConfigNode item);

    // "'maybe'", "a list", "a mapping", "nothing": how messages quote a value.
    std::string describe() const;

  private:
    Kind kind_ = Kind::Null;
    Type type_ = Type::String;
    Origin origin_;
    std::string text_;
    std::vector<Entry> entries_;
    std::vector<ConfigNode> items_;
};

struct ConfigNode::Entry {
    std::string key;
    Origin key_origin;
    ConfigNode value;
};

// Converts a parsed YAML document. Keys must be scalars; a key given twice
// in one mapping warns (the later value wins). With `expand_env`, scalars
// have ${VAR} replaced by the environment variable's value (empty, with a
// warning, when unset) and $${VAR} by the literal ${VAR}, as Falco does.
ConfigNode from_yaml(const YAML::Node& node, uint32_t source, Diagnostics& diags, bool expand_env);

// Parses YAML text; a syntax error is reported at its line and column and
// gives nullopt. An empty document is a null node.
std::optional<ConfigNode> parse_yaml(std::string_view text, uint32_t source, Diagnostics& diags,
                                     bool expand_env);

// Merges `src` over `dst`: mappings merge key by key at every depth; a null
// `src` changes nothing; anything else replaces, except that with
// MergeStrategy::Append a list at the top level of the document is appended
// to, and with MergeStrategy::AddOnly values already set by a source other
// than the built-in defaults are kept.
void merge(ConfigNode& dst, const ConfigNode& src, MergeStrategy strategy,
           const SourceTable& sources);

}  // namespace lanner::config
