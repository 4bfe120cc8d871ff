// Rules files as loaded, and text assembled from pieces of them. A condition
// may be a folded YAML block, appended to by a later file, with exceptions
// added after it; each character keeps the place in a file it came from, so
// an error found by the condition parser or compiler names the right
// file:line:column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lanner::rules {

// 1-based line and column; 0 when unknown.
struct LineCol {
    uint32_t line = 0;
    uint32_t column = 0;
};

class SourceFile {
  public:
    SourceFile(std::string name, std::string content);
    const std::string& name() const noexcept { return name_; }
    const std::string& content() const noexcept { return content_; }
    LineCol line_col(uint32_t offset) const noexcept;
    // The line containing `offset`, without its newline.
    std::string_view line_text(uint32_t offset) const noexcept;

  private:
    std::string name_;
    std::string content_;
    std::vector<uint32_t> line_starts_;
};

// A byte of a rules file: file index in the loader's table and offset.
struct Origin {
    uint32_t file = 0;
    uint32_t offset = 0;
};

class MappedText {
  public:
    MappedText() = default;
    // Text whose every byte maps to `origin` (a generated piece, or a value
    // whose exact layout in the file is not known).
    MappedText(std::string text, Origin origin);
    // Text with one origin per byte.
    MappedText(std::string text, std::vector<Origin> origins);

    const std::string& text() const noexcept { return text_; }
    bool empty() const noexcept { return text_.empty(); }
    size_t size() const noexcept { return text_.size(); }
    // Origin of the byte at `offset`; offsets past the end map just after
    // the last byte.
    Origin origin(size_t offset) const noexcept;

    void append(const MappedText& other);
    void append(std::string_view generated, Origin origin);

  private:
    std::string text_;
    std::vector<Origin> origins_;
};

}  // namespace lanner::rules
