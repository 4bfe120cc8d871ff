// The shipped lanner.yaml: loads without a warning, names every key the
// Config has, and gives every key its built-in default, so the file that
// documents the configuration cannot drift from the code.
#define BOOST_TEST_MODULE config_shipped
#include <boost/test/unit_test.hpp>

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>

#include "config/config_keys.h"
#include "config/config_loader.h"
#include "config/config_render.h"

using namespace lanner::config;

namespace {

const std::string kShipped = std::string(LANNER_SOURCE_DIR) + "/lanner.yaml";

// Key paths of a YAML document's mappings; a list is one key.
void collect_keys(const YAML::Node& node, const std::string& prefix, std::set<std::string>& out) {
    if (!node.IsMap()) return;
    for (const auto& kv : node) {
        const std::string key =
            prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
        if (kv.second.IsMap() && kv.second.size() > 0) {
            collect_keys(kv.second, key, out);
        } else {
            out.insert(key);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(loads_without_warnings) {
    const auto r = load_config(kShipped);
    BOOST_TEST(r.diagnostics.empty(), r.report());
}

BOOST_AUTO_TEST_CASE(names_every_key_the_config_knows) {
    std::set<std::string> in_file;
    collect_keys(YAML::LoadFile(kShipped), "", in_file);
    for (const auto& key : config_keys())
        BOOST_TEST(in_file.count(key) == 1u, "lanner.yaml does not name " << key);
    const std::set<std::string> known(config_keys().begin(), config_keys().end());
    for (const auto& key : in_file)
        BOOST_TEST(known.count(key) == 1u, "lanner.yaml names " << key << ", which Config lacks");
}

BOOST_AUTO_TEST_CASE(gives_every_key_its_default) {
    auto r = load_config(kShipped);
    BOOST_TEST_REQUIRE(r.ok(), r.report());
    // The one deliberate difference: the shipped file names the drop-in
    // directory, while a file without config_files has no drop-ins (as in
    // Falco, whose code has no default for it either).
    BOOST_TEST((r.config.config_files == std::vector<ConfigFileRef>{{kDefaultConfigDir}}));
    r.config.config_files.clear();
    BOOST_TEST(render_yaml(r.config) == render_yaml(Config{}));
}
