#include "config/config_diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

namespace lanner::config {

std::string Diagnostic::to_string() const {
    std::string out;
    if (!location.empty()) out = location + ": ";
    out += severity == Severity::Error ? "error: " : "warning: ";
    if (!key.empty()) out += key + ": ";
    return out + message;
}

void Diagnostics::add(Severity s, const Origin& where, std::string key, std::string message) {
    Diagnostic d;
    d.severity = s;
    d.key = std::move(key);
    d.message = std::move(message);
    const auto& src = (*sources_)[where.source];
    switch (src.kind) {
        case SourceTable::Kind::File:
            d.file = src.name;
            d.line = where.line;
            d.column = where.column;
            d.location =
                where.line ? fmt::format("{}:{}:{}", src.name, where.line, where.column) : src.name;
            break;
        case SourceTable::Kind::Option:
            d.location = "-o " + src.name;
            break;
        case SourceTable::Kind::Defaults:
            break;
    }
    if (s == Severity::Error) ++errors_;
    const uint32_t group = src.kind == SourceTable::Kind::Option ? 2
                           : src.kind == SourceTable::Kind::File ? 1
                                                                 : 0;
    ranks_.push_back(Rank{group, where.source, where.line, where.column});
    list_.push_back(std::move(d));
}

std::vector<Diagnostic> Diagnostics::take() {
    std::vector<size_t> order(list_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return ranks_[a] < ranks_[b]; });
    std::vector<Diagnostic> out;
    out.reserve(order.size());
    for (size_t i : order) out.push_back(std::move(list_[i]));
    list_.clear();
    ranks_.clear();
    return out;
}

void Diagnostics::file_error(const std::string& file, std::string message) {
    Diagnostic d;
    d.severity = Severity::Error;
    d.file = file;
    d.location = file;
    d.message = std::move(message);
    ++errors_;
    // Ranked with the files, before anything read after it.
    ranks_.push_back(Rank{1, sources_->size(), 0, 0});
    list_.push_back(std::move(d));
}

}  // namespace lanner::config
