// Seed captures for fuzzing the reader: small, valid, and together touching
// every structure of the format (several blocks of both sections, every
// event type, partial parameters, an unknown type, a capture without an End
// block, one without records).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lanner::fuzz {

struct Seed {
    std::string name;
    std::vector<uint8_t> bytes;
};

std::vector<Seed> capture_seeds();

}  // namespace lanner::fuzz
