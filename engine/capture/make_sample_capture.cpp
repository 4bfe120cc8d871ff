// lanner-sample-capture OUT: writes the sample capture (sample_capture.h);
// the build runs it so `make run` has something to replay.
#include <cstdio>

#include "capture/sample_capture.h"
#include "common/error.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT\n", argv[0]);
        return 2;
    }
    try {
        lanner::capture::sample_capture().write(argv[1]);
    } catch (const lanner::Error& e) {
        std::fprintf(stderr, "lanner-sample-capture: %s\n", e.what());
        return 1;
    }
    return 0;
}
