// Extraction allocates nothing in steady state: every field of every class,
// evaluated on repeated rounds of the same kinds of events, allocates while
// its buffers grow in the first round and never afterwards. Counted by
// replacing the global operator new in this test executable.
#define BOOST_TEST_MODULE extraction_alloc
#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>
#include <new>

#include "event/sockaddr.h"
#include "field_replay.h"

namespace {
bool g_counting = false;
size_t g_allocations = 0;
}  // namespace

void* operator new(std::size_t n) {
    if (g_counting) ++g_allocations;
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    return ::operator new(n);
}
// Every form of delete releases what the operator new above took from
// malloc; GCC cannot see that the pair matches.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    ::operator delete(p);
}
void operator delete(void* p, std::size_t) noexcept {
    ::operator delete(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    ::operator delete(p);
}
#pragma GCC diagnostic pop

using namespace lanner;
using namespace lanner::capture;

namespace {

const std::string kId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

// One round: a process tree in and out of a container opening files,
// connecting, sending datagrams, renaming and exiting.
void add_round(SyntheticCapture& cap, uint32_t base, bool in_container) {
    const uint32_t shell = base, child = base + 1;
    cap.add_thread(SyntheticThread(shell, "/bin/bash")
                       .cwd("/home/u")
                       .uid(1000)
                       .env({"HOME=/home/u", "PATH=/usr/bin:/bin", "TERM=xterm"})
                       .container(in_container ? kId : std::string()));
    cap.add_std_fds(shell);
    cap.spawn(shell, child, "/usr/bin/python3", {"-c", "import os; os.system('id')"});
    cap.open(child, "notes/../todo.txt", 3);
    cap.event("socket", child)
        .set("fd", int64_t{4})
        .set("domain", int64_t{AF_INET})
        .set("type", uint64_t{SOCK_STREAM})
        .set("proto", uint64_t{0});
    cap.connect(child, 4, "198.51.100.20", 443);
    cap.event("sendto", child)
        .set("res", int64_t{4})
        .set("data", "ping")
        .set("fd", int64_t{5})
        .set_bytes("tuple", inet_tuple("10.0.0.1", 5000, "192.0.2.53", 53));
    cap.event("rename", child)
        .set("res", int64_t{0})
        .set("oldpath", "todo.txt")
        .set("newpath", "/tmp/done.txt");
    cap.open(child, "/etc/missing", -2);
    cap.event("close", child).set("res", int64_t{0}).set("fd", int64_t{3});
    cap.exit(child);
}

}  // namespace

BOOST_AUTO_TEST_CASE(no_allocation_once_buffers_have_grown) {
    SyntheticCapture cap;
    cap.add_standard_accounts();
    constexpr int kRounds = 6;
    std::vector<size_t> round_end;
    for (int i = 0; i < kRounds; ++i) {
        add_round(cap, 1000 + 10 * static_cast<uint32_t>(i), i % 2 == 1);
        round_end.push_back(cap.event_records());
    }
    test::FieldReplay replay(cap);

    // Every field, bare and with a typical argument.
    struct Use {
        std::unique_ptr<fields::BoundField> field;
        fields::FieldValues values;
    };
    std::vector<Use> uses;
    const auto& registry = *replay.registry();
    for (const auto* cls : registry.classes()) {
        for (const auto* def : registry.fields_of(*cls)) {
            std::vector<std::optional<std::string>> args;
            if (!def->arg_required) args.push_back(std::nullopt);
            switch (def->arg) {
                case fields::ArgForm::Index:
                    args.push_back("1");
                    break;
                case fields::ArgForm::Key:
                    args.push_back("HOME");
                    break;
                case fields::ArgForm::IndexOrKey:
                    args.push_back("0");
                    args.push_back("/var/*");
                    break;
                case fields::ArgForm::Param:
                    args.push_back("fd");
                    break;
                case fields::ArgForm::None:
                    break;
            }
            for (const auto& a : args) uses.push_back({registry.bind(def->name, a), {}});
        }
    }
    BOOST_TEST(uses.size() > 200u);

    fields::EvalContext ctx;
    size_t event = 0, extracted = 0;
    for (int round = 0; round < kRounds; ++round) {
        while (event < round_end[static_cast<size_t>(round)]) {
            replay.to_event(++event);
            ctx.begin(replay.event());
            g_counting = round >= 2;  // rounds 0 and 1 grow the buffers
            for (auto& u : uses) {
                u.values.clear();
                if (u.field->extract(ctx, u.values)) {
                    u.values.finish();
                    ++extracted;
                }
            }
            g_counting = false;
        }
    }
    BOOST_TEST(extracted > 1000u);
    BOOST_TEST(g_allocations == 0u, g_allocations << " allocations in steady state");
}
