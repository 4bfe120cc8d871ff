#include "config/override_option.h"

#include <charconv>

#include <fmt/format.h>

namespace lanner::config {

std::optional<OverrideOption> parse_override(std::string_view text, std::string& error) {
    const size_t eq = text.find('=');
    if (eq == std::string_view::npos) {
        error = "expected key=value (e.g. -o webserver.listen_port=9000)";
        return std::nullopt;
    }
    OverrideOption opt;
    opt.text = std::string(text);
    opt.value = std::string(text.substr(eq + 1));
    const std::string_view key = text.substr(0, eq);
    if (key.empty()) {
        error = "the key before '=' is empty";
        return std::nullopt;
    }
    size_t i = 0;
    while (true) {
        KeySegment seg;
        while (i < key.size() && key[i] != '.' && key[i] != '[' && key[i] != ']')
            seg.name += key[i++];
        if (seg.name.empty()) {
            error = fmt::format("expected a key name at position {} of '{}'", i + 1, key);
            return std::nullopt;
        }
        while (i < key.size() && key[i] == '[') {
            const size_t close = key.find(']', i);
            if (close == std::string_view::npos) {
                error = fmt::format("'[' at position {} of '{}' is not closed", i + 1, key);
                return std::nullopt;
            }
            const std::string_view idx = key.substr(i + 1, close - i - 1);
            if (idx.empty()) {
                seg.indices.push_back(std::nullopt);
            } else {
                size_t n = 0;
                const auto [ptr, ec] = std::from_chars(idx.data(), idx.data() + idx.size(), n);
                if (ec != std::errc() || ptr != idx.data() + idx.size()) {
                    error = fmt::format(
                        "expected a list index (a number, or nothing to append), got '[{}]'", idx);
                    return std::nullopt;
                }
                seg.indices.push_back(n);
            }
            i = close + 1;
        }
        opt.key.push_back(std::move(seg));
        if (i == key.size()) break;
        if (key[i] != '.') {
            error = fmt::format("unexpected '{}' at position {} of '{}'", key[i], i + 1, key);
            return std::nullopt;
        }
        ++i;
    }
    return opt;
}

std::string key_text(const std::vector<KeySegment>& key) {
    std::string out;
    for (const auto& seg : key) {
        if (!out.empty()) out += '.';
        out += seg.name;
        for (const auto& idx : seg.indices) out += idx ? fmt::format("[{}]", *idx) : "[]";
    }
    return out;
}

bool apply_override(ConfigNode& root, const std::vector<KeySegment>& key, const ConfigNode& value,
                    const Origin& origin, const SourceTable& sources, Diagnostics& diags) {
    ConfigNode* cur = &root;
    std::string path;
    for (const auto& seg : key) {
        path = path.empty() ? seg.name : path + "." + seg.name;
        if (!cur->is_map()) *cur = ConfigNode::map(origin);  // a.b=1 where a was a scalar
        ConfigNode::Entry* entry = nullptr;
        for (auto& e : cur->entries())
            if (e.key == seg.name) entry = &e;
        if (!entry) {
            cur->add(seg.name, origin, ConfigNode::null(origin));
            entry = &cur->entries().back();
        }
        entry->key_origin = origin;
        cur = &entry->value;
        for (const auto& idx : seg.indices) {
            if (cur->is_null()) *cur = ConfigNode::sequence(origin);
            if (!cur->is_sequence()) {
                diags.error(origin, path,
                            fmt::format("cannot index {} with [{}]: it is not a list",
                                        cur->describe(), idx ? std::to_string(*idx) : ""));
                return false;
            }
            auto& items = cur->items();
            if (!idx || *idx == items.size()) {
                items.push_back(ConfigNode::null(origin));
                path += fmt::format("[{}]", items.size() - 1);
                cur = &items.back();
            } else if (*idx < items.size()) {
                path += fmt::format("[{}]", *idx);
                cur = &items[*idx];
            } else {
                diags.error(origin, path,
                            fmt::format("index {} is past the end of the list ({} item{}); use [] "
                                        "to append",
                                        *idx, items.size(), items.size() == 1 ? "" : "s"));
                return false;
            }
        }
    }
    if (value.is_map() && cur->is_map()) {
        merge(*cur, value, MergeStrategy::Override, sources);
    } else {
        *cur = value;
    }
    return true;
}

}  // namespace lanner::config
