#include "config/config_validate.h"

#include <algorithm>
#include <initializer_list>
#include <set>

#include <fmt/format.h>

#include "schema/event_table.h"

namespace lanner::config {
namespace {

class Checker {
  public:
    Checker(const KeyOrigins& origins, const SourceTable& sources, Diagnostics& diags)
        : origins_(origins), sources_(sources), diags_(diags) {}

    // The place of the first of `keys` a user set (a problem is shown where
    // the user can fix it), else of the first key at all.
    std::pair<Origin, std::string> place(std::initializer_list<std::string_view> keys) const {
        for (std::string_view k : keys) {
            auto it = origins_.find(k);
            if (it != origins_.end() && !sources_.is_default(it->second))
                return {it->second, std::string(k)};
        }
        return {Origin{}, std::string(*keys.begin())};
    }

    void error(std::initializer_list<std::string_view> keys, std::string message) {
        auto [where, key] = place(keys);
        diags_.error(where, key, std::move(message));
    }
    void warning(std::initializer_list<std::string_view> keys, std::string message) {
        auto [where, key] = place(keys);
        diags_.warning(where, key, std::move(message));
    }

  private:
    const KeyOrigins& origins_;
    const SourceTable& sources_;
    Diagnostics& diags_;
};

const std::set<std::string_view>& traced_syscalls() {
    static const std::set<std::string_view> names = [] {
        std::set<std::string_view> out;
        for (const auto& ev : schema::kEvents) {
            std::string_view list = ev.syscalls;
            while (!list.empty()) {
                const size_t sp = list.find(' ');
                if (sp != 0) out.insert(list.substr(0, sp));
                if (sp == std::string_view::npos) break;
                list.remove_prefix(sp + 1);
            }
        }
        return out;
    }();
    return names;
}

}  // namespace

void validate_config(const Config& cfg, const KeyOrigins& origins, const SourceTable& sources,
                     Diagnostics& diags) {
    Checker c(origins, sources, diags);

    if (cfg.file_output.enabled && cfg.file_output.filename.empty())
        c.error({"file_output.filename", "file_output.enabled"},
                "file_output is enabled but names no file (set file_output.filename)");
    if (cfg.program_output.enabled && cfg.program_output.program.empty())
        c.error({"program_output.program", "program_output.enabled"},
                "program_output is enabled but names no program (set program_output.program)");
    if (cfg.http_output.enabled && cfg.http_output.url.empty())
        c.error({"http_output.url", "http_output.enabled"},
                "http_output is enabled but has no URL (set http_output.url)");
    if (cfg.http_output.mtls &&
        (cfg.http_output.client_cert.empty() || cfg.http_output.client_key.empty()))
        c.error({"http_output.client_cert", "http_output.client_key", "http_output.mtls"},
                "http_output.mtls needs both client_cert and client_key");
    if (cfg.webserver.ssl_enabled && cfg.webserver.ssl_certificate.empty())
        c.error({"webserver.ssl_certificate", "webserver.ssl_enabled"},
                "webserver.ssl_enabled needs webserver.ssl_certificate");
    if (cfg.engine.kind == EngineKind::Replay && cfg.engine.replay.capture_file.empty())
        c.error({"engine.replay.capture_file", "engine.kind"},
                "engine.kind is replay but engine.replay.capture_file is not set");

    for (const auto& [key, acts] :
         {std::pair{"syscall_event_drops.actions", &cfg.syscall_event_drops.actions},
          std::pair{"output_drops.actions", &cfg.output_drops.actions}}) {
        auto has = [&](DropAction a) {
            return std::find(acts->begin(), acts->end(), a) != acts->end();
        };
        if (has(DropAction::Ignore) && (has(DropAction::Log) || has(DropAction::Alert)))
            c.error({key}, "'ignore' cannot be combined with 'log' or 'alert'");
    }

    for (size_t i = 0; i < cfg.throttle.rules.size(); ++i) {
        if (!cfg.throttle.rules[i].rule.empty()) continue;
        const std::string key = fmt::format("throttle.rules[{}]", i);
        c.error({key}, "names no rule (set 'rule' to a rule name or a pattern with '*')");
    }

    for (size_t i = 0; i < cfg.append_output.size(); ++i) {
        const auto& a = cfg.append_output[i];
        const std::string key = fmt::format("append_output[{}]", i);
        if (!a.match.rule.empty() && !a.match.tags.empty())
            c.warning({key + ".match", key},
                      fmt::format("matches rule '{}' only, and only while it has all of the "
                                  "tags listed",
                                  a.match.rule));
        if (a.extra_output.empty() && a.extra_fields.empty() && !a.suggested_output)
            c.warning({key}, "adds nothing (set extra_output or extra_fields)");
    }

    const auto& known = traced_syscalls();
    for (size_t i = 0; i < cfg.base_syscalls.custom_set.size(); ++i) {
        std::string_view name = cfg.base_syscalls.custom_set[i];
        if (!name.empty() && name[0] == '!') name.remove_prefix(1);
        if (known.count(name)) continue;
        const std::string key = fmt::format("base_syscalls.custom_set[{}]", i);
        c.warning({key, "base_syscalls.custom_set"},
                  fmt::format("'{}' is not a syscall Lanner traces; ignored", name));
    }
}

}  // namespace lanner::config
