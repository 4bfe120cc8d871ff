#include "rules/rules_reader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "rules/engine_version.h"
#include "rules/yaml_scalar_map.h"

namespace lanner::rules {
namespace {

// An error in the item being read: reported, then the next item is read.
struct ItemError {
    Origin where;
    std::string message;
};

const char* node_kind(const YAML::Node& n) {
    switch (n.Type()) {
        case YAML::NodeType::Null:
            return "empty";
        case YAML::NodeType::Scalar:
            return "a string";
        case YAML::NodeType::Sequence:
            return "a sequence";
        case YAML::NodeType::Map:
            return "a mapping";
        default:
            return "undefined";
    }
}

bool valid_list_name(std::string_view name) {
    // Falco's bare-string token: a list name must be usable as a value.
    return !name.empty() && name.find_first_of(" \b\t\n\r(),=\"'") == std::string_view::npos;
}

bool valid_macro_name(std::string_view name) {
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

// Reads the items of one file.
class FileReader {
  public:
    FileReader(uint32_t file, const SourceFile& source, RuleCollection& out, Diagnostics& diags)
        : file_(file), source_(source), out_(out), diags_(diags) {}

    void read_document(const YAML::Node& doc);

  private:
    void read_item(const YAML::Node& item);
    void read_engine_version(const YAML::Node& item);
    void read_plugin_versions(const YAML::Node& item);
    void read_list(const YAML::Node& item);
    void read_macro(const YAML::Node& item);
    void read_rule(const YAML::Node& item);
    void read_rule_update(const YAML::Node& item, const std::string& name, bool legacy_append,
                          const std::set<std::string>& append_keys,
                          const std::set<std::string>& replace_keys);
    std::vector<ExceptionInfo> read_exceptions(const YAML::Node& item, bool update);
    ExceptionEntry read_entry(const YAML::Node& node, const char* what, bool nested);

    // Reading keys of the current item.
    Origin origin(const YAML::Node& n) const;
    Origin key_origin(const YAML::Node& item, const std::string& key) const;
    uint32_t key_column(const YAML::Node& item, const std::string& key) const;
    std::string scalar(const YAML::Node& item, const std::string& key, bool allow_empty = false);
    std::optional<std::string> optional_scalar(const YAML::Node& item, const std::string& key);
    bool boolean(const YAML::Node& item, const std::string& key);
    MappedText mapped_scalar(const YAML::Node& item, const std::string& key);
    std::vector<std::string> string_sequence(const YAML::Node& item, const std::string& key);
    void check_keys(const YAML::Node& item, std::initializer_list<std::string_view> known);
    void read_overrides(const YAML::Node& item, const std::set<std::string>& appendable,
                        const std::set<std::string>& replaceable, std::set<std::string>& append,
                        std::set<std::string>& replace);
    bool defined_in_this_file(const std::unordered_map<std::string, uint32_t>& files,
                              const std::string& name) const;

    uint32_t file_;
    const SourceFile& source_;
    RuleCollection& out_;
    Diagnostics& diags_;
    std::string label_;  // "rule 'x'" of the item being read
};

Origin FileReader::origin(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.pos < 0) return {file_, 0};
    return {file_, static_cast<uint32_t>(m.pos)};
}

Origin FileReader::key_origin(const YAML::Node& item, const std::string& key) const {
    const YAML::Node v = item[key];
    return v.IsDefined() && v.Mark().pos >= 0 ? origin(v) : origin(item);
}

uint32_t FileReader::key_column(const YAML::Node& item, const std::string& key) const {
    for (const auto& kv : item) {
        if (kv.first.IsScalar() && kv.first.Scalar() == key) {
            const int col = kv.first.Mark().column;
            return col > 0 ? static_cast<uint32_t>(col) : 0;
        }
    }
    return 0;
}

std::string FileReader::scalar(const YAML::Node& item, const std::string& key, bool allow_empty) {
    const YAML::Node v = item[key];
    if (!v.IsDefined()) throw ItemError{origin(item), fmt::format("missing key '{}'", key)};
    if (v.IsNull()) throw ItemError{origin(v), fmt::format("key '{}' is empty", key)};
    if (!v.IsScalar())
        throw ItemError{origin(v),
                        fmt::format("key '{}' must be a string, not {}", key, node_kind(v))};
    if (!allow_empty && v.Scalar().empty())
        throw ItemError{origin(v), fmt::format("key '{}' is empty", key)};
    return v.Scalar();
}

std::optional<std::string> FileReader::optional_scalar(const YAML::Node& item,
                                                       const std::string& key) {
    if (!item[key].IsDefined()) return std::nullopt;
    return scalar(item, key);
}

bool FileReader::boolean(const YAML::Node& item, const std::string& key) {
    const YAML::Node v = item[key];
    bool b = false;
    if (!v.IsScalar() || !YAML::convert<bool>::decode(v, b))
        throw ItemError{origin(v), fmt::format("key '{}' must be true or false, not {}", key,
                                               v.IsScalar() ? "'" + v.Scalar() + "'"
                                                            : std::string(node_kind(v)))};
    return b;
}

MappedText FileReader::mapped_scalar(const YAML::Node& item, const std::string& key) {
    std::string text = scalar(item, key);
    const YAML::Node v = item[key];
    const Origin start = origin(v);
    auto offsets = map_scalar_offsets(source_.content(), start.offset, key_column(item, key), text);
    if (offsets.empty()) return MappedText(std::move(text), start);
    std::vector<Origin> origins;
    origins.reserve(offsets.size());
    for (uint32_t o : offsets) origins.push_back({file_, o});
    return MappedText(std::move(text), std::move(origins));
}

std::vector<std::string> FileReader::string_sequence(const YAML::Node& item,
                                                     const std::string& key) {
    const YAML::Node v = item[key];
    if (v.IsNull()) return {};
    if (!v.IsSequence())
        throw ItemError{origin(v),
                        fmt::format("key '{}' must be a sequence, not {}", key, node_kind(v))};
    std::vector<std::string> out;
    for (const auto& e : v) {
        if (!e.IsScalar())
            throw ItemError{
                origin(e), fmt::format("items of '{}' must be strings, not {}", key, node_kind(e))};
        out.push_back(e.Scalar());
    }
    return out;
}

void FileReader::check_keys(const YAML::Node& item, std::initializer_list<std::string_view> known) {
    for (const auto& kv : item) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        if (std::find(known.begin(), known.end(), key) == known.end())
            diags_.warning(origin(kv.first), label_, fmt::format("unknown key '{}' ignored", key));
    }
}

void FileReader::read_overrides(const YAML::Node& item, const std::set<std::string>& appendable,
                                const std::set<std::string>& replaceable,
                                std::set<std::string>& append, std::set<std::string>& replace) {
    const YAML::Node ov = item["override"];
    if (!ov.IsDefined()) return;
    if (!ov.IsMap())
        throw ItemError{origin(ov), fmt::format("key 'override' must be a mapping of key: "
                                                "append|replace, not {}",
                                                node_kind(ov))};
    for (const auto& kv : ov) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        const std::string op = kv.second.IsScalar() ? kv.second.Scalar() : std::string();
        if (op == "append") {
            if (!appendable.contains(key))
                throw ItemError{
                    origin(kv.first),
                    fmt::format("key '{}' cannot be appended to{}", key,
                                replaceable.contains(key) ? ", use 'replace' instead" : "")};
            append.insert(key);
        } else if (op == "replace") {
            if (!replaceable.contains(key))
                throw ItemError{origin(kv.first), fmt::format("key '{}' cannot be replaced", key)};
            replace.insert(key);
        } else {
            throw ItemError{
                origin(kv.second),
                fmt::format("invalid override '{}' for key '{}': use append or replace", op, key)};
        }
    }
}

bool FileReader::defined_in_this_file(const std::unordered_map<std::string, uint32_t>& files,
                                      const std::string& name) const {
    auto it = files.find(name);
    return it != files.end() && it->second == file_;
}

void FileReader::read_document(const YAML::Node& doc) {
    if (!doc.IsDefined() || doc.IsNull()) return;
    if (!doc.IsSequence()) {
        diags_.error(origin(doc), "",
                     "rules content must be a sequence of items (- list:, - macro:, - rule: ...)");
        return;
    }
    for (const auto& item : doc) {
        if (item.IsNull()) continue;
        label_.clear();
        try {
            read_item(item);
        } catch (const ItemError& e) {
            diags_.error(e.where, label_, e.message);
        } catch (const YAML::Exception& e) {
            diags_.error(origin(item), label_, e.msg);
        }
    }
}

void FileReader::read_item(const YAML::Node& item) {
    if (!item.IsMap())
        throw ItemError{origin(item),
                        fmt::format("each item must be a mapping (list, macro, rule, "
                                    "required_engine_version or required_plugin_versions), not {}",
                                    node_kind(item))};
    if (item["required_engine_version"].IsDefined()) return read_engine_version(item);
    if (item["required_plugin_versions"].IsDefined()) return read_plugin_versions(item);
    if (item["list"].IsDefined()) return read_list(item);
    if (item["macro"].IsDefined()) return read_macro(item);
    if (item["rule"].IsDefined()) return read_rule(item);
    diags_.warning(origin(item), "",
                   "unknown item ignored (expected list, macro, rule, required_engine_version or "
                   "required_plugin_versions)");
}

void FileReader::read_engine_version(const YAML::Node& item) {
    const std::string text = scalar(item, "required_engine_version");
    auto v = EngineVersion::parse(text);
    if (!v)
        throw ItemError{key_origin(item, "required_engine_version"),
                        fmt::format("required_engine_version '{}' is not a version (x.y.z or a "
                                    "number)",
                                    text)};
    if (*v > kEngineVersion)
        throw ItemError{key_origin(item, "required_engine_version"),
                        fmt::format("these rules require Falco engine version {}, but Lanner "
                                    "implements the rules language of engine version {}",
                                    v->to_string(), kEngineVersion.to_string())};
}

void FileReader::read_plugin_versions(const YAML::Node& item) {
    const YAML::Node reqs = item["required_plugin_versions"];
    if (!reqs.IsSequence())
        throw ItemError{origin(reqs), "required_plugin_versions must be a sequence"};
    for (const auto& req : reqs) {
        if (!req.IsMap())
            throw ItemError{origin(req),
                            "each required plugin must be a mapping with name and "
                            "version"};
        std::vector<std::string> names = {scalar(req, "name")};
        std::string wanted = names[0] + " " + scalar(req, "version");
        const YAML::Node alts = req["alternatives"];
        if (alts.IsDefined()) {
            if (!alts.IsSequence())
                throw ItemError{origin(alts), "plugin alternatives must be a sequence"};
            for (const auto& alt : alts) {
                if (!alt.IsMap())
                    throw ItemError{origin(alt), "each plugin alternative must be a mapping"};
                names.push_back(scalar(alt, "name"));
                wanted += fmt::format(" or {} {}", names.back(), scalar(alt, "version"));
            }
        }
        // Lanner's container and k8s fields are built in: they do what the
        // container plugin does for Falco.
        if (std::find(names.begin(), names.end(), "container") != names.end()) continue;
        diags_.warning(origin(req), "",
                       fmt::format("the rules require the plugin {}, which Lanner does not have: "
                                   "rules that use its fields or event source will not load",
                                   wanted));
    }
}

void FileReader::read_list(const YAML::Node& item) {
    const std::string name = scalar(item, "list");
    label_ = item_label("list", name);
    if (!valid_list_name(name))
        throw ItemError{key_origin(item, "list"),
                        "invalid list name: it may not contain blanks, quotes, '(', ')', ',' or "
                        "'='"};
    check_keys(item, {"list", "items", "append", "override"});
    const YAML::Node items = item["items"];
    if (!items.IsDefined()) throw ItemError{origin(item), "missing key 'items'"};
    if (!items.IsNull() && !items.IsSequence())
        throw ItemError{origin(items),
                        fmt::format("key 'items' must be a sequence, not {}", node_kind(items))};
    ListInfo list;
    list.name = name;
    list.origin = origin(item);
    for (const auto& e : items) {
        if (!e.IsScalar())
            throw ItemError{origin(e),
                            fmt::format("list items must be strings, not {}", node_kind(e))};
        list.items.push_back({e.Scalar(), origin(e)});
    }
    const bool legacy_append = item["append"].IsDefined() && boolean(item, "append");
    std::set<std::string> append, replace;
    read_overrides(item, {"items"}, {"items"}, append, replace);
    if (legacy_append && (!append.empty() || !replace.empty()))
        throw ItemError{origin(item), "keys 'append' and 'override' cannot be used together"};
    const uint32_t index = out_.next_index++;
    if (legacy_append || append.contains("items")) {
        ListInfo* prev = out_.lists.find(name);
        if (!prev) throw ItemError{origin(item), "appends to a list that is not defined before it"};
        prev->items.insert(prev->items.end(), list.items.begin(), list.items.end());
        prev->visibility = index;
        return;
    }
    if (replace.empty() && defined_in_this_file(out_.list_file, name))
        throw ItemError{origin(item),
                        "is defined twice in this file; to change a list use override: or append:"};
    ListInfo* prev = out_.lists.find(name);
    list.index = prev ? prev->index : index;
    list.visibility = index;
    out_.lists.put(std::move(list));
    out_.list_file[name] = file_;
}

void FileReader::read_macro(const YAML::Node& item) {
    const std::string name = scalar(item, "macro");
    label_ = item_label("macro", name);
    if (!valid_macro_name(name))
        throw ItemError{key_origin(item, "macro"),
                        "invalid macro name: it must start with a letter and contain only letters, "
                        "digits and '_'"};
    check_keys(item, {"macro", "condition", "append", "override"});
    MacroInfo macro;
    macro.name = name;
    macro.origin = origin(item);
    macro.condition = mapped_scalar(item, "condition");
    const bool legacy_append = item["append"].IsDefined() && boolean(item, "append");
    std::set<std::string> append, replace;
    read_overrides(item, {"condition"}, {"condition"}, append, replace);
    if (legacy_append && (!append.empty() || !replace.empty()))
        throw ItemError{origin(item), "keys 'append' and 'override' cannot be used together"};
    const uint32_t index = out_.next_index++;
    if (legacy_append || append.contains("condition")) {
        MacroInfo* prev = out_.macros.find(name);
        if (!prev)
            throw ItemError{origin(item), "appends to a macro that is not defined before it"};
        prev->condition.append(" ", macro.origin);
        prev->condition.append(macro.condition);
        prev->visibility = index;
        return;
    }
    if (replace.empty() && defined_in_this_file(out_.macro_file, name))
        throw ItemError{origin(item),
                        "is defined twice in this file; to change a macro use override: or "
                        "append:"};
    MacroInfo* prev = out_.macros.find(name);
    macro.index = prev ? prev->index : index;
    macro.visibility = index;
    out_.macros.put(std::move(macro));
    out_.macro_file[name] = file_;
}

ExceptionEntry FileReader::read_entry(const YAML::Node& node, const char* what, bool nested) {
    ExceptionEntry e;
    e.present = true;
    e.origin = origin(node);
    if (node.IsScalar()) {
        if (node.Scalar().empty()) throw ItemError{origin(node), fmt::format("{} is empty", what)};
        e.text = node.Scalar();
        return e;
    }
    if (node.IsSequence()) {
        e.is_list = true;
        for (const auto& sub : node) {
            if (nested && !sub.IsScalar())
                throw ItemError{origin(sub), fmt::format("{} nest too deeply", what)};
            e.items.push_back(read_entry(sub, what, true));
        }
        return e;
    }
    throw ItemError{origin(node), fmt::format("{} must be a string or a sequence, not {}", what,
                                              node_kind(node))};
}

std::vector<ExceptionInfo> FileReader::read_exceptions(const YAML::Node& item, bool update) {
    const YAML::Node exs = item["exceptions"];
    if (!exs.IsDefined() || exs.IsNull()) return {};
    if (!exs.IsSequence()) throw ItemError{origin(exs), "exceptions must be a sequence"};
    std::vector<ExceptionInfo> out;
    for (const auto& ex : exs) {
        if (!ex.IsMap()) throw ItemError{origin(ex), "each exception must be a mapping"};
        ExceptionInfo info;
        info.name = scalar(ex, "name");
        info.origin = origin(ex);
        for (const auto& other : out)
            if (other.name == info.name)
                throw ItemError{origin(ex), fmt::format("exception '{}' is defined twice in the "
                                                        "same rule",
                                                        info.name)};
        for (const auto& kv : ex) {
            const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
            if (key != "name" && key != "fields" && key != "comps" && key != "values")
                diags_.warning(
                    origin(kv.first), label_,
                    fmt::format("unknown key '{}' in exception '{}' ignored", key, info.name));
        }
        if (ex["fields"].IsDefined())
            info.fields = read_entry(ex["fields"], "exception fields", false);
        else if (!update)
            throw ItemError{origin(ex),
                            fmt::format("exception '{}' has no 'fields' key", info.name)};
        if (ex["comps"].IsDefined()) info.comps = read_entry(ex["comps"], "exception comps", false);
        const YAML::Node values = ex["values"];
        if (values.IsDefined() && !values.IsNull()) {
            if (!values.IsSequence())
                throw ItemError{
                    origin(values),
                    fmt::format("values of exception '{}' must be a sequence", info.name)};
            for (const auto& v : values)
                info.values.push_back(read_entry(v, "exception values", false));
        }
        out.push_back(std::move(info));
    }
    return out;
}

void FileReader::read_rule(const YAML::Node& item) {
    const std::string name = scalar(item, "rule");
    label_ = item_label("rule", name);
    check_keys(item, {"rule", "condition", "output", "desc", "priority", "tags", "enabled",
                      "exceptions", "source", "warn_evttypes", "skip-if-unknown-filter", "append",
                      "override", "capture", "capture_duration"});
    const bool legacy_append = item["append"].IsDefined() && boolean(item, "append");
    std::set<std::string> append, replace;
    read_overrides(item, {"condition", "output", "desc", "tags", "exceptions"},
                   {"condition", "output", "desc", "priority", "tags", "exceptions", "enabled",
                    "warn_evttypes", "skip-if-unknown-filter"},
                   append, replace);
    if (legacy_append && (!append.empty() || !replace.empty()))
        throw ItemError{origin(item), "keys 'append' and 'override' cannot be used together"};
    if (legacy_append || !append.empty() || !replace.empty())
        return read_rule_update(item, name, legacy_append, append, replace);

    // `- rule: X` with only `enabled:` turns an earlier rule on or off.
    if (!item["condition"].IsDefined() && !item["output"].IsDefined() &&
        !item["desc"].IsDefined() && !item["priority"].IsDefined()) {
        if (!item["enabled"].IsDefined())
            throw ItemError{origin(item),
                            "missing keys: a rule needs condition, output, desc "
                            "and priority (or only 'enabled' to turn an earlier "
                            "rule on or off)"};
        RuleInfo* prev = out_.rules.find(name);
        if (!prev)
            throw ItemError{origin(item),
                            "has only 'enabled' but no rule of that name is defined "
                            "before it"};
        prev->enabled = boolean(item, "enabled");
        return;
    }

    RuleInfo rule;
    rule.name = name;
    rule.origin = origin(item);
    rule.condition = mapped_scalar(item, "condition");
    rule.output = mapped_scalar(item, "output");
    rule.description = scalar(item, "desc");
    const std::string priority = scalar(item, "priority");
    auto p = parse_priority(priority);
    if (!p)
        throw ItemError{key_origin(item, "priority"),
                        fmt::format("invalid priority '{}' (expected emergency, alert, critical, "
                                    "error, warning, notice, informational or debug)",
                                    priority)};
    rule.priority = *p;
    if (auto source = optional_scalar(item, "source")) rule.source = *source;
    if (item["enabled"].IsDefined()) rule.enabled = boolean(item, "enabled");
    if (item["warn_evttypes"].IsDefined()) rule.warn_evttypes = boolean(item, "warn_evttypes");
    if (item["skip-if-unknown-filter"].IsDefined())
        rule.skip_if_unknown_filter = boolean(item, "skip-if-unknown-filter");
    if (item["tags"].IsDefined()) {
        rule.tags = string_sequence(item, "tags");
        std::sort(rule.tags.begin(), rule.tags.end());
        rule.tags.erase(std::unique(rule.tags.begin(), rule.tags.end()), rule.tags.end());
    }
    rule.exceptions = read_exceptions(item, false);

    RuleInfo* prev = out_.rules.find(name);
    if (prev && defined_in_this_file(out_.rule_file, name))
        throw ItemError{origin(item),
                        fmt::format("is defined twice in this file (first at line {}); to change "
                                    "a rule use override: or append:",
                                    source_.line_col(prev->origin.offset).line)};
    if (prev && prev->source != rule.source)
        throw ItemError{origin(item),
                        fmt::format("redefines a rule of source '{}' with source '{}'",
                                    prev->source, rule.source)};
    const uint32_t index = out_.next_index++;
    rule.index = prev ? prev->index : index;
    out_.rules.put(std::move(rule));
    out_.rule_file[name] = file_;
}

void FileReader::read_rule_update(const YAML::Node& item, const std::string& name,
                                  bool legacy_append, const std::set<std::string>& append_keys,
                                  const std::set<std::string>& replace_keys) {
    RuleInfo* prev = out_.rules.find(name);
    if (!prev)
        throw ItemError{origin(item), legacy_append || !append_keys.empty()
                                          ? "appends to a rule that is not defined before it"
                                          : "overrides a rule that is not defined before it"};
    const Origin here = origin(item);
    auto append_text = [&](MappedText& to, const std::string& key) {
        MappedText more = mapped_scalar(item, key);
        to.append(" ", here);
        to.append(more);
    };
    auto merge_exceptions = [&](std::vector<ExceptionInfo> added) {
        for (auto& ex : added) {
            auto same = std::find_if(prev->exceptions.begin(), prev->exceptions.end(),
                                     [&](const ExceptionInfo& e) { return e.name == ex.name; });
            if (same == prev->exceptions.end()) {
                if (!ex.fields.present)
                    throw ItemError{ex.origin,
                                    fmt::format("new exception '{}' has no 'fields' key", ex.name)};
                prev->exceptions.push_back(std::move(ex));
                continue;
            }
            if (ex.fields.present || ex.comps.present)
                throw ItemError{ex.origin, fmt::format("can only append values to the existing "
                                                       "exception '{}', not fields or comps",
                                                       ex.name)};
            if (ex.values.empty())
                diags_.warning(ex.origin, label_,
                               fmt::format("appends no values to exception '{}'", ex.name));
            same->values.insert(same->values.end(), ex.values.begin(), ex.values.end());
        }
    };

    if (legacy_append) {
        // Falco's append: true extends the condition and the exceptions.
        if (!item["condition"].IsDefined() && !item["exceptions"].IsDefined())
            throw ItemError{here, "append: true needs a condition or exceptions to append"};
        if (item["condition"].IsDefined()) append_text(prev->condition, "condition");
        if (item["exceptions"].IsDefined()) merge_exceptions(read_exceptions(item, true));
        return;
    }

    // Every key under override must be present, and every present key
    // (besides rule, override) must be listed under override.
    for (const auto* keys : {&append_keys, &replace_keys})
        for (const auto& key : *keys)
            if (!item[key].IsDefined())
                throw ItemError{here, fmt::format("an override for '{}' is given but the rule has "
                                                  "no '{}' key",
                                                  key, key)};
    for (const auto& kv : item) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        if (key == "rule" || key == "override") continue;
        if (!append_keys.contains(key) && !replace_keys.contains(key))
            throw ItemError{origin(kv.first),
                            fmt::format("key '{}' has no entry under 'override' (append or "
                                        "replace)",
                                        key)};
    }
    for (const auto& key : append_keys) {
        if (key == "condition") append_text(prev->condition, key);
        if (key == "output") append_text(prev->output, key);
        if (key == "desc") prev->description += " " + scalar(item, key);
        if (key == "tags") {
            for (auto& t : string_sequence(item, key)) prev->tags.push_back(std::move(t));
            std::sort(prev->tags.begin(), prev->tags.end());
            prev->tags.erase(std::unique(prev->tags.begin(), prev->tags.end()), prev->tags.end());
        }
        if (key == "exceptions") merge_exceptions(read_exceptions(item, true));
    }
    for (const auto& key : replace_keys) {
        if (key == "condition") prev->condition = mapped_scalar(item, key);
        if (key == "output") prev->output = mapped_scalar(item, key);
        if (key == "desc") prev->description = scalar(item, key);
        if (key == "tags") {
            prev->tags = string_sequence(item, key);
            std::sort(prev->tags.begin(), prev->tags.end());
            prev->tags.erase(std::unique(prev->tags.begin(), prev->tags.end()), prev->tags.end());
        }
        if (key == "exceptions") {
            auto fresh = read_exceptions(item, false);
            prev->exceptions = std::move(fresh);
        }
        if (key == "priority") {
            const std::string text = scalar(item, key);
            auto p = parse_priority(text);
            if (!p)
                throw ItemError{key_origin(item, key),
                                fmt::format("invalid priority '{}' (expected emergency, alert, "
                                            "critical, error, warning, notice, informational or "
                                            "debug)",
                                            text)};
            prev->priority = *p;
        }
        if (key == "enabled") prev->enabled = boolean(item, key);
        if (key == "warn_evttypes") prev->warn_evttypes = boolean(item, key);
        if (key == "skip-if-unknown-filter") prev->skip_if_unknown_filter = boolean(item, key);
    }
}

}  // namespace

std::optional<EngineVersion> EngineVersion::parse(std::string_view text) {
    auto number = [](std::string_view s, uint32_t& out) {
        if (s.empty() || s.size() > 9) return false;
        out = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return false;
            out = out * 10 + static_cast<uint32_t>(c - '0');
        }
        return true;
    };
    EngineVersion v;
    const size_t d1 = text.find('.');
    if (d1 == std::string_view::npos) {
        if (!number(text, v.minor)) return std::nullopt;
        return v;
    }
    const size_t d2 = text.find('.', d1 + 1);
    if (d2 == std::string_view::npos || !number(text.substr(0, d1), v.major) ||
        !number(text.substr(d1 + 1, d2 - d1 - 1), v.minor) || !number(text.substr(d2 + 1), v.patch))
        return std::nullopt;
    return v;
}

std::string EngineVersion::to_string() const {
    return fmt::format("{}.{}.{}", major, minor, patch);
}

void RulesReader::read(uint32_t file, const SourceFile& source) {
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(source.content());
    } catch (const YAML::ParserException& e) {
        const uint32_t at = e.mark.pos >= 0 ? static_cast<uint32_t>(e.mark.pos) : 0;
        diags_.error({file, at}, "", "YAML syntax error: " + e.msg);
        return;
    } catch (const YAML::Exception& e) {
        diags_.add_file(Severity::Error, file, "YAML error: " + e.msg);
        return;
    }
    FileReader reader(file, source, out_, diags_);
    for (const auto& doc : docs) reader.read_document(doc);
}

}  // namespace lanner::rules
