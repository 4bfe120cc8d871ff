#include "config/config_loader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "common/error.h"
#include "config/config_decode.h"
#include "config/config_node.h"
#include "config/config_render.h"
#include "config/config_validate.h"
#include "config/default_paths.h"
#include "config/override_option.h"

namespace lanner::config {

namespace fs = std::filesystem;

bool ConfigLoadResult::ok() const noexcept {
    return count(Severity::Error) == 0;
}

size_t ConfigLoadResult::count(Severity s) const noexcept {
    return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                             [s](const Diagnostic& d) { return d.severity == s; }));
}

std::string ConfigLoadResult::report() const {
    std::string out;
    for (const auto& d : diagnostics) out += d.to_string() + "\n";
    return out;
}

void ConfigLoadResult::throw_if_errors() const {
    std::string errors;
    for (const auto& d : diagnostics) {
        if (d.severity != Severity::Error) continue;
        if (!errors.empty()) errors += '\n';
        errors += d.to_string();
    }
    if (!errors.empty()) throw Error(errors);
}

namespace {

// Reads a whole file; on failure `error` says why ("No such file or directory").
bool read_file(const fs::path& path, std::string& out, std::string& error) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        error = "is a directory";
        return false;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = std::strerror(errno);
        return false;
    }
    char buf[65536];
    while (true) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            error = std::strerror(errno);
            ::close(fd);
            return false;
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return true;
}

bool is_yaml_name(const fs::path& p) {
    const auto ext = p.extension();
    return ext == ".yaml" || ext == ".yml";
}

class Loader {
  public:
    explicit Loader(const std::vector<std::string>& options)
        : diags_(sources_), option_texts_(options) {
        root_ = to_node(Config{});
    }

    void add_main_file(const fs::path& path) {
        std::string text, error;
        if (!read_file(path, text, error)) {
            diags_.file_error(path.string(), "cannot read the configuration: " + error);
            return;
        }
        main_path_ = path;
        files_.push_back(path);
        watched_.push_back(path);
        add_main_text(path.string(), text, fs::absolute(path).parent_path());
    }

    void add_main_text(const std::string& name, std::string_view text, const fs::path& base_dir) {
        const uint32_t src = sources_.add(SourceTable::Kind::File, name, base_dir);
        auto doc = read_document(text, src);
        if (doc) merge(root_, *doc, MergeStrategy::Override, sources_);
    }

    void warn_no_file(const fs::path& path) {
        diags_.warning(
            Origin{}, "",
            fmt::format("no configuration file at {}; using the built-in defaults", path.string()));
    }

    // Falco applies -o on config_files before reading the drop-ins, so the
    // command line can name them.
    void apply_config_files_options() {
        for (const auto& text : option_texts_) parse_option(text);
        apply_options(/*config_files=*/true);
    }
    void apply_other_options() { apply_options(/*config_files=*/false); }

    void load_drop_ins() {
        for (const auto& ref : decode_config_files(root_, sources_)) {
            std::error_code ec;
            const auto st = fs::status(ref.path, ec);
            if (!fs::exists(st)) continue;  // a missing entry is skipped, as Falco does
            if (!fs::is_directory(st)) {
                add_drop_in(ref.path, ref.strategy);
                continue;
            }
            watched_.push_back(ref.path);
            std::vector<fs::path> names;
            for (fs::directory_iterator
                     it(ref.path, fs::directory_options::follow_directory_symlink, ec),
                 end;
                 !ec && it != end; it.increment(ec)) {
                if (it->is_regular_file(ec) && is_yaml_name(it->path()))
                    names.push_back(it->path());
            }
            if (ec) {
                diags_.file_error(ref.path.string(),
                                  "cannot list the drop-in directory: " + ec.message());
                continue;
            }
            std::sort(names.begin(), names.end());
            for (const auto& name : names) add_drop_in(name, ref.strategy);
        }
    }

    ConfigLoadResult finish() {
        ConfigLoadResult result;
        KeyOrigins origins;
        decode_config(root_, sources_, diags_, result.config, origins);
        validate_config(result.config, origins, sources_, diags_);
        result.diagnostics = diags_.take();
        result.files = std::move(files_);
        result.watched = std::move(watched_);
        return result;
    }

  private:
    struct Option {
        uint32_t source;
        OverrideOption parsed;
    };

    void parse_option(const std::string& text) {
        const uint32_t src = sources_.add(SourceTable::Kind::Option, text);
        std::string error;
        auto parsed = parse_override(text, error);
        if (!parsed) {
            diags_.error(Origin{src, 0, 0}, "", error);
            return;
        }
        if (parsed->key.front().name == "rules_file") {
            diags_.warning(Origin{src, 0, 0}, "rules_file",
                           "Falco's older name of rules_files; read as rules_files");
            parsed->key.front().name = "rules_files";
        }
        options_.push_back(Option{src, std::move(*parsed)});
    }

    void apply_options(bool config_files) {
        for (const auto& opt : options_) {
            if ((opt.parsed.key.front().name == "config_files") != config_files) continue;
            const Origin origin{opt.source, 0, 0};
            std::optional<ConfigNode> value;
            const std::string& v = opt.parsed.value;
            if (!v.empty() && std::string_view("{[\"'").find(v[0]) != std::string_view::npos) {
                value = parse_yaml(v, opt.source, diags_, /*expand_env=*/false);
                if (!value) continue;
            } else {
                value = ConfigNode::scalar(v, origin);
            }
            apply_override(root_, opt.parsed.key, *value, origin, sources_, diags_);
        }
    }

    // Parses a file's text and checks its shape; nullopt when unusable.
    std::optional<ConfigNode> read_document(std::string_view text, uint32_t src) {
        auto doc = parse_yaml(text, src, diags_, /*expand_env=*/true);
        if (!doc) return std::nullopt;
        if (!doc->is_map() && !doc->is_null()) {
            diags_.error(
                doc->origin(), "",
                "the configuration must be a mapping of keys to values, got " + doc->describe());
            return std::nullopt;
        }
        if (doc->is_map()) normalize_rules_file(*doc);
        return doc;
    }

    void normalize_rules_file(ConfigNode& doc) {
        ConfigNode::Entry* old = nullptr;
        for (auto& e : doc.entries())
            if (e.key == "rules_file") old = &e;
        if (!old) return;
        if (doc.find("rules_files")) {
            diags_.error(old->key_origin, "rules_file",
                         "both rules_file and rules_files are set; keep rules_files (rules_file is "
                         "Falco's older name of it)");
            doc.remove("rules_file");
            return;
        }
        diags_.warning(old->key_origin, "rules_file",
                       "Falco's older name of rules_files; read as rules_files");
        old->key = "rules_files";
    }

    void add_drop_in(const fs::path& path, MergeStrategy strategy) {
        std::error_code ec;
        if (!main_path_.empty() && fs::equivalent(path, main_path_, ec)) {
            const ConfigNode* refs = root_.find("config_files");
            diags_.error(refs ? refs->origin() : Origin{}, "config_files",
                         fmt::format("{} is the main configuration file itself", path.string()));
            return;
        }
        std::string text, error;
        if (!read_file(path, text, error)) {
            diags_.file_error(path.string(), "cannot read the drop-in configuration: " + error);
            return;
        }
        files_.push_back(path);
        watched_.push_back(path);
        const uint32_t src =
            sources_.add(SourceTable::Kind::File, path.string(), fs::absolute(path).parent_path());
        auto doc = read_document(text, src);
        if (!doc) return;
        if (doc->is_map()) {
            for (const auto& e : doc->entries()) {
                if (e.key != "config_files") continue;
                diags_.error(e.key_origin, "config_files",
                             "only the main configuration file may name config_files (drop-ins "
                             "do not nest); ignored");
            }
            doc->remove("config_files");
        }
        merge(root_, *doc, strategy, sources_);
    }

    SourceTable sources_;
    Diagnostics diags_;
    ConfigNode root_;
    std::vector<std::string> option_texts_;
    std::vector<Option> options_;
    fs::path main_path_;
    std::vector<fs::path> files_;
    std::vector<fs::path> watched_;
};

ConfigLoadResult run(Loader& loader) {
    loader.apply_config_files_options();
    loader.load_drop_ins();
    loader.apply_other_options();
    return loader.finish();
}

}  // namespace

ConfigLoadResult load_config(const fs::path& file, const std::vector<std::string>& options) {
    Loader loader(options);
    loader.add_main_file(file);
    return run(loader);
}

ConfigLoadResult load_default_config(const std::vector<std::string>& options) {
    const fs::path path = default_config_path();
    Loader loader(options);
    std::error_code ec;
    if (fs::exists(path, ec))
        loader.add_main_file(path);
    else
        loader.warn_no_file(path);
    return run(loader);
}

ConfigLoadResult load_config_text(const std::string& name, std::string_view text,
                                  const std::vector<std::string>& options,
                                  const fs::path& base_dir) {
    Loader loader(options);
    loader.add_main_text(name, text, base_dir);
    return run(loader);
}

}  // namespace lanner::config
