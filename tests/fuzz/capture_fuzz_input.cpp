#include "capture_fuzz_input.h"

#include <cstdio>
#include <cstdlib>

#include "app/event_printer.h"
#include "capture/capture_error.h"
#include "capture/capture_reader.h"

namespace lanner::fuzz {

CaptureReadOutcome read_capture_input(std::span<const uint8_t> data, bool verify_checksums) {
    static const ParamResolver no_state;
    static app::EventPrinter printer(stdout, 0, no_state, false);  // format() only
    static std::string line;

    CaptureReadOutcome out;
    try {
        auto reader = capture::CaptureReader::from_memory(data, {verify_checksums}, "<fuzz>");
        Event ev;
        while (reader.next(ev)) {
            // Every record takes at least 32 bytes of input.
            if (++out.records > data.size() / sizeof(ln_event_hdr)) {
                std::fprintf(stderr, "reader delivered %llu records from %zu bytes\n",
                             static_cast<unsigned long long>(out.records), data.size());
                std::abort();
            }
            ev.num = out.records;
            line.clear();
            printer.format(ev, line);
        }
        out.cut_tail = reader.incomplete_tail().has_value();
    } catch (const capture::CaptureError& e) {
        out.failed = true;
        out.error_offset = e.offset();
        out.error = e.what();
    }
    return out;
}

}  // namespace lanner::fuzz
