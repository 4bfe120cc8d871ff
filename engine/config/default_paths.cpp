#include "config/default_paths.h"

#include <string_view>
#include <system_error>

namespace lanner::config {

namespace fs = std::filesystem;

namespace {

bool is_under(const fs::path& p, const fs::path& dir) {
    if (dir.empty()) return false;
    const auto rel = p.lexically_relative(dir);
    return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

bool running_from_build_tree() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return false;
    const fs::path build = fs::weakly_canonical(LANNER_BUILD_DIR, ec);
    const fs::path source = fs::weakly_canonical(LANNER_SOURCE_DIR, ec);
    return is_under(exe, build) || is_under(exe, source);
}

fs::path choose_default(const fs::path& installed, const fs::path& in_repo, bool from_build_tree) {
    std::error_code ec;
    if (!from_build_tree || fs::exists(installed, ec)) return installed;
    if (fs::exists(in_repo, ec)) return in_repo;
    return installed;
}

fs::path default_config_path() {
    return choose_default(kDefaultConfigFile, fs::path(LANNER_SOURCE_DIR) / "lanner.yaml",
                          running_from_build_tree());
}

fs::path default_rules_dir() {
    return choose_default(kDefaultRulesDir, fs::path(LANNER_SOURCE_DIR) / "rules",
                          running_from_build_tree());
}

std::vector<fs::path> effective_rules_files(const Config& cfg) {
    std::vector<fs::path> out;
    for (const auto& p : cfg.rules_files)
        out.push_back(p == fs::path(kDefaultRulesDir) ? default_rules_dir() : p);
    return out;
}

}  // namespace lanner::config
