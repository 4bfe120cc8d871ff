// A Source over a capture file: the records of a past run, replayed in file
// order. The state-section records (threadinfo, fdinfo, userinfo, groupinfo)
// come first, so the state tracker is seeded before any event; a caller that
// seeds state separately takes them with seed_state() instead.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "capture/capture_reader.h"
#include "source/source.h"

namespace lanner {

class ReplaySource final : public Source {
  public:
    // Opens the capture and reads its header; throws Error / CaptureError.
    explicit ReplaySource(const std::string& path);
    ReplaySource(const std::string& path, capture::CaptureReader::Options opts);
    explicit ReplaySource(capture::CaptureReader reader);

    std::string_view kind() const override { return "replay"; }
    void start() override {}
    // Records in file order: the state section, then the events. Never
    // waits; End when the capture is exhausted or stop() was called.
    // Throws CaptureError on a corrupt capture.
    NextStatus next(Event& out, std::chrono::milliseconds wait) override;
    void stop() override { stopped_ = true; }
    // records: every record handed out (state and events); lost_in_records:
    // the sum of the events' 'lost' fields. No per-CPU counters in a capture.
    SourceStats stats() const override;

    // Hands every state-section record to `seed`, in file order, and leaves
    // next() at the first event. Call before next(). Returns the count.
    uint64_t seed_state(const std::function<void(const Event&)>& seed);

    // Whether the record last returned by next() is a state-section record.
    bool in_state_section() const noexcept { return reader_.section() == capture::Section::State; }
    const capture::CaptureInfo& info() const noexcept { return reader_.info(); }
    const std::string& name() const noexcept { return reader_.name(); }
    const capture::ReaderStats& reader_stats() const noexcept { return reader_.stats(); }
    // Once next() returned End: where and why the capture stops early, if it does.
    const std::optional<capture::IncompleteTail>& incomplete_tail() const noexcept {
        return reader_.incomplete_tail();
    }

  private:
    capture::CaptureReader reader_;
    // The first event, read by seed_state() while looking for the end of the
    // state section; handed out by the next next().
    Event held_;
    bool holding_ = false;
    bool stopped_ = false;
    uint64_t handed_ = 0;
};

}  // namespace lanner
