#include "app/event_printer.h"

#include <array>
#include <ctime>

#include <fmt/format.h>

#include "schema/event_table.h"

namespace lanner::app {
namespace {

// Batch size: large enough that writing costs little per line.
constexpr size_t kBatchBytes = 64 * 1024;

// Index of the "comm" parameter of each event type, -1 if it has none.
const std::array<int, LN_EVT_MAX>& comm_index() {
    static const auto table = [] {
        std::array<int, LN_EVT_MAX> t{};
        for (uint16_t i = 0; i < LN_EVT_MAX; ++i) t[i] = schema::find_param(i, "comm");
        return t;
    }();
    return table;
}

void append_wall_time(uint64_t ns, std::string& out) {
    const auto secs = static_cast<time_t>(ns / 1'000'000'000ULL);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:09}",
                   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                   ns % 1'000'000'000ULL);
}

}  // namespace

EventPrinter::EventPrinter(std::FILE* out, uint64_t boot_time_ns, const ParamResolver& resolver,
                           bool unbuffered)
    : out_(out), boot_time_ns_(boot_time_ns), resolver_(resolver), unbuffered_(unbuffered) {
    pending_.reserve(kBatchBytes + 4096);
}

EventPrinter::~EventPrinter() {
    flush();
}

void EventPrinter::format(const Event& ev, std::string& out) const {
    fmt::format_to(std::back_inserter(out), "{} ", ev.num);
    append_wall_time(boot_time_ns_ + ev.ts(), out);
    fmt::format_to(std::back_inserter(out), " {} ", ev.hdr().cpu);

    const int comm = ev.type() < LN_EVT_MAX ? comm_index()[ev.type()] : -1;
    if (comm >= 0 && !ev.param(static_cast<unsigned>(comm)).empty())
        append_printable(ev.str(static_cast<unsigned>(comm)), out);
    else if (!resolver_.thread_name(ev.tid(), out))
        out += "<NA>";

    fmt::format_to(std::back_inserter(out), " ({}/{}) ", ev.tid(), ev.pid());
    if (ev.type() < LN_EVT_MAX && ev.type() != LN_EVT_UNKNOWN)
        out += schema::event_info(ev.type()).name;
    else
        fmt::format_to(std::back_inserter(out), "unknown-type-{}", ev.type());
    const size_t before_args = out.size();
    out += ' ';
    append_args_text(ev, resolver_, out);
    if (out.size() == before_args + 1) out.resize(before_args);  // no parameters
    // Paths and strings come from the traced programs: a newline or an escape
    // sequence in a file name must not forge a line or drive the terminal.
    for (size_t i = before_args; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c < 0x20 || c == 0x7f) out[i] = '.';
    }
}

void EventPrinter::print(const Event& ev) {
    format(ev, pending_);
    pending_ += '\n';
    if (unbuffered_ || pending_.size() >= kBatchBytes) flush();
}

void EventPrinter::flush() {
    if (!pending_.empty()) {
        std::fwrite(pending_.data(), 1, pending_.size(), out_);
        pending_.clear();
    }
    std::fflush(out_);
}

}  // namespace lanner::app
