#include "rules/source_text.h"

#include <algorithm>

namespace lanner::rules {

SourceFile::SourceFile(std::string name, std::string content)
    : name_(std::move(name)), content_(std::move(content)) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < content_.size(); ++i)
        if (content_[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
}

LineCol SourceFile::line_col(uint32_t offset) const noexcept {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
    return {static_cast<uint32_t>(line), offset - line_starts_[line - 1] + 1};
}

std::string_view SourceFile::line_text(uint32_t offset) const noexcept {
    if (offset > content_.size()) return {};
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const uint32_t start = *(it - 1);
    const size_t end = content_.find('\n', start);
    return std::string_view(content_).substr(
        start, (end == std::string::npos ? content_.size() : end) - start);
}

MappedText::MappedText(std::string text, Origin origin)
    : text_(std::move(text)), origins_(text_.size(), origin) {
    if (origins_.empty()) origins_.push_back(origin);
}

MappedText::MappedText(std::string text, std::vector<Origin> origins)
    : text_(std::move(text)), origins_(std::move(origins)) {
    origins_.resize(std::max<size_t>(text_.size(), 1),
                    origins_.empty() ? Origin{} : origins_.back());
}

Origin MappedText::origin(size_t offset) const noexcept {
    if (origins_.empty()) return {};
    if (text_.empty()) return origins_[0];
    if (offset < text_.size()) return origins_[offset];
    // Past the end (a condition that ends too early): just after the last byte.
    Origin last = origins_[text_.size() - 1];
    ++last.offset;
    return last;
}

void MappedText::append(const MappedText& other) {
    if (other.text_.empty()) return;
    if (text_.empty()) origins_.clear();
    text_ += other.text_;
    origins_.insert(origins_.end(), other.origins_.begin(),
                    other.origins_.begin() + static_cast<std::ptrdiff_t>(other.text_.size()));
}

void MappedText::append(std::string_view generated, Origin origin) {
    if (generated.empty()) return;
    if (text_.empty()) origins_.clear();
    text_ += generated;
    origins_.insert(origins_.end(), generated.size(), origin);
}

}  // namespace lanner::rules
