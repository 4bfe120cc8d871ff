// Errors and warnings found while loading a configuration. Each names where
// (file:line:column, or the -o option as given), the key path and what is
// wrong:
//   lanner.yaml:12:15: error: file_output.keep_alive: expected a boolean, got 'maybe'
//   -o webserver.listen_prot=9000: warning: webserver.listen_prot: unknown key (did you mean
//   'listen_port'?)
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lanner::config {

enum class Severity : uint8_t { Warning, Error };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string location;  // "file:line:col", "file", "-o key=value", or "" (whole config)
    std::string file;      // the file, when the place is in a file
    uint32_t line = 0;     // 1-based; 0 when not known
    uint32_t column = 0;
    std::string key;  // "webserver.listen_port", "rules[2].enable", or ""
    std::string message;

    std::string to_string() const;
};

// Where a configuration node came from: an index into a SourceTable and a
// 1-based line and column (0 for -o values and built-in defaults).
struct Origin {
    uint32_t source = 0;
    uint32_t line = 0;
    uint32_t column = 0;
};

// The inputs of one load: index 0 is the built-in defaults, then the files
// and -o options in the order they were read.
class SourceTable {
  public:
    enum class Kind : uint8_t { Defaults, File, Option };
    struct Source {
        Kind kind;
        std::string name;                // file name as given, or the option text
        std::filesystem::path base_dir;  // relative paths in a file are read from here
    };

    SourceTable() { sources_.push_back({Kind::Defaults, "(built-in defaults)", {}}); }
    uint32_t add(Kind kind, std::string name, std::filesystem::path base_dir = {}) {
        sources_.push_back({kind, std::move(name), std::move(base_dir)});
        return static_cast<uint32_t>(sources_.size() - 1);
    }
    const Source& operator[](uint32_t i) const { return sources_.at(i); }
    uint32_t size() const noexcept { return static_cast<uint32_t>(sources_.size()); }
    bool is_default(const Origin& o) const noexcept { return o.source == 0; }

  private:
    std::vector<Source> sources_;
};

class Diagnostics {
  public:
    explicit Diagnostics(const SourceTable& sources) : sources_(&sources) {}

    void add(Severity s, const Origin& where, std::string key, std::string message);
    void error(const Origin& where, std::string key, std::string message) {
        add(Severity::Error, where, std::move(key), std::move(message));
    }
    void warning(const Origin& where, std::string key, std::string message) {
        add(Severity::Warning, where, std::move(key), std::move(message));
    }
    // A message about a file as a whole (unreadable, not a mapping).
    void file_error(const std::string& file, std::string message);

    bool has_errors() const noexcept { return errors_ != 0; }
    // The diagnostics in reading order: messages about the whole
    // configuration, then by file (in load order), line and column, then
    // the -o options in the order given.
    std::vector<Diagnostic> take();

  private:
    struct Rank {
        uint32_t group;  // 0 whole config, 1 files, 2 options
        uint32_t source, line, column;
        auto operator<=>(const Rank&) const = default;
    };
    const SourceTable* sources_;
    std::vector<Diagnostic> list_;
    std::vector<Rank> ranks_;
    size_t errors_ = 0;
};

}  // namespace lanner::config
