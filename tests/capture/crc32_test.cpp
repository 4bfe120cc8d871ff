// The folded CRC-32 (capture/crc32.h) is zlib's, bit for bit: every length
// around the folding strides, every alignment, any running value, and a
// buffer as large as a capture block.
#define BOOST_TEST_MODULE crc32
#include <boost/test/unit_test.hpp>

#include <random>
#include <vector>

#include "capture/crc32.h"

using namespace lanner::capture;

BOOST_AUTO_TEST_CASE(folded_crc_is_zlibs) {
    std::mt19937 rng(31337);
    std::vector<uint8_t> buf(4096 + 64);
    for (auto& b : buf) b = static_cast<uint8_t>(rng());
    for (size_t len = 0; len <= 1100; ++len) {
        for (size_t offset : {size_t{0}, size_t{1}, size_t{7}, size_t{13}}) {
            const std::span<const uint8_t> bytes(buf.data() + offset, len);
            const uint32_t start = len % 3 == 0 ? 0 : static_cast<uint32_t>(rng());
            BOOST_TEST_REQUIRE(crc32_update(start, bytes) == crc32_zlib(start, bytes),
                               "length " << len << " offset " << offset << " start " << start);
        }
    }
}

BOOST_AUTO_TEST_CASE(folded_crc_of_large_and_special_buffers) {
    std::mt19937 rng(4711);
    std::vector<uint8_t> big(1 << 20);
    for (auto& b : big) b = static_cast<uint8_t>(rng());
    BOOST_TEST(crc32_update(0, big) == crc32_zlib(0, big));
    // Chained over pieces, as the writer and the reader feed blocks.
    uint32_t chained = 0;
    for (size_t at = 0; at < big.size(); at += 100000)
        chained = crc32_update(
            chained, std::span(big).subspan(at, std::min<size_t>(100000, big.size() - at)));
    BOOST_TEST(chained == crc32_zlib(0, big));
    const std::vector<uint8_t> zeros(5000, 0), ones(5000, 0xff);
    BOOST_TEST(crc32_update(0, zeros) == crc32_zlib(0, zeros));
    BOOST_TEST(crc32_update(0xffffffffU, ones) == crc32_zlib(0xffffffffU, ones));
    // The check value of CRC-32/ISO-HDLC.
    const std::string check = "123456789";
    BOOST_TEST(crc32_update(0, {reinterpret_cast<const uint8_t*>(check.data()), check.size()}) ==
               0xCBF43926u);
}
