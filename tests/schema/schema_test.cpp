// The event table and the record format: every event type round-trips through
// RecordBuilder and Event::decode, the table is self-consistent, corrupt
// records are rejected with a reason, and flag names render as Falco shows them.
#define BOOST_TEST_MODULE schema
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/syscall.h>

#include <set>

#include "event/event.h"
#include "event/record_builder.h"
#include "event/sockaddr.h"
#include "lanner/driver_abi.h"
#include "lanner/syscalls.h"
#include "schema/event_table.h"

using namespace lanner;

namespace {

// A value for every parameter, derived from the event and parameter index so
// that a swapped or shifted parameter shows up as a mismatch.
std::string sample_value(const schema::ParamInfo& p, uint16_t type, unsigned i) {
    const uint32_t size = schema::fixed_size(p.type);
    if (size != 0) {
        uint64_t v = (uint64_t{type} << 8) | i | 0x4000000000000000ULL;
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
            return std::string("a\0b c\0", 6);
        default:
            return "v" + std::to_string(type) + "_" + std::to_string(i);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_event_round_trips) {
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t) {
        const auto& info = schema::event_info(t);
        RecordBuilder b(t);
        b.ts(1000 + t).tid(10 + t).pid(20 + t).cpu(1).lost(3);
        std::vector<std::string> values;
        for (unsigned i = 0; i < info.params.size(); ++i) {
            values.push_back(sample_value(info.params[i], t, i));
            b.set_bytes(info.params[i].name, values.back());
        }
        auto bytes = b.build();
        BOOST_TEST_CONTEXT("event " << info.name) {
            BOOST_TEST(bytes.size() % 8 == 0);
            Event ev;
            auto err = Event::decode(bytes, ev);
            BOOST_TEST(!err.has_value());
            BOOST_TEST(ev.type() == t);
            BOOST_TEST(ev.ts() == 1000u + t);
            BOOST_TEST(ev.tid() == 10u + t);
            BOOST_TEST(ev.pid() == 20u + t);
            BOOST_TEST(ev.hdr().lost == 3u);
            BOOST_TEST(ev.len() == bytes.size());
            BOOST_TEST(ev.nparams() == info.params.size());
            for (unsigned i = 0; i < info.params.size(); ++i)
                BOOST_TEST(std::string(ev.param(i).str()) == values[i]);
        }
    }
}

BOOST_AUTO_TEST_CASE(table_is_consistent) {
    std::set<std::string_view> names;
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t) {
        const auto& info = schema::event_info(t);
        BOOST_TEST_CONTEXT("event " << info.name) {
            BOOST_TEST(names.insert(info.name).second);
            BOOST_TEST(schema::find_event(info.name).value() == t);
            BOOST_TEST(info.params.size() <= LN_MAX_EVENT_PARAMS);
            std::set<std::string_view> pnames;
            for (unsigned i = 0; i < info.params.size(); ++i) {
                const auto& p = info.params[i];
                BOOST_TEST(pnames.insert(p.name).second);
                if (p.type == LN_PT_FSRELPATH) {
                    BOOST_TEST(p.dirfd_index >= 0);
                    BOOST_TEST(info.params[p.dirfd_index].type == LN_PT_FD);
                }
                if (p.type == LN_PT_FLAGS32 || p.type == LN_PT_FLAGS64 || p.type == LN_PT_ENUM32)
                    BOOST_TEST(p.flags != nullptr);
                // Ids counted in the task's own pid namespace say so by type: the
                // thread table is keyed by host ids, and consumers name ids by type.
                const bool ns_local = p.name == "vtid" || p.name == "vpid" || p.name == "vpgid";
                BOOST_TEST((p.type == LN_PT_NSPID) == ns_local, p.name);
            }
            // Parameter 0 of a syscall event is its return value.
            if (!info.syscalls.empty()) {
                BOOST_TEST(!info.params.empty());
                const auto t0 = info.params[0].type;
                BOOST_TEST((t0 == LN_PT_ERRNO || t0 == LN_PT_FD || t0 == LN_PT_PID));
            }
        }
    }
    BOOST_TEST(!schema::find_event("no_such_event").has_value());
}

BOOST_AUTO_TEST_CASE(syscall_map_covers_the_syscall_events) {
    std::set<uint16_t> mapped;
#define X(nr, ev)                      \
    BOOST_TEST((nr) < LN_SYSCALL_MAX); \
    mapped.insert(ev);
    LN_SYSCALL_EVENT_TABLE(X)
#undef X
    BOOST_TEST(mapped.count(LN_EVT_OPENAT) == 1);
    BOOST_TEST(mapped.count(LN_EVT_EXECVE) == 1);
    BOOST_TEST(mapped.count(LN_EVT_PROCEXIT) == 0);
    // On x86_64 every syscall event has its syscall.
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t)
        if (!schema::event_info(t).syscalls.empty())
            BOOST_TEST(mapped.count(t) == 1, "event " << schema::event_info(t).name);
    constexpr int openat_nr = __NR_openat;
    BOOST_TEST(openat_nr == SYS_openat);
}

BOOST_AUTO_TEST_CASE(flags_render_by_name) {
    const auto* open = schema::find_flag_set("open_flags");
    BOOST_REQUIRE(open);
    BOOST_TEST(schema::format_flags(*open, O_RDONLY) == "O_RDONLY");
    BOOST_TEST(schema::format_flags(*open, O_WRONLY | O_CREAT | O_TRUNC) ==
               "O_WRONLY|O_CREAT|O_TRUNC");
    BOOST_TEST(schema::format_flags(*open, O_RDONLY | O_CLOEXEC) == "O_RDONLY|O_CLOEXEC");
    BOOST_TEST(schema::flag_value(*open, "O_TRUNC").value() == uint64_t{O_TRUNC});
    const auto* ptrace = schema::find_flag_set("ptrace_requests");
    BOOST_REQUIRE(ptrace);
    BOOST_TEST(schema::format_flags(*ptrace, 16) == "PTRACE_ATTACH");
    BOOST_TEST(schema::format_flags(*ptrace, 0x7777) == "30583");
    const auto* caps = schema::find_flag_set("capabilities");
    BOOST_TEST(schema::format_flags(*caps, (1ULL << 21) | (1ULL << 39)) == "CAP_SYS_ADMIN|CAP_BPF");
    const auto* clone = schema::find_flag_set("clone_flags");
    BOOST_TEST(schema::format_flags(*clone, 0x80000000ULL << 1) == "CLONE_CLEAR_SIGHAND");
}

BOOST_AUTO_TEST_CASE(corrupt_records_are_rejected_with_a_reason) {
    auto good = RecordBuilder("openat").set("fd", 3).set("name", "/etc/passwd").build();
    Event ev;
    BOOST_TEST(!Event::decode(good, ev).has_value());

    auto short_buf = std::span<const uint8_t>(good.data(), 20);
    auto e1 = Event::decode(short_buf, ev);
    BOOST_REQUIRE(e1);
    BOOST_TEST(e1->describe() == "record header needs 32 bytes, 20 available");

    auto bad_len = good;
    uint32_t l = 33;
    std::memcpy(bad_len.data() + 16, &l, 4);
    BOOST_TEST(Event::decode(bad_len, ev)->describe().find("record length 33 is invalid") == 0);

    auto truncated = std::span<const uint8_t>(good.data(), good.size() - 8);
    BOOST_TEST(Event::decode(truncated, ev)->describe().find("exceeds the") != std::string::npos);

    auto overrun = good;
    uint16_t big = 0x7000;
    std::memcpy(overrun.data() + 32 + 2, &big, 2);  // parameter 1 claims 28 KiB
    BOOST_TEST(Event::decode(overrun, ev)->describe().find("parameter 1 overruns") == 0);

    auto badfixed = good;
    uint16_t three = 3;  // fd is 8 bytes
    std::memcpy(badfixed.data() + 32, &three, 2);
    BOOST_TEST(Event::decode(badfixed, ev)->describe() ==
               "parameter 0 has length 3 for a fixed-size type");
}

BOOST_AUTO_TEST_CASE(older_records_with_fewer_params_read_as_absent) {
    auto rec = RecordBuilder("openat")
                   .set("fd", 4)
                   .set("dirfd", -100)
                   .set("name", "x")
                   .truncate_params(3)
                   .build();
    Event ev;
    BOOST_REQUIRE(!Event::decode(rec, ev).has_value());
    BOOST_TEST(ev.nparams() == 3u);
    BOOST_TEST(ev.result().value() == 4);
    BOOST_TEST(ev.param(LN_P_OPENAT_FLAGS).empty());
    BOOST_TEST(!ev.u32(LN_P_OPENAT_FLAGS).has_value());
}

BOOST_AUTO_TEST_CASE(partial_parameters_are_flagged) {
    auto rec = RecordBuilder("execve")
                   .set("res", 0)
                   .set_list("args", {"-c", "id"})
                   .partial("args")
                   .build();
    Event ev;
    BOOST_REQUIRE(!Event::decode(rec, ev).has_value());
    BOOST_TEST(ev.param(LN_P_EXECVE_ARGS).partial);
    BOOST_TEST(!ev.param(LN_P_EXECVE_EXE).partial);
    BOOST_TEST((ev.hdr().flags & LN_EF_PARTIAL) != 0);
}

BOOST_AUTO_TEST_CASE(sockaddr_encoding_round_trips) {
    auto a = decode_sockaddr(inet_sockaddr("192.168.1.7", 8080));
    BOOST_REQUIRE(a);
    BOOST_TEST(a->inet.ip.to_string() == "192.168.1.7");
    BOOST_TEST(a->inet.port == 8080);
    auto t = decode_socktuple(inet_tuple("::1", 5000, "2001:db8::2", 443));
    BOOST_REQUIRE(t);
    BOOST_TEST(t->client.ip.to_string() == "::1");
    BOOST_TEST(t->server.ip.to_string() == "2001:db8::2");
    BOOST_TEST(t->server.port == 443);
    BOOST_TEST(inet_sockaddr("10.0.0.1", 1).size() == size_t{LN_SOCKADDR_INET_LEN});
    BOOST_TEST(inet_tuple("10.0.0.1", 1, "10.0.0.2", 2).size() == size_t{LN_SOCKTUPLE_INET_LEN});
    BOOST_TEST(!decode_sockaddr(std::string("\x02\x01", 2)).has_value());
    auto u = decode_sockaddr(unix_sockaddr("/run/docker.sock"));
    BOOST_TEST(u->unix_path == "/run/docker.sock");
}
