// Errors and warnings found while loading rules. Each names the file, line
// and column, the item (rule, macro or list) and what is wrong.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "rules/source_text.h"

namespace lanner::rules {

enum class Severity : uint8_t { Warning, Error };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;  // the rules file as it was named; empty for whole-load messages
    LineCol position;  // 0:0 when the message is about the whole file
    std::string item;  // "rule 'Write below etc'", "macro 'open_write'", "list 'x'", or ""
    std::string message;
    std::string source_line;  // the line at `position`, shown under the message

    // "file:12:5: error: rule 'X': message", and with `context` the source
    // line with a caret under the column.
    std::string to_string(bool context = false) const;
};

// Collects diagnostics against the loaded files.
class Diagnostics {
  public:
    // `files` must outlive this object; files may be added to it later.
    explicit Diagnostics(const std::deque<SourceFile>& files) : files_(&files) {}

    void add(Severity severity, Origin where, std::string item, std::string message);
    // A message about a whole file (I/O error, unreadable YAML document).
    void add_file(Severity severity, uint32_t file, std::string message);
    void add_global(Severity severity, std::string message);

    void error(Origin where, std::string item, std::string message) {
        add(Severity::Error, where, std::move(item), std::move(message));
    }
    void warning(Origin where, std::string item, std::string message) {
        add(Severity::Warning, where, std::move(item), std::move(message));
    }

    bool has_errors() const noexcept { return errors_ != 0; }
    const std::vector<Diagnostic>& all() const noexcept { return list_; }
    std::vector<Diagnostic> take() { return std::move(list_); }

  private:
    const std::deque<SourceFile>* files_;
    std::vector<Diagnostic> list_;
    size_t errors_ = 0;
};

// "rule 'name'", "macro 'name'", "list 'name'".
std::string item_label(std::string_view kind, std::string_view name);

}  // namespace lanner::rules
