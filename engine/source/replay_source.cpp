#include "source/replay_source.h"

#include "common/error.h"

namespace lanner {

ReplaySource::ReplaySource(const std::string& path) : reader_(capture::CaptureReader::open(path)) {}

ReplaySource::ReplaySource(const std::string& path, capture::CaptureReader::Options opts)
    : reader_(capture::CaptureReader::open(path, opts)) {}

ReplaySource::ReplaySource(capture::CaptureReader reader) : reader_(std::move(reader)) {}

NextStatus ReplaySource::next(Event& out, std::chrono::milliseconds) {
    if (stopped_) return NextStatus::End;
    if (holding_) {
        holding_ = false;
        out = held_;  // a view: the reader has not moved since it was read
        ++handed_;
        return NextStatus::Event;
    }
    if (!reader_.next(out)) return NextStatus::End;
    ++handed_;
    return NextStatus::Event;
}

uint64_t ReplaySource::seed_state(const std::function<void(const Event&)>& seed) {
    if (handed_ != 0 || holding_)
        throw Error("replay {}: seed_state() must come before the first next()", name());
    uint64_t n = 0;
    Event ev;
    while (reader_.next(ev)) {
        if (reader_.section() != capture::Section::State) {
            held_ = ev;
            holding_ = true;
            break;
        }
        seed(ev);
        ++n;
        ++handed_;
    }
    return n;
}

SourceStats ReplaySource::stats() const {
    SourceStats s;
    s.records = handed_;
    s.lost_in_records = reader_.stats().lost;
    return s;
}

}  // namespace lanner
