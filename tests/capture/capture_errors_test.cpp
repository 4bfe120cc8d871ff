// Malformed captures: each kind of damage gives its own error, naming the
// byte offset where it is, and the records before the damage are delivered.
#define BOOST_TEST_MODULE capture_errors
#include <boost/test/unit_test.hpp>

#include "capture/capture_error.h"
#include "capture/capture_reader.h"
#include "capture/capture_writer.h"
#include "capture/synthetic_capture.h"
#include "capture_test_bytes.h"
#include "event/record_builder.h"

using namespace lanner;
using namespace lanner::capture;
using Bytes = std::vector<uint8_t>;

namespace {

// A capture with a state section and two events blocks of three records.
Bytes small_capture() {
    SyntheticCapture cap;
    cap.add_user(0, "root", 0);
    cap.add_thread(SyntheticThread(10, "/bin/bash"));
    for (int i = 0; i < 6; ++i) cap.open(10, "/etc/hosts", 3 + i);
    Bytes out;
    auto w = CaptureWriter::to_memory(out, cap.info(), {256});
    cap.write_to(w);
    w.close();
    return out;
}

struct Outcome {
    size_t records = 0;
    std::optional<uint64_t> offset;
    std::string message;
};

Outcome read(const Bytes& b, bool verify = true) {
    Outcome o;
    try {
        auto r = CaptureReader::from_memory(b, {verify});
        Event ev;
        while (r.next(ev)) ++o.records;
    } catch (const CaptureError& e) {
        o.offset = e.offset();
        o.message = e.what();
    }
    return o;
}

bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}

// The error must name the offset in its text too.
void check_error(const Outcome& o, uint64_t offset, std::string_view reason) {
    BOOST_REQUIRE_MESSAGE(o.offset.has_value(), "expected an error about: " << reason);
    BOOST_TEST(*o.offset == offset);
    BOOST_TEST(contains(o.message, "byte " + std::to_string(offset) + ":"), o.message);
    BOOST_TEST(contains(o.message, reason), o.message);
}

const test::BlockAt& first_events_block(const std::vector<test::BlockAt>& blocks) {
    for (const auto& b : blocks)
        if (b.header.kind == static_cast<uint16_t>(BlockKind::Events)) return b;
    throw std::runtime_error("no events block");
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_intact_capture_reads) {
    const auto o = read(small_capture());
    BOOST_TEST(!o.offset.has_value(), o.message);
    BOOST_TEST(o.records == 8u);
    BOOST_TEST(test::blocks(small_capture()).size() >= 4u);  // state, 2+ events, end
}

BOOST_AUTO_TEST_CASE(wrong_magic) {
    auto b = small_capture();
    b[1] = 'X';
    check_error(read(b), 0, "not a Lanner capture");
    const Bytes pcapng = {0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a};
    check_error(read(pcapng), 0, "pcapng or Falco/sysdig .scap");
    check_error(read(Bytes{}), 0, "the file is empty");
}

BOOST_AUTO_TEST_CASE(future_format_version) {
    auto b = small_capture();
    test::poke<uint16_t>(b, offsetof(FileHeader, format_major), kFormatMajor + 1);
    check_error(read(b), offsetof(FileHeader, format_major), "newer than this reader");
    // A newer minor version is readable: only additions old readers may ignore.
    b = small_capture();
    test::poke<uint16_t>(b, offsetof(FileHeader, format_minor), kFormatMinor + 5);
    test::reseal(b);
    BOOST_TEST(read(b).records == 8u);
}

BOOST_AUTO_TEST_CASE(future_schema_major) {
    auto b = small_capture();
    test::poke<uint32_t>(b, offsetof(FileHeader, schema_version),
                         uint32_t{LN_SCHEMA_VERSION_MAJOR + 1} << 16);
    test::reseal(b);
    check_error(read(b), offsetof(FileHeader, schema_version), "newer than this reader's major");
    // A newer minor schema is fine: parameters and events are only appended.
    b = small_capture();
    test::poke<uint32_t>(b, offsetof(FileHeader, schema_version), uint32_t{LN_SCHEMA_VERSION} + 7);
    test::reseal(b);
    BOOST_TEST(read(b).records == 8u);
}

BOOST_AUTO_TEST_CASE(truncated_header) {
    const auto b = small_capture();
    for (size_t cut : {5u, 15u}) {
        const Bytes p(b.begin(), b.begin() + static_cast<long>(cut));
        const auto o = read(p);
        if (cut < 8) {
            // A prefix of the magic is not "wrong magic": the header is cut.
            check_error(o, cut, "truncated header");
        } else {
            check_error(o, cut, "truncated header");
        }
    }
    const auto hlen = test::header_len(b);
    const Bytes p(b.begin(), b.begin() + hlen - 8);
    check_error(read(p), hlen - 8, "truncated header");
}

BOOST_AUTO_TEST_CASE(corrupt_header) {
    auto b = small_capture();
    b[offsetof(FileHeader, boot_time_ns)] ^= 0x10;
    check_error(read(b), offsetof(FileHeader, header_crc), "header checksum mismatch");

    b = small_capture();
    test::poke<uint32_t>(b, offsetof(FileHeader, header_len), 61);
    check_error(read(b), offsetof(FileHeader, header_len), "header length 61 is invalid");

    b = small_capture();
    test::poke<uint16_t>(b, offsetof(FileHeader, hostname) + 2, 9000);  // length past the header
    test::reseal(b);
    check_error(read(b), offsetof(FileHeader, hostname), "host name string");
}

BOOST_AUTO_TEST_CASE(truncated_record_is_the_end_not_an_error) {
    const auto b = small_capture();
    const auto blocks = test::blocks(b);
    const auto& blk = first_events_block(blocks);
    const size_t second = blk.records[1];
    const Bytes p(b.begin(), b.begin() + static_cast<long>(second + 40));  // inside record 2
    auto r = CaptureReader::from_memory(p);
    Event ev;
    size_t n = 0;
    while (r.next(ev)) ++n;
    BOOST_TEST(n == 3u);  // userinfo, threadinfo, the first openat
    BOOST_REQUIRE(r.incomplete_tail().has_value());
    BOOST_TEST(r.incomplete_tail()->offset == second);
    BOOST_TEST(contains(r.incomplete_tail()->reason,
                        "cut inside the events block at byte " + std::to_string(blk.offset)));
}

BOOST_AUTO_TEST_CASE(corrupt_record_length) {
    auto b = small_capture();
    const auto blocks = test::blocks(b);
    const size_t rec = first_events_block(blocks).records[1];
    // Without resealing, the block checksum catches it first.
    test::poke<uint32_t>(b, rec + offsetof(ln_event_hdr, len), 4096);
    check_error(read(b), first_events_block(blocks).offset, "block payload checksum mismatch");
    // Resealed, the record's own checks catch it: longer than its block.
    test::reseal(b);
    check_error(read(b), rec, "record length 4096 exceeds");
    const auto o = read(b);
    BOOST_TEST(o.records == 3u);  // everything before the damage was delivered
    // Not a multiple of 8.
    b = small_capture();
    test::poke<uint32_t>(b, rec + offsetof(ln_event_hdr, len), 44);
    test::reseal(b);
    check_error(read(b), rec, "record length 44 is invalid");
    // Shorter than the record's parameter table.
    b = small_capture();
    test::poke<uint32_t>(b, rec + offsetof(ln_event_hdr, len), 40);
    test::reseal(b);
    check_error(read(b), rec, "parameter table of 7 entries overruns record length 40");
}

BOOST_AUTO_TEST_CASE(corrupt_parameter_table) {
    auto b = small_capture();
    const auto blocks = test::blocks(b);
    const size_t rec = first_events_block(blocks).records[0];
    test::poke<uint16_t>(b, rec + offsetof(ln_event_hdr, nparams), 2000);
    test::reseal(b);
    check_error(read(b), rec, "parameter table of 2000 entries overruns");

    b = small_capture();
    test::poke<uint16_t>(b, rec + sizeof(ln_event_hdr) + 2 * 2, 3000);  // length of parameter 2
    test::reseal(b);
    check_error(read(b), rec, "parameter 2 overruns the record");

    b = small_capture();
    test::poke<uint16_t>(b, rec + sizeof(ln_event_hdr), 3);  // fd (8 bytes) claimed as 3
    test::reseal(b);
    check_error(read(b), rec, "parameter 0 has length 3 for a fixed-size type");
}

BOOST_AUTO_TEST_CASE(corrupt_block_header) {
    auto b = small_capture();
    const auto blocks = test::blocks(b);
    const auto& blk = first_events_block(blocks);
    b[blk.offset + offsetof(BlockHeader, records)] ^= 1;
    check_error(read(b), blk.offset, "block header checksum mismatch");

    test::reseal(b);  // the count is now wrong but sealed
    check_error(read(b), blk.offset, "header counts");

    b = small_capture();
    test::poke<uint32_t>(b, blk.offset + offsetof(BlockHeader, payload_len), 12);
    test::reseal(b);
    check_error(read(b), blk.offset + offsetof(BlockHeader, payload_len),
                "block payload length 12 is invalid");
}

BOOST_AUTO_TEST_CASE(garbage_after_a_valid_prefix) {
    const auto good = small_capture();
    // After the End block.
    auto b = good;
    b.insert(b.end(), {'g', 'a', 'r', 'b', 'a', 'g', 'e', '!'});
    check_error(read(b), good.size(), "unexpected bytes after the End block");
    // In place of a block: the reader was expecting a block header.
    const auto blocks = test::blocks(good);
    const size_t end_block = blocks.back().offset;
    b.assign(good.begin(), good.begin() + static_cast<long>(end_block));
    const Bytes junk(64, 0xab);
    b.insert(b.end(), junk.begin(), junk.end());
    check_error(read(b), end_block, "expected a block header");
    // Fewer bytes than a block header, not a prefix of one.
    b.assign(good.begin(), good.begin() + static_cast<long>(end_block));
    b.insert(b.end(), {0x01, 0x02, 0x03});
    check_error(read(b), end_block, "expected a block header");
    // A prefix of a block header is a cut, not garbage.
    b.assign(good.begin(), good.begin() + static_cast<long>(end_block) + 6);
    auto r = CaptureReader::from_memory(b);
    Event ev;
    while (r.next(ev)) {
    }
    BOOST_REQUIRE(r.incomplete_tail().has_value());
    BOOST_TEST(r.incomplete_tail()->offset == end_block);
}

BOOST_AUTO_TEST_CASE(sections_out_of_order) {
    // A state block after events: build by hand from two writers' blocks.
    const auto good = small_capture();
    const auto blocks = test::blocks(good);
    const auto& state = blocks[0];
    BOOST_REQUIRE(state.header.kind == static_cast<uint16_t>(BlockKind::State));
    const auto& events = first_events_block(blocks);
    Bytes b(good.begin(), good.begin() + static_cast<long>(state.offset));
    const size_t state_len = sizeof(BlockHeader) + state.header.payload_len;
    const size_t events_len = sizeof(BlockHeader) + events.header.payload_len;
    b.insert(b.end(), good.begin() + static_cast<long>(events.offset),
             good.begin() + static_cast<long>(events.offset + events_len));
    const size_t misplaced = b.size();
    b.insert(b.end(), good.begin() + static_cast<long>(state.offset),
             good.begin() + static_cast<long>(state.offset + state_len));
    check_error(read(b), misplaced, "a state block after an events block");
}

BOOST_AUTO_TEST_CASE(an_event_in_the_state_section) {
    auto b = small_capture();
    const auto blocks = test::blocks(b);
    const size_t rec = blocks[0].records[0];
    test::poke<uint16_t>(b, rec + offsetof(ln_event_hdr, type), LN_EVT_GROUPINFO);
    test::reseal(b);  // a groupinfo is a meta record: fine (its parameters still fit)
    BOOST_TEST(!read(b).offset.has_value());
    // A close record (without parameters, so it decodes) where state belongs.
    test::poke<uint16_t>(b, rec + offsetof(ln_event_hdr, type), LN_EVT_CLOSE);
    test::poke<uint16_t>(b, rec + offsetof(ln_event_hdr, nparams), 0);
    test::reseal(b);
    check_error(read(b), rec, "a 'close' record (type 13) in the state section");
}

BOOST_AUTO_TEST_CASE(end_block_counts_are_checked) {
    auto b = small_capture();
    const auto blocks = test::blocks(b);
    const auto& end = blocks.back();
    BOOST_REQUIRE(end.header.kind == static_cast<uint16_t>(BlockKind::End));
    test::poke<uint64_t>(b, end.offset + sizeof(BlockHeader) + offsetof(EndPayload, event_records),
                         99);
    test::reseal(b);
    check_error(read(b), end.offset, "the End block counts 2 state and 99 event records");
}

BOOST_AUTO_TEST_CASE(unknown_block_kinds_are_skipped) {
    const auto good = small_capture();
    const auto blocks = test::blocks(good);
    const size_t at = blocks[1].offset;  // before the first events block
    Bytes b(good.begin(), good.begin() + static_cast<long>(at));
    Bytes extra(sizeof(BlockHeader) + 16, 0x5a);
    BlockHeader h{kBlockMagic, 77, 0, 16, 0, 0, 0};
    std::memcpy(extra.data(), &h, sizeof h);
    b.insert(b.end(), extra.begin(), extra.end());
    b.insert(b.end(), good.begin() + static_cast<long>(at), good.end());
    test::reseal(b);
    auto r = CaptureReader::from_memory(b);
    Event ev;
    size_t n = 0;
    while (r.next(ev)) ++n;
    BOOST_TEST(n == 8u);
    BOOST_TEST(r.stats().skipped_blocks == 1u);
    BOOST_TEST(!r.incomplete_tail().has_value());
}

BOOST_AUTO_TEST_CASE(checksums_can_be_skipped) {
    auto b = small_capture();
    const auto blocks = test::blocks(b);
    const size_t rec = first_events_block(blocks).records[0];
    // A flipped bit inside a path: structurally valid, only the checksum knows.
    b[rec + 80] ^= 0x01;
    check_error(read(b, true), first_events_block(blocks).offset, "checksum mismatch");
    BOOST_TEST(read(b, false).records == 8u);
}

BOOST_AUTO_TEST_CASE(files_that_cannot_be_opened) {
    BOOST_CHECK_THROW(CaptureReader::open("/nonexistent/capture.lncap"), Error);
    BOOST_CHECK_THROW(CaptureReader::open("/tmp"), Error);
}
