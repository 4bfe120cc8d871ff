#include "app/support.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/driver_select.h"
#include "app/engine.h"
#include "app/rules_setup.h"
#include "config/config_render.h"
#include "config/default_paths.h"
#include "lanner/driver_abi.h"
#include "lanner/schema.h"
#include "source/bpf_source.h"

namespace lanner::app {
namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every *.yaml of a rules directory, or the file itself.
std::vector<std::filesystem::path> rules_files_of(const std::filesystem::path& p) {
    std::error_code ec;
    if (!std::filesystem::is_directory(p, ec)) return {p};
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(p, ec))
        if (e.path().extension() == ".yaml" || e.path().extension() == ".yml")
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

int print_support(const CommandOptions& o, const RunConfig& rc, std::FILE* out, std::FILE* err) {
    using nlohmann::json;
    const config::Config& cfg = rc.config;
    json j;
    j["version"] = LANNER_VERSION;
    j["engine_info"] = {
        {"schema_version", fmt::format("{}.{}", LN_SCHEMA_VERSION_MAJOR, LN_SCHEMA_VERSION_MINOR)},
        {"driver_api_version", LN_DRIVER_API_VERSION}};
    utsname u{};
    uname(&u);
    j["system_info"] = {{"sysname", u.sysname}, {"nodename", u.nodename},
                        {"release", u.release}, {"version", u.version},
                        {"machine", u.machine}, {"cpus", sysconf(_SC_NPROCESSORS_ONLN)}};
    DriverRequest req;
    req.kmod_path = o.kmod_path;
    const auto bpf = BpfSource::unsupported_reason();
    j["drivers"] = {{"engine.kind", std::string(config::enum_name(cfg.engine.kind))},
                    {"kmod", kernel_module_status(req)},
                    {"ebpf", bpf ? "not usable: " + *bpf : std::string("usable")}};
    json files = json::array();
    for (const auto& f : rc.files) files.push_back(f.string());
    j["config_files"] = files;
    j["config"] = json::parse(config::render_json(cfg));

    Engine engine;
    json rules_info;
    try {
        const LoadedRules loaded = load_rules(cfg, o, engine.registry(), err);
        rules_info["loaded"] = loaded.ruleset->rules().size();
        rules_info["enabled"] = loaded.enabled();
        rules_info["warnings"] = loaded.warnings;
    } catch (const std::exception& e) {
        rules_info["error"] = e.what();
    }
    json contents = json::array();
    for (const auto& p : config::effective_rules_files(cfg))
        for (const auto& f : rules_files_of(p))
            contents.push_back({{"name", f.string()}, {"content", read_file(f)}});
    rules_info["files"] = contents;
    j["rules"] = rules_info;
    std::string cmdline;
    for (const auto& a : o.overrides) cmdline += " -o " + a;
    j["cmdline_options"] = cmdline;
    const std::string text = j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    std::fputs(text.c_str(), out);
    return 0;
}

}  // namespace lanner::app
