// capture-fuzz-seeds DIR: writes the seed captures (capture_seeds.h) into DIR,
// the starting corpus for capture_reader_fuzz.
#include <cstdio>
#include <string>

#include "capture_seeds.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    for (const auto& seed : lanner::fuzz::capture_seeds()) {
        const std::string path = std::string(argv[1]) + "/" + seed.name + ".lncap";
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (!f || std::fwrite(seed.bytes.data(), 1, seed.bytes.size(), f) != seed.bytes.size()) {
            std::perror(path.c_str());
            return 1;
        }
        std::fclose(f);
    }
    return 0;
}
