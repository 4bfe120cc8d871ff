#include "capture_seeds.h"

#include <cstring>

#include "capture/capture_writer.h"
#include "capture/sample_capture.h"
#include "event/event.h"
#include "event/record_builder.h"
#include "event/sockaddr.h"
#include "schema/event_table.h"

namespace lanner::fuzz {
namespace {

using capture::CaptureWriter;

// A record of every type, with values of the right size and shape.
std::vector<uint8_t> every_type(uint16_t t) {
    const auto& info = schema::event_info(t);
    RecordBuilder b(t);
    b.ts(1000 + t).thread(100 + t, 100 + t).cpu(t % 2).lost(t % 5 == 0 ? 3 : 0);
    for (unsigned i = 0; i < info.params.size(); ++i) {
        const auto& p = info.params[i];
        if (const uint32_t size = schema::fixed_size(p.type)) {
            const uint64_t v = i == 0 ? uint64_t(-2) : (uint64_t{t} << 4) | i;
            b.set_bytes(p.name, std::string_view(reinterpret_cast<const char*>(&v), size));
        } else if (p.type == LN_PT_SOCKADDR) {
            b.set_bytes(p.name, t % 2 ? inet_sockaddr("::1", 80) : unix_sockaddr("/run/x.sock"));
        } else if (p.type == LN_PT_SOCKTUPLE) {
            b.set_bytes(p.name, inet_tuple("10.0.0.1", 40000, "10.0.0.2", 443));
        } else if (p.type == LN_PT_CHARBUFARRAY) {
            b.set_list(p.name, {"a", "bc"});
        } else {
            b.set(p.name, "/p" + std::to_string(t));
        }
    }
    if (t % 7 == 0 && !info.params.empty()) b.partial(info.params.back().name);
    if (t % 11 == 0) b.truncate_params(1);
    return b.build();
}

std::vector<uint8_t> every_type_capture() {
    std::vector<uint8_t> out;
    auto w =
        CaptureWriter::to_memory(out, capture::CaptureInfo::for_this_host("fuzz-seed"), {2048});
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t) {
        if (schema::is_meta_event(t)) w.write_state(every_type(t));
    }
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t) {
        if (!schema::is_meta_event(t)) w.write_event(every_type(t));
    }
    // A record of a type this schema does not know (a newer writer's).
    auto unknown = every_type(LN_EVT_CLOSE);
    const uint16_t type = LN_EVT_MAX + 40;
    std::memcpy(unknown.data() + offsetof(ln_event_hdr, type), &type, sizeof type);
    w.write_event(unknown);
    w.close();
    return out;
}

std::vector<uint8_t> unclosed_capture() {
    std::vector<uint8_t> out;
    auto w = CaptureWriter::to_memory(out, capture::CaptureInfo{}, {256});
    w.write_state(every_type(LN_EVT_USERINFO));
    for (uint16_t t : {LN_EVT_OPENAT, LN_EVT_CONNECT, LN_EVT_EXECVE}) w.write_event(every_type(t));
    w.flush();
    std::vector<uint8_t> snapshot = out;  // as a killed writer leaves it
    w.close();
    return snapshot;
}

std::vector<uint8_t> empty_capture() {
    std::vector<uint8_t> out;
    CaptureWriter::to_memory(out, capture::CaptureInfo{}).close();
    return out;
}

}  // namespace

std::vector<Seed> capture_seeds() {
    return {
        {"sample", capture::sample_capture().bytes()},
        {"every-type", every_type_capture()},
        {"unclosed", unclosed_capture()},
        {"empty", empty_capture()},
    };
}

}  // namespace lanner::fuzz
