#include "output/gzip.h"

#include <zlib.h>

#include "common/error.h"

namespace lanner::output {

void gzip_compress(std::string_view data, std::string& out) {
    z_stream zs{};
    // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        throw Error("http_output: cannot start gzip compression");
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const size_t produced = out.size() - zs.avail_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw Error("http_output: gzip compression failed ({})", rc);
    out.resize(produced);
}

}  // namespace lanner::output
