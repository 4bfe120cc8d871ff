// KmodRing, the reader of one kernel-module ring, against a ring laid out
// in user memory exactly as the module maps it: data pages mapped twice back
// to back (a memfd mapped at two adjacent addresses), a producer and a
// consumer page. A small producer here follows the module's protocol.
#define BOOST_TEST_MODULE kmod_ring
#include <boost/test/unit_test.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "common/error.h"
#include "event/event.h"
#include "event/record_builder.h"
#include "source/kmod_ring.h"

using namespace lanner;

namespace {

struct FakeRing {
    static constexpr uint32_t kSize = 16384;
    ln_ring_producer prod{};
    ln_ring_consumer cons{};
    uint8_t* data = nullptr;

    FakeRing() {
        const int fd = memfd_create("ring", 0);
        BOOST_REQUIRE(fd >= 0);
        BOOST_REQUIRE(ftruncate(fd, kSize) == 0);
        auto* base = static_cast<uint8_t*>(
            mmap(nullptr, 2 * kSize, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
        BOOST_REQUIRE(base != MAP_FAILED);
        for (int i = 0; i < 2; ++i)
            BOOST_REQUIRE(mmap(base + i * kSize, kSize, PROT_READ | PROT_WRITE,
                               MAP_SHARED | MAP_FIXED, fd, 0) != MAP_FAILED);
        close(fd);
        data = base;
        prod.data_size = kSize;
        prod.watermark = kSize / 4;
    }
    ~FakeRing() { munmap(data, 2 * kSize); }

    // Writes a record at head as the module does; false when it does not fit.
    bool produce(const std::vector<uint8_t>& rec) {
        ++prod.produced;
        if (prod.head - cons.tail + rec.size() > kSize) {
            ++prod.drops[LN_DROP_RING_FULL];
            return false;
        }
        std::memcpy(data + (prod.head & (kSize - 1)), rec.data(), rec.size());
        prod.head += rec.size();
        ++prod.delivered;
        return true;
    }
};

std::vector<uint8_t> record(uint64_t ts, std::string_view path) {
    return RecordBuilder("openat").ts(ts).thread(7, 7).set("fd", 3).set("name", path).build();
}

}  // namespace

BOOST_AUTO_TEST_CASE(empty_ring_has_nothing) {
    FakeRing f;
    KmodRing ring(0, &f.prod, &f.cons, f.data, FakeRing::kSize);
    BOOST_TEST(ring.peek().empty());
    BOOST_TEST(ring.pending() == 0u);
}

BOOST_AUTO_TEST_CASE(records_come_back_in_order_and_free_space) {
    FakeRing f;
    KmodRing ring(2, &f.prod, &f.cons, f.data, FakeRing::kSize);
    BOOST_REQUIRE(f.produce(record(10, "/a")));
    BOOST_REQUIRE(f.produce(record(20, "/b")));
    for (uint64_t ts : {10u, 20u}) {
        auto bytes = ring.peek();
        Event ev;
        BOOST_REQUIRE(!Event::decode(bytes, ev));
        BOOST_TEST(ev.ts() == ts);
        ring.consume();
    }
    BOOST_TEST(ring.peek().empty());
    BOOST_TEST(f.cons.tail == f.prod.head);
}

// Records that cross the end of the data area are contiguous thanks to the
// double mapping, across many laps of the ring.
BOOST_AUTO_TEST_CASE(wrapping_records_are_contiguous) {
    FakeRing f;
    KmodRing ring(0, &f.prod, &f.cons, f.data, FakeRing::kSize);
    const std::string path(1000, 'p');
    uint64_t seen = 0;
    for (uint64_t ts = 1; ts <= 200; ++ts) {
        BOOST_REQUIRE(f.produce(record(ts, path + std::to_string(ts))));
        auto bytes = ring.peek();
        Event ev;
        BOOST_REQUIRE(!Event::decode(bytes, ev));
        BOOST_TEST(ev.ts() == ts);
        BOOST_TEST(ev.str(LN_P_OPENAT_NAME) == path + std::to_string(ts));
        ring.consume();
        ++seen;
    }
    BOOST_TEST(seen == 200u);
    BOOST_TEST(f.prod.head > 10 * FakeRing::kSize);
}

BOOST_AUTO_TEST_CASE(a_full_ring_drops_and_the_counters_show_it) {
    FakeRing f;
    KmodRing ring(0, &f.prod, &f.cons, f.data, FakeRing::kSize);
    const std::string path(2000, 'x');
    unsigned delivered = 0;
    for (int i = 0; i < 20; ++i) delivered += f.produce(record(i, path));
    BOOST_TEST(delivered < 20u);
    BOOST_TEST(ring.produced() == 20u);
    BOOST_TEST(ring.delivered() == delivered);
    BOOST_TEST(ring.drops(LN_DROP_RING_FULL) == 20u - delivered);
    BOOST_TEST(ring.produced() == ring.delivered() + ring.drops(LN_DROP_RING_FULL));
}

BOOST_AUTO_TEST_CASE(a_malformed_length_is_an_error) {
    FakeRing f;
    KmodRing ring(3, &f.prod, &f.cons, f.data, FakeRing::kSize);
    auto rec = record(1, "/a");
    const uint32_t bad = 12;  // not a multiple of 8, shorter than a header
    std::memcpy(rec.data() + offsetof(ln_event_hdr, len), &bad, 4);
    f.produce(rec);
    BOOST_CHECK_THROW(ring.peek(), Error);
}

BOOST_AUTO_TEST_CASE(waiting_flag_reaches_the_consumer_page) {
    FakeRing f;
    KmodRing ring(0, &f.prod, &f.cons, f.data, FakeRing::kSize);
    ring.set_waiting(true);
    BOOST_TEST(f.cons.waiting == 1u);
    ring.set_waiting(false);
    BOOST_TEST(f.cons.waiting == 0u);
}
