#include "capture/crc32.h"

#include <zlib.h>

#include <array>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace lanner::capture {

uint32_t crc32_zlib(uint32_t crc, std::span<const uint8_t> bytes) noexcept {
    // zlib takes a 32-bit length; a loop keeps any span correct.
    uLong c = crc;
    const uint8_t* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        const auto n = static_cast<uInt>(left < (1U << 30) ? left : (1U << 30));
        c = crc32(c, p, n);
        p += n;
        left -= n;
    }
    return static_cast<uint32_t>(c);
}

#if defined(__x86_64__)

namespace {

// The folding works on the message as a polynomial over GF(2) whose first
// bit (bit 0 of byte 0: the CRC is bit-reflected) is the highest power. A
// 16-byte load holds a 128-bit piece with bit k the coefficient of
// x^(127-k); its low 64 bits are the first half, H, and the high ones the
// second, L: piece = H.x^64 + L. Moving a piece forward over D more bits of
// the message multiplies it by x^D, and modulo the CRC polynomial P
//
//   H.x^(64+D) + L.x^D  =  H.(x^(64+D-1) mod P).x + L.(x^(D-1) mod P).x
//
// where each product of a 64-bit half and a constant below x^32 fits in 128
// bits. PCLMULQDQ multiplies bit-reflected operands into a result that reads
// as the product times x, which is the x above: so the constants are
// x^(64+D-1) and x^(D-1) mod P, bit-reflected into 64-bit lanes.

constexpr uint64_t kPoly = 0x04C11DB7;  // P without its x^32 term

// x^n mod P, bit-reflected into a 64-bit lane (bit j is the coefficient of x^(63-j)).
constexpr uint64_t reflected_xpow(unsigned n) {
    uint64_t r = 1;
    for (unsigned i = 0; i < n; ++i) {
        r <<= 1;
        if (r & (uint64_t{1} << 32)) r ^= (uint64_t{1} << 32) | kPoly;
    }
    uint64_t out = 0;
    for (unsigned d = 0; d < 32; ++d)
        if (r & (uint64_t{1} << d)) out |= uint64_t{1} << (63 - d);
    return out;
}

// Constants moving a piece forward over 512 bits (four pieces: the main
// loop's stride) and over 128 bits (one piece).
constexpr uint64_t kFold512Hi = reflected_xpow(64 + 512 - 1);
constexpr uint64_t kFold512Lo = reflected_xpow(512 - 1);
constexpr uint64_t kFold128Hi = reflected_xpow(64 + 128 - 1);
constexpr uint64_t kFold128Lo = reflected_xpow(128 - 1);

__attribute__((target("pclmul,sse2"))) inline __m128i fold(__m128i x, __m128i k) {
    // k holds the constant for the first half in its low lane, for the second in its high one.
    return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

__attribute__((target("pclmul,sse2"))) uint32_t crc32_clmul(uint32_t crc, const uint8_t* p,
                                                            size_t n) {
    auto load = [](const uint8_t* at) {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    };
    // zlib's CRC starts from the complement of the running value, folded into
    // the first 32 bits of the message.
    __m128i x0 = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(~crc)));
    __m128i x1 = load(p + 16), x2 = load(p + 32), x3 = load(p + 48);
    p += 64;
    n -= 64;
    const __m128i k512 =
        _mm_set_epi64x(static_cast<int64_t>(kFold512Lo), static_cast<int64_t>(kFold512Hi));
    for (; n >= 64; p += 64, n -= 64) {
        x0 = _mm_xor_si128(fold(x0, k512), load(p));
        x1 = _mm_xor_si128(fold(x1, k512), load(p + 16));
        x2 = _mm_xor_si128(fold(x2, k512), load(p + 32));
        x3 = _mm_xor_si128(fold(x3, k512), load(p + 48));
    }
    const __m128i k128 =
        _mm_set_epi64x(static_cast<int64_t>(kFold128Lo), static_cast<int64_t>(kFold128Hi));
    __m128i x = _mm_xor_si128(fold(x0, k128), x1);
    x = _mm_xor_si128(fold(x, k128), x2);
    x = _mm_xor_si128(fold(x, k128), x3);
    for (; n >= 16; p += 16, n -= 16) x = _mm_xor_si128(fold(x, k128), load(p));

    // What is left is one piece congruent to the message so far. zlib
    // reduces it: its CRC of the piece from a zero register (zlib starts
    // from the complement of the value it is given, so from ~0) is the CRC
    // of the message so far, from which it goes on over the tail.
    std::array<uint8_t, 16> piece;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(piece.data()), x);
    const auto so_far = static_cast<uint32_t>(crc32(0xffffffffUL, piece.data(), 16));
    return crc32_zlib(so_far, {p, n});
}

bool have_clmul() noexcept {
    static const bool yes = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse2");
    return yes;
}

}  // namespace

#endif

uint32_t crc32_update(uint32_t crc, std::span<const uint8_t> bytes) noexcept {
#if defined(__x86_64__)
    if (bytes.size() >= 64 && have_clmul()) return crc32_clmul(crc, bytes.data(), bytes.size());
#endif
    return crc32_zlib(crc, bytes);
}

}  // namespace lanner::capture
