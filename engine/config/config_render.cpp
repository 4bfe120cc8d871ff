#include "config/config_render.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <type_traits>

#include <fmt/format.h>

namespace lanner::config {
namespace {

using Type = ConfigNode::Type;

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

class Renderer;
template <class T>
concept Section = requires(T& t, Renderer& v) {
    t.describe(v);
};

ConfigNode node_of(bool v) {
    return ConfigNode::scalar(v ? "true" : "false", {}, Type::Bool);
}
ConfigNode node_of(uint32_t v) {
    return ConfigNode::scalar(std::to_string(v), {}, Type::Number);
}
ConfigNode node_of(uint64_t v) {
    return ConfigNode::scalar(std::to_string(v), {}, Type::Number);
}
ConfigNode node_of(double v) {
    return ConfigNode::scalar(fmt::format("{}", v), {}, Type::Number);
}
ConfigNode node_of(const std::string& v) {
    return ConfigNode::scalar(v);
}
ConfigNode node_of(const std::filesystem::path& v) {
    return ConfigNode::scalar(v.string());
}
ConfigNode node_of(std::chrono::milliseconds v) {
    return ConfigNode::scalar(format_duration(v));
}
ConfigNode node_of(const ByteSize& v) {
    std::string text = format_size(v.bytes);
    const bool digits = text.find_first_not_of("0123456789") == std::string::npos;
    return ConfigNode::scalar(std::move(text), {}, digits ? Type::Number : Type::String);
}
template <class E>
requires std::is_enum_v<E> ConfigNode node_of(E v) {
    return ConfigNode::scalar(std::string(enum_name(v)));
}
ConfigNode node_of(const RuleSelector& s);
ConfigNode node_of(const ConfigFileRef& r);
ConfigNode node_of(const ExtraField& f);
template <class T>
ConfigNode node_of(const std::vector<T>& list);
template <Section T>
ConfigNode node_of(const T& section);

class Renderer {
  public:
    explicit Renderer(ConfigNode& map) : map_(map) {}

    template <class T, class Check = std::nullptr_t>
    void operator()(std::string_view name, const T& member, Check = nullptr) {
        if constexpr (IsOptional<T>::value) {
            if (member) map_.add(std::string(name), {}, node_of(*member));
        } else {
            map_.add(std::string(name), {}, node_of(member));
        }
    }

  private:
    ConfigNode& map_;
};

template <class T>
ConfigNode node_of(const std::vector<T>& list) {
    ConfigNode seq = ConfigNode::sequence();
    for (const auto& item : list) seq.push_back(node_of(item));
    return seq;
}

template <Section T>
ConfigNode node_of(const T& section) {
    ConfigNode map = ConfigNode::map();
    Renderer r(map);
    // describe() only hands members to the visitor; the renderer reads them.
    const_cast<T&>(section).describe(r);
    return map;
}

ConfigNode node_of(const RuleSelector& s) {
    ConfigNode target = ConfigNode::map();
    if (!s.rule.empty()) target.add("rule", {}, ConfigNode::scalar(s.rule));
    if (!s.tag.empty()) target.add("tag", {}, ConfigNode::scalar(s.tag));
    ConfigNode map = ConfigNode::map();
    map.add(s.op == RuleSelector::Op::Enable ? "enable" : "disable", {}, std::move(target));
    return map;
}

ConfigNode node_of(const ConfigFileRef& r) {
    if (r.strategy == MergeStrategy::Append) return ConfigNode::scalar(r.path.string());
    ConfigNode map = ConfigNode::map();
    map.add("path", {}, ConfigNode::scalar(r.path.string()));
    map.add("strategy", {}, node_of(r.strategy));
    return map;
}

ConfigNode node_of(const ExtraField& f) {
    if (f.format.empty()) return ConfigNode::scalar(f.name);
    ConfigNode map = ConfigNode::map();
    map.add(f.name, {}, ConfigNode::scalar(f.format));
    return map;
}

// Whether a string scalar, written plain, would read back as something
// else (a boolean, a number, null) or not at all.
bool needs_quotes(const std::string& s) {
    if (s.empty() || parse_bool(s)) return true;
    for (std::string_view null : {"~", "null", "Null", "NULL"})
        if (s == null) return true;
    double d = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    return ec == std::errc() && ptr == s.data() + s.size();
}

bool all_scalars(const ConfigNode& seq) {
    for (const auto& item : seq.items())
        if (!item.is_scalar()) return false;
    return true;
}

void emit(YAML::Emitter& out, const ConfigNode& n) {
    switch (n.kind()) {
        case ConfigNode::Kind::Null:
            out << YAML::Null;
            break;
        case ConfigNode::Kind::Scalar:
            if (n.type() == Type::String && needs_quotes(n.text())) out << YAML::DoubleQuoted;
            out << n.text();
            break;
        case ConfigNode::Kind::Map:
            if (n.entries().empty()) out << YAML::Flow;
            out << YAML::BeginMap;
            for (const auto& e : n.entries()) {
                out << YAML::Key << e.key << YAML::Value;
                emit(out, e.value);
            }
            out << YAML::EndMap;
            break;
        case ConfigNode::Kind::Sequence:
            if (n.items().empty() || all_scalars(n)) out << YAML::Flow;
            out << YAML::BeginSeq;
            for (const auto& item : n.items()) emit(out, item);
            out << YAML::EndSeq;
            break;
    }
}

nlohmann::ordered_json json_of(const ConfigNode& n) {
    switch (n.kind()) {
        case ConfigNode::Kind::Null:
            return nullptr;
        case ConfigNode::Kind::Scalar:
            if (n.type() == Type::Bool) return n.text() == "true";
            if (n.type() == Type::Number) {
                uint64_t u = 0;
                const auto& t = n.text();
                const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), u);
                if (ec == std::errc() && ptr == t.data() + t.size()) return u;
                double d = 0;
                std::from_chars(t.data(), t.data() + t.size(), d);
                return d;
            }
            return n.text();
        case ConfigNode::Kind::Map: {
            nlohmann::ordered_json obj = nlohmann::ordered_json::object();
            for (const auto& e : n.entries()) obj[e.key] = json_of(e.value);
            return obj;
        }
        case ConfigNode::Kind::Sequence: {
            nlohmann::ordered_json arr = nlohmann::ordered_json::array();
            for (const auto& item : n.items()) arr.push_back(json_of(item));
            return arr;
        }
    }
    return nullptr;
}

}  // namespace

ConfigNode to_node(const Config& cfg) {
    return node_of(cfg);
}

std::string to_yaml(const ConfigNode& node) {
    YAML::Emitter out;
    out.SetIndent(2);
    emit(out, node);
    return std::string(out.c_str()) + "\n";
}

std::string to_json(const ConfigNode& node, int indent) {
    return json_of(node).dump(indent);
}

std::string render_yaml(const Config& cfg) {
    return to_yaml(to_node(cfg));
}

std::string render_json(const Config& cfg, int indent) {
    return to_json(to_node(cfg), indent);
}

}  // namespace lanner::config
