// RingMerger over in-memory rings: records come out in timestamp order across
// rings, each stays valid until the next call, and pops happen exactly once.
#define BOOST_TEST_MODULE ring_merger
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <deque>

#include "source/ring_merger.h"

using namespace lanner;

namespace {

class FakeRing final : public RingReader {
  public:
    FakeRing(uint32_t cpu, std::initializer_list<uint64_t> stamps) : cpu_(cpu) {
        for (auto ts : stamps) push(ts);
    }
    void push(uint64_t ts) {
        std::vector<uint8_t> rec(32, 0);
        std::memcpy(rec.data(), &ts, 8);
        rec[8] = static_cast<uint8_t>(cpu_);
        records_.push_back(rec);
    }
    std::span<const uint8_t> peek() override {
        ++peeks;
        if (records_.empty()) return {};
        return records_.front();
    }
    void pop() override {
        BOOST_REQUIRE(!records_.empty());
        records_.pop_front();
        ++pops;
    }
    uint32_t cpu() const override { return cpu_; }
    int peeks = 0, pops = 0;

  private:
    uint32_t cpu_;
    std::deque<std::vector<uint8_t>> records_;
};

uint64_t ts_of(std::span<const uint8_t> b) {
    uint64_t ts;
    std::memcpy(&ts, b.data(), 8);
    return ts;
}

}  // namespace

BOOST_AUTO_TEST_CASE(merges_in_timestamp_order) {
    std::vector<std::unique_ptr<RingReader>> rings;
    rings.push_back(std::make_unique<FakeRing>(0, std::initializer_list<uint64_t>{10, 40, 50}));
    rings.push_back(std::make_unique<FakeRing>(1, std::initializer_list<uint64_t>{20, 30, 60}));
    rings.push_back(std::make_unique<FakeRing>(2, std::initializer_list<uint64_t>{}));
    auto* r0 = static_cast<FakeRing*>(rings[0].get());
    RingMerger m(std::move(rings));
    std::vector<uint64_t> got;
    std::vector<uint32_t> cpus;
    for (auto rec = m.next(); !rec.bytes.empty(); rec = m.next()) {
        got.push_back(ts_of(rec.bytes));
        cpus.push_back(rec.cpu);
        BOOST_TEST(rec.bytes[8] == rec.cpu);
    }
    BOOST_TEST(got == (std::vector<uint64_t>{10, 20, 30, 40, 50, 60}),
               boost::test_tools::per_element());
    BOOST_TEST(cpus == (std::vector<uint32_t>{0, 1, 1, 0, 0, 1}), boost::test_tools::per_element());
    BOOST_TEST(r0->pops == 3);
}

BOOST_AUTO_TEST_CASE(a_record_stays_until_the_next_call_and_late_records_join) {
    auto ring = std::make_unique<FakeRing>(0, std::initializer_list<uint64_t>{5});
    FakeRing* r = ring.get();
    std::vector<std::unique_ptr<RingReader>> rings;
    rings.push_back(std::move(ring));
    RingMerger m(std::move(rings));
    auto a = m.next();
    BOOST_REQUIRE(!a.bytes.empty());
    BOOST_TEST(r->pops == 0);  // not released while the caller holds it
    BOOST_TEST(ts_of(a.bytes) == 5u);
    BOOST_TEST(m.next().bytes.empty());
    BOOST_TEST(r->pops == 1);
    r->push(7);
    auto b = m.next();
    BOOST_REQUIRE(!b.bytes.empty());
    BOOST_TEST(ts_of(b.bytes) == 7u);
    BOOST_TEST(m.next().bytes.empty());
    BOOST_TEST(r->pops == 2);
}
