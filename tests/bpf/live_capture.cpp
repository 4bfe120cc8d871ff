#include "live_capture.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "record_text.h"
#include "schema/event_table.h"
#include "source/interest.h"

namespace lanner::test {

bool bpf_available() {
    const auto reason = BpfSource::unsupported_reason();
    if (!reason) return true;
    const char* ci = std::getenv("CI");
    if (ci && std::string_view(ci) == "true") BOOST_FAIL("BPF is unusable under CI: " << *reason);
    BOOST_TEST_MESSAGE("skipped: " << *reason);
    return false;
}

namespace {

ln_interest interest_of(std::initializer_list<std::string_view> events) {
    EventTypeSet set;
    for (auto name : events) {
        auto t = schema::find_event(name);
        BOOST_REQUIRE_MESSAGE(t, "unknown event " << name);
        set.set(*t);
    }
    return interest_for_events(set);
}

}  // namespace

LiveCapture::LiveCapture(std::initializer_list<std::string_view> events, uint32_t ring_bytes)
    : src_({.ring_bytes_per_cpu = ring_bytes, .interest = interest_of(events)}) {
    src_.start();
}

LiveCapture::~LiveCapture() {
    src_.stop();
}

LiveCapture::Child LiveCapture::run_child(const std::function<void()>& body) {
    // Boost.Test reports SIGCHLD as a system error; a child's exit is expected.
    signal(SIGCHLD, SIG_DFL);
    const pid_t pid = fork();
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0) {
        body();
        _exit(0);
    }
    int status = 0;
    BOOST_REQUIRE(waitpid(pid, &status, 0) == pid);
    return {pid, status};
}

void LiveCapture::drain(int quiet_ms) {
    Event ev;
    for (;;) {
        const NextStatus st = src_.next(ev, std::chrono::milliseconds(quiet_ms));
        if (st != NextStatus::Event) return;
        Record r;
        r.bytes.assign(ev.raw(), ev.raw() + ev.len());
        if (const auto err = Event::decode(r.bytes, r.ev))
            BOOST_FAIL("record does not decode: " << err->describe());
        const auto& info = schema::event_info(r.ev.type());
        BOOST_REQUIRE_MESSAGE(
            r.ev.type() > 0 && r.ev.type() < LN_EVT_MAX && !schema::is_meta_event(r.ev.type()),
            "record of unexpected type " << r.ev.type());
        if (r.ev.nparams() != info.params.size())
            BOOST_FAIL(info.name << " record has " << r.ev.nparams() << " parameters, the table "
                                 << info.params.size());
        records_.push_back(std::move(r));
        // The decoded view points into the bytes: decode again in place.
        Event::decode(records_.back().bytes, records_.back().ev);
    }
}

std::vector<const Record*> LiveCapture::of(pid_t pid, std::string_view event) const {
    const auto type = schema::find_event(event);
    std::vector<const Record*> out;
    for (const auto& r : records_)
        if (static_cast<pid_t>(r.ev.pid()) == pid && type && r.ev.type() == *type)
            out.push_back(&r);
    return out;
}

const Record* LiveCapture::first(pid_t pid, std::string_view event) const {
    auto v = of(pid, event);
    return v.empty() ? nullptr : v.front();
}

std::string LiveCapture::dump(pid_t pid) const {
    std::string out;
    for (const auto& r : records_)
        if (static_cast<pid_t>(r.ev.pid()) == pid) out += "\n  " + r.text();
    return out.empty() ? " (no records of that process)" : out;
}

namespace {

int index_of(const Record& r, std::string_view param) {
    const int i = schema::find_param(r.ev.type(), param);
    BOOST_REQUIRE_MESSAGE(
        i >= 0, "no parameter " << param << " in " << schema::event_info(r.ev.type()).name);
    return i;
}

}  // namespace

std::string_view Record::str(std::string_view p) const {
    return ev.str(index_of(*this, p));
}
int64_t Record::s64(std::string_view p) const {
    return ev.s64(index_of(*this, p)).value_or(kAbsentS64);
}
uint64_t Record::u64(std::string_view p) const {
    return ev.u64(index_of(*this, p)).value_or(kAbsentU64);
}
uint32_t Record::u32(std::string_view p) const {
    return ev.u32(index_of(*this, p)).value_or(kAbsentU32);
}
int Record::u8(std::string_view p) const {
    const auto v = ev.param(index_of(*this, p)).as<uint8_t>();
    return v ? int{*v} : kAbsentU8;
}
bool Record::partial(std::string_view p) const {
    return ev.param(index_of(*this, p)).partial;
}
bool Record::has(std::string_view p) const {
    return !ev.param(index_of(*this, p)).empty();
}
std::string Record::text() const {
    return record_text(ev);
}

std::string nul_list(std::initializer_list<std::string_view> items) {
    std::string out;
    for (auto i : items) {
        out += i;
        out.push_back('\0');
    }
    return out;
}

void* shared_bytes(size_t n) {
    void* p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    BOOST_REQUIRE(p != MAP_FAILED);
    return p;  // unmapped at exit: a test process is short-lived
}

uint32_t kernel_dev(dev_t d) {
    return (major(d) << 20) | minor(d);
}

}  // namespace lanner::test
