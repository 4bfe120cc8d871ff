// `-o key=value` (Falco's -o/--option): sets any key of the configuration
// after the files are read.
//   key    := name ('[' index? ']')* ('.' name ('[' index? ']')*)*
//   -o webserver.listen_port=9000          a nested key
//   -o rules_files=[a.yaml,b.yaml]         a list (the value is YAML)
//   -o rules_files[]=c.yaml                append to a list (Falco's form)
//   -o rules_files[0]=z.yaml               replace an item
//   -o 'rules[].disable.rule=Write below *'  append a selector
//   -o 'http_output={enabled: true, url: "http://x"}'  a mapping, merged over the section
// A value starting with '{', '[', '"' or '\'' is parsed as YAML; any other
// value is taken as written (so `program_output.program=jq '{text: .output}'`
// needs no quoting).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_diagnostics.h"
#include "config/config_node.h"

namespace lanner::config {

struct KeySegment {
    std::string name;
    std::vector<std::optional<size_t>> indices;  // nullopt: [] (append)
};

struct OverrideOption {
    std::string text;  // as given
    std::vector<KeySegment> key;
    std::string value;
};

// Splits and checks the syntax; on failure nullopt with `error` saying why.
std::optional<OverrideOption> parse_override(std::string_view text, std::string& error);

// The dotted key as written, for messages: "rules[].disable.rule".
std::string key_text(const std::vector<KeySegment>& key);

// Sets the key in `root` to `value` (values are merged over mappings,
// replace anything else). Problems (indexing something that is not a list,
// an index past the end) are reported at `origin`; returns whether it applied.
bool apply_override(ConfigNode& root, const std::vector<KeySegment>& key, const ConfigNode& value,
                    const Origin& origin, const SourceTable& sources, Diagnostics& diags);

}  // namespace lanner::config
