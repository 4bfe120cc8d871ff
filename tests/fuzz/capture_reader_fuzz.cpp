// libFuzzer target for the capture reader (built with -DLANNER_FUZZ=ON and
// clang; see tests/fuzz/README.md). Each input is read twice: with checksums
// off, so mutations reach the record parser, and on, as replay reads.
#include <cstddef>
#include <cstdint>

#include "capture_fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    lanner::fuzz::read_capture_input({data, size}, false);
    lanner::fuzz::read_capture_input({data, size}, true);
    return 0;
}
