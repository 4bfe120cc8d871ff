#include "rules/diagnostics.h"

#include <fmt/format.h>

namespace lanner::rules {

std::string Diagnostic::to_string(bool context) const {
    std::string out;
    auto it = std::back_inserter(out);
    if (!file.empty()) {
        out += file;
        if (position.line != 0) fmt::format_to(it, ":{}:{}", position.line, position.column);
        out += ": ";
    }
    out += severity == Severity::Error ? "error: " : "warning: ";
    if (!item.empty()) fmt::format_to(it, "{}: ", item);
    out += message;
    if (context && !source_line.empty() && position.column != 0) {
        fmt::format_to(it, "\n    {}\n    ", source_line);
        // Keep tabs so the caret lines up under the column.
        for (size_t i = 0; i + 1 < position.column && i < source_line.size(); ++i)
            out += source_line[i] == '\t' ? '\t' : ' ';
        out += '^';
    }
    return out;
}

void Diagnostics::add(Severity severity, Origin where, std::string item, std::string message) {
    Diagnostic d;
    d.severity = severity;
    d.item = std::move(item);
    d.message = std::move(message);
    if (where.file < files_->size()) {
        const SourceFile& f = (*files_)[where.file];
        d.file = f.name();
        d.position = f.line_col(where.offset);
        d.source_line = std::string(f.line_text(where.offset));
    }
    if (severity == Severity::Error) ++errors_;
    list_.push_back(std::move(d));
}

void Diagnostics::add_file(Severity severity, uint32_t file, std::string message) {
    Diagnostic d;
    d.severity = severity;
    d.message = std::move(message);
    if (file < files_->size()) d.file = (*files_)[file].name();
    if (severity == Severity::Error) ++errors_;
    list_.push_back(std::move(d));
}

void Diagnostics::add_global(Severity severity, std::string message) {
    Diagnostic d;
    d.severity = severity;
    d.message = std::move(message);
    if (severity == Severity::Error) ++errors_;
    list_.push_back(std::move(d));
}

std::string item_label(std::string_view kind, std::string_view name) {
    return fmt::format("{} '{}'", kind, name);
}

}  // namespace lanner::rules
