// gzip compression of a request body (http_output.compress_uploads).
#pragma once

#include <string>
#include <string_view>

namespace lanner::output {

// `data` as one gzip member, into `out` (replaced). Throws lanner::Error if
// zlib fails.
void gzip_compress(std::string_view data, std::string& out);

}  // namespace lanner::output
