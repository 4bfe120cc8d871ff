// Capture write -> read: every record comes back byte for byte, in its
// section and order; the header fields survive; a capture read through a
// file (buffer refills, blocks straddling reads) equals one read from memory;
// a writer cut off at any byte still yields every complete record.
#define BOOST_TEST_MODULE capture_roundtrip
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <random>

#include "capture/capture_reader.h"
#include "capture/capture_writer.h"
#include "capture_test_bytes.h"
#include "common/error.h"
#include "event/record_builder.h"
#include "event/sockaddr.h"
#include "schema/event_table.h"

using namespace lanner;
using namespace lanner::capture;
using Bytes = std::vector<uint8_t>;

namespace {

// A value for every parameter that differs by event and index, so a record
// read back from the wrong place shows up as a mismatch.
std::string sample_value(const schema::ParamInfo& p, uint16_t type, unsigned i) {
    const uint32_t size = schema::fixed_size(p.type);
    if (size != 0) {
        const uint64_t v = (uint64_t{type} << 8) | i | 0x2000000000000000ULL;
        std::string b(size, '\0');
        std::memcpy(b.data(), &v, size);
        return b;
    }
    switch (p.type) {
        case LN_PT_SOCKADDR:
            return inet_sockaddr("10.1.2.3", static_cast<uint16_t>(1000 + i));
        case LN_PT_SOCKTUPLE:
            return inet_tuple("10.0.0.1", 40000, "10.0.0.2", 443);
        case LN_PT_CHARBUFARRAY:
            return std::string("a\0bc\0", 5);
        default:
            return "value-" + std::to_string(type) + "-" + std::to_string(i);
    }
}

Bytes record_of_type(uint16_t t, uint64_t ts) {
    const auto& info = schema::event_info(t);
    RecordBuilder b(t);
    b.ts(ts).tid(100 + t).pid(200 + t).cpu(t % 4).lost(t % 3);
    for (unsigned i = 0; i < info.params.size(); ++i)
        b.set_bytes(info.params[i].name, sample_value(info.params[i], t, i));
    return b.build();
}

struct ReadBack {
    std::vector<Bytes> state, events;
    std::vector<uint64_t> offsets;
    ReaderStats stats;
    std::optional<IncompleteTail> tail;
};

ReadBack read_all(CaptureReader& r) {
    ReadBack out;
    Event ev;
    while (r.next(ev)) {
        Bytes rec(ev.raw(), ev.raw() + ev.len());
        (r.section() == Section::State ? out.state : out.events).push_back(std::move(rec));
        out.offsets.push_back(r.record_offset());
    }
    out.stats = r.stats();
    out.tail = r.incomplete_tail();
    return out;
}

CaptureInfo full_info() {
    CaptureInfo info;
    info.flags = kFlagSynthetic | 0x80;
    info.boot_time_ns = 1714521600123456789ULL;
    info.start_ts = 98765432101ULL;
    info.snaplen = 256;
    info.hostname = "node-7.example.org";
    info.kernel_release = "6.1.0-21-amd64";
    info.driver = "kmod 0.1.0 (api 1)";
    return info;
}

// Every meta type in the state section, every other type as an event.
struct AllTypes {
    std::vector<Bytes> state, events;
    Bytes file;
};

AllTypes all_types_capture(CaptureWriter::Options opts) {
    AllTypes c;
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t)
        (schema::is_meta_event(t) ? c.state : c.events).push_back(record_of_type(t, 5000 + t));
    auto w = CaptureWriter::to_memory(c.file, full_info(), opts);
    for (const auto& r : c.state) w.write_state(r);
    for (const auto& r : c.events) w.write_event(r);
    w.close();
    return c;
}

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() /
            ("lanner-" + name + "-" + std::to_string(getpid()) + ".lncap"))
        .string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_event_type_round_trips_byte_for_byte) {
    // Small blocks, so the capture has many and records meet block edges.
    for (uint32_t block_bytes : {kDefaultBlockBytes, 512u}) {
        BOOST_TEST_CONTEXT("block size " << block_bytes) {
            auto c = all_types_capture({block_bytes});
            BOOST_TEST(c.state.size() == 4u);  // threadinfo, fdinfo, userinfo, groupinfo
            auto r = CaptureReader::from_memory(c.file);
            auto back = read_all(r);
            BOOST_TEST(!back.tail.has_value());
            BOOST_TEST(back.state == c.state);
            BOOST_TEST(back.events == c.events);
            BOOST_TEST(back.stats.state_records == c.state.size());
            BOOST_TEST(back.stats.event_records == c.events.size());
            uint64_t lost = 0;
            for (const auto& e : c.events) {
                Event ev;
                BOOST_REQUIRE(!Event::decode(e, ev));
                lost += ev.hdr().lost;
            }
            BOOST_TEST(back.stats.lost == lost);
            // Offsets point at the records' bytes in the file.
            const auto offsets = test::record_offsets(c.file);
            BOOST_TEST(back.offsets == offsets, boost::test_tools::per_element());
            if (block_bytes == 512u) BOOST_TEST(back.stats.blocks > 10u);
        }
    }
}

BOOST_AUTO_TEST_CASE(header_fields_round_trip) {
    Bytes file;
    auto w = CaptureWriter::to_memory(file, full_info());
    w.close();
    auto r = CaptureReader::from_memory(file);
    const auto& got = r.info();
    const auto want = full_info();
    BOOST_TEST(got.format_major == kFormatMajor);
    BOOST_TEST(got.format_minor == kFormatMinor);
    BOOST_TEST(got.schema_version == uint32_t{LN_SCHEMA_VERSION});
    BOOST_TEST(got.flags == want.flags);
    BOOST_TEST(got.boot_time_ns == want.boot_time_ns);
    BOOST_TEST(got.start_ts == want.start_ts);
    BOOST_TEST(got.snaplen == want.snaplen);
    BOOST_TEST(got.hostname == want.hostname);
    BOOST_TEST(got.kernel_release == want.kernel_release);
    BOOST_TEST(got.driver == want.driver);
    BOOST_TEST(got.wall_time_ns(1000) == want.boot_time_ns + 1000);
    Event ev;
    BOOST_TEST(!r.next(ev));
    BOOST_TEST(!r.incomplete_tail().has_value());  // closed: an End block, no records
}

BOOST_AUTO_TEST_CASE(this_hosts_info_is_plausible) {
    const auto info = CaptureInfo::for_this_host("test");
    BOOST_TEST(!info.hostname.empty());
    BOOST_TEST(!info.kernel_release.empty());
    BOOST_TEST(info.driver == "test");
    // Boot time lies in the past and after 2020; start_ts is the uptime.
    BOOST_TEST(info.boot_time_ns > 1577836800ULL * 1000000000ULL);
    BOOST_TEST(info.boot_time_ns + info.start_ts > info.boot_time_ns);
}

BOOST_AUTO_TEST_CASE(file_and_memory_reads_agree_across_buffer_refills) {
    // ~12 MiB of records of random sizes in 64 KiB blocks: the 4 MiB read
    // buffer refills many times with a block cut at its end.
    std::mt19937_64 rng(7);
    std::vector<Bytes> events;
    size_t total = 0;
    for (uint64_t i = 0; total < 12 * 1024 * 1024; ++i) {
        const auto n = static_cast<size_t>(rng() % 3000);
        auto rec = RecordBuilder("sendto")
                       .ts(1000 + i)
                       .thread(7, 7)
                       .set("res", int64_t(n))
                       .set("data", std::string(n, static_cast<char>('a' + i % 26)))
                       .set("fd", int64_t{3})
                       .build();
        total += rec.size();
        events.push_back(std::move(rec));
    }
    const auto path = temp_path("refill");
    {
        auto w = CaptureWriter::to_file(path, full_info(), {64 * 1024});
        for (const auto& e : events) w.write_event(e);
        w.close();
        BOOST_TEST(w.stats().event_records == events.size());
    }
    auto from_file = CaptureReader::open(path);
    auto back = read_all(from_file);
    BOOST_TEST(!back.tail.has_value());
    BOOST_TEST(back.events.size() == events.size());
    BOOST_TEST((back.events == events));
    std::filesystem::remove(path);
}

BOOST_AUTO_TEST_CASE(writer_refuses_what_the_reader_would_reject) {
    Bytes file;
    auto w = CaptureWriter::to_memory(file, full_info());
    const auto openat = record_of_type(LN_EVT_OPENAT, 1);
    const auto thread = record_of_type(LN_EVT_THREADINFO, 1);
    BOOST_CHECK_THROW(w.write_state(openat), Error);  // not a meta record
    auto bad = openat;
    test::poke<uint32_t>(bad, offsetof(ln_event_hdr, len), 12);
    BOOST_CHECK_THROW(w.write_event(bad), Error);  // invalid record
    w.write_state(thread);
    w.write_event(openat);
    BOOST_CHECK_THROW(w.write_state(thread), Error);  // state after events
    w.close();
    BOOST_CHECK_THROW(w.write_event(openat), Error);  // after close
    BOOST_CHECK_NO_THROW(w.close());                  // idempotent
    auto r = CaptureReader::from_memory(file);
    auto back = read_all(r);
    BOOST_TEST(back.state.size() == 1u);
    BOOST_TEST(back.events.size() == 1u);
}

BOOST_AUTO_TEST_CASE(flushed_records_are_readable_while_the_writer_runs) {
    Bytes file;
    auto w = CaptureWriter::to_memory(file, full_info());
    w.write_state(record_of_type(LN_EVT_THREADINFO, 1));
    w.write_event(record_of_type(LN_EVT_OPENAT, 2));
    w.write_event(record_of_type(LN_EVT_CLOSE, 3));
    BOOST_TEST(w.buffered_bytes() > 0u);
    w.flush();
    BOOST_TEST(w.buffered_bytes() == 0u);
    const Bytes snapshot = file;                      // what a reader sees now: no End block yet
    w.write_event(record_of_type(LN_EVT_EXECVE, 4));  // buffered, not in the snapshot

    auto r = CaptureReader::from_memory(snapshot);
    auto back = read_all(r);
    BOOST_TEST(back.state.size() == 1u);
    BOOST_TEST(back.events.size() == 2u);
    BOOST_REQUIRE(back.tail.has_value());
    BOOST_TEST(back.tail->offset == snapshot.size());
    BOOST_TEST(back.tail->reason.find("without an End block") != std::string::npos);
    w.close();
}

BOOST_AUTO_TEST_CASE(a_capture_cut_at_any_byte_yields_every_complete_record) {
    auto c = all_types_capture({1024});
    const auto offsets = test::record_offsets(c.file);
    std::vector<size_t> ends;  // end offset of each record
    for (size_t i = 0; i < offsets.size(); ++i) {
        uint32_t len;
        std::memcpy(&len, c.file.data() + offsets[i] + offsetof(ln_event_hdr, len), 4);
        ends.push_back(offsets[i] + len);
    }
    const size_t header = test::header_len(c.file);
    for (size_t cut = header; cut < c.file.size(); ++cut) {
        const Bytes prefix(c.file.begin(), c.file.begin() + static_cast<long>(cut));
        BOOST_TEST_CONTEXT("cut at byte " << cut) {
            auto r = CaptureReader::from_memory(prefix);
            ReadBack back;
            BOOST_REQUIRE_NO_THROW(back = read_all(r));
            const size_t complete =
                static_cast<size_t>(std::upper_bound(ends.begin(), ends.end(), cut) - ends.begin());
            BOOST_TEST(back.state.size() + back.events.size() == complete);
            BOOST_REQUIRE(back.tail.has_value());
            BOOST_TEST(back.tail->offset <= cut);
            // Nothing complete lies after the point the reader says it stopped.
            BOOST_TEST((complete == 0 || ends[complete - 1] <= back.tail->offset));
        }
    }
}
