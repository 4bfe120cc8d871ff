// The capture reader on damaged inputs, deterministically: every truncation
// of each seed capture and a few thousand mutations of them (fixed seed),
// read with checksums on and off, and resealed so damage gets past the
// checksums to the structural checks. Each input must either read or fail
// with a CaptureError naming an offset inside the input; never crash, hang
// (ctest's timeout), throw anything else, or deliver more records than fit.
#define BOOST_TEST_MODULE capture_mutation
#include <boost/test/unit_test.hpp>

#include <random>

#include "capture_fuzz_input.h"
#include "capture_seeds.h"
#include "capture_test_bytes.h"

using namespace lanner;
using Bytes = std::vector<uint8_t>;

namespace {

// std::mt19937_64's output is fixed by the standard (unlike the
// distributions), so the variants are the same everywhere.
class Rng {
  public:
    explicit Rng(uint64_t seed) : g_(seed) {}
    uint64_t below(uint64_t n) { return n == 0 ? 0 : g_() % n; }
    uint64_t any() { return g_(); }

  private:
    std::mt19937_64 g_;
};

// Values that sit on the edges of the format's bounds.
constexpr uint64_t kInteresting[] = {0,      1,       7,         8,         24,         31,
                                     32,     33,      40,        64,        0x7fff,     0x8000,
                                     0xffff, 0x10000, 65536 + 8, 0x1000000, 0x7fffffff, 0xffffffff};

Bytes mutate(const Bytes& in, Rng& rng) {
    Bytes b = in;
    const int edits = 1 + static_cast<int>(rng.below(4));
    for (int e = 0; e < edits && !b.empty(); ++e) {
        const size_t at = rng.below(b.size());
        switch (rng.below(7)) {
            case 0:  // flip a bit
                b[at] ^= static_cast<uint8_t>(1u << rng.below(8));
                break;
            case 1:  // a random byte
                b[at] = static_cast<uint8_t>(rng.any());
                break;
            case 2: {  // an edge value over an aligned 2- or 4-byte field
                const size_t width = rng.below(2) ? 2 : 4;
                const size_t pos = at & ~(width - 1);
                const uint64_t v = kInteresting[rng.below(std::size(kInteresting))];
                if (pos + width <= b.size()) std::memcpy(b.data() + pos, &v, width);
                break;
            }
            case 3:  // cut the end off
                b.resize(at);
                break;
            case 4: {  // delete a range
                const size_t n = std::min<size_t>(1 + rng.below(64), b.size() - at);
                b.erase(b.begin() + static_cast<long>(at), b.begin() + static_cast<long>(at + n));
                break;
            }
            case 5: {  // insert random bytes
                Bytes extra(1 + rng.below(48));
                for (auto& x : extra) x = static_cast<uint8_t>(rng.any());
                b.insert(b.begin() + static_cast<long>(at), extra.begin(), extra.end());
                break;
            }
            case 6: {  // duplicate a range elsewhere (a block or record twice)
                const size_t n = std::min<size_t>(8 * (1 + rng.below(64)), b.size() - at);
                const Bytes copy(b.begin() + static_cast<long>(at),
                                 b.begin() + static_cast<long>(at + n));
                const size_t to = rng.below(b.size());
                b.insert(b.begin() + static_cast<long>(to), copy.begin(), copy.end());
                break;
            }
        }
    }
    return b;
}

struct Tally {
    size_t inputs = 0, read = 0, failed = 0, cut = 0, bad = 0;
};

// Reads one input in both modes and checks the outcome's promises.
void check(const Bytes& input, Tally& t, const std::string& what) {
    // An exactly-sized heap copy, so an overread is visible to ASan builds.
    const std::unique_ptr<uint8_t[]> exact(new uint8_t[input.size() + (input.empty() ? 1 : 0)]);
    std::copy(input.begin(), input.end(), exact.get());
    for (bool verify : {true, false}) {
        ++t.inputs;
        fuzz::CaptureReadOutcome o;
        try {
            o = fuzz::read_capture_input({exact.get(), input.size()}, verify);
        } catch (const std::exception& e) {
            ++t.bad;
            BOOST_ERROR(what << " (checksums " << verify
                             << "): unexpected exception: " << e.what());
            continue;
        }
        if (!o.failed) {
            ++t.read;
            t.cut += o.cut_tail;
            continue;
        }
        ++t.failed;
        const std::string named = "byte " + std::to_string(o.error_offset) + ":";
        if (o.error_offset > input.size() || o.error.find(named) == std::string::npos) {
            ++t.bad;
            BOOST_ERROR(what << ": error without a valid offset (input " << input.size()
                             << " bytes): " << o.error);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(seeds_read_cleanly) {
    for (const auto& seed : fuzz::capture_seeds()) {
        BOOST_TEST_CONTEXT(seed.name) {
            const auto o = fuzz::read_capture_input(seed.bytes, true);
            BOOST_TEST(!o.failed, o.error);
            BOOST_TEST(o.cut_tail == (seed.name == "unclosed"));
            BOOST_TEST((seed.name == "empty" || o.records > 0));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_truncation_reads_or_fails_with_an_offset) {
    Tally t;
    for (const auto& seed : fuzz::capture_seeds()) {
        const auto& b = seed.bytes;
        // Every cut of the small seeds; every 8th byte (and its neighbours) of the larger.
        const size_t stride = b.size() > 8192 ? 8 : 1;
        for (size_t n = 0; n <= b.size(); n += stride) {
            for (size_t k : {n, n + 1, n + 5}) {
                if (k > b.size() || (stride == 1 && k != n)) continue;
                check(Bytes(b.begin(), b.begin() + static_cast<long>(k)), t,
                      seed.name + " cut at " + std::to_string(k));
            }
        }
    }
    BOOST_TEST(t.bad == 0u);
    BOOST_TEST(t.cut > 0u);  // truncations mostly read up to the cut
    BOOST_TEST_MESSAGE("truncations: " << t.inputs << " reads, " << t.read << " complete (" << t.cut
                                       << " cut short), " << t.failed << " errors");
}

BOOST_AUTO_TEST_CASE(mutations_read_or_fail_with_an_offset) {
    Rng rng(0x6c616e6e6572);  // "lanner"
    Tally t;
    size_t resealed_structural_errors = 0;
    for (const auto& seed : fuzz::capture_seeds()) {
        for (int i = 0; i < 1000; ++i) {
            Bytes m = mutate(seed.bytes, rng);
            const std::string what = seed.name + " mutation " + std::to_string(i);
            check(m, t, what);
            // Sealed again, the damage must be caught by structure alone.
            if (m.size() >= 64) {
                capture::test::reseal(m);
                const size_t before = t.failed;
                check(m, t, what + " resealed");
                resealed_structural_errors += t.failed - before;
            }
        }
    }
    BOOST_TEST(t.bad == 0u);
    BOOST_TEST(t.failed > 0u);
    BOOST_TEST(resealed_structural_errors > 0u);
    BOOST_TEST_MESSAGE("mutations: " << t.inputs << " reads, " << t.read << " complete (" << t.cut
                                     << " cut short), " << t.failed << " errors");
}
