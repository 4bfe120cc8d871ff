// Where each byte of a YAML scalar's value sits in the file. yaml-cpp gives
// only the position of the scalar's start; conditions are often folded
// blocks (>-), literal blocks (|) or multi-line plain scalars, so an offset
// in the value is mapped back by re-reading the scalar's source with YAML's
// folding rules.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace lanner::rules {

// `start` is the offset of the scalar's first character (a quote, a block
// indicator, or the first character of a plain scalar); `parent_indent` the
// 0-based column of the key whose value it is; `value` what yaml-cpp parsed.
// Returns one file offset per byte of `value`, or an empty vector when the
// layout could not be reproduced exactly (the caller then maps every byte
// to `start`).
std::vector<uint32_t> map_scalar_offsets(std::string_view file, uint32_t start,
                                         uint32_t parent_indent, std::string_view value);

}  // namespace lanner::rules
