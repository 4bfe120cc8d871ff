#include "source/ring_merger.h"

#include <cstring>
#include <limits>

namespace lanner {

RingMerger::RingMerger(std::vector<std::unique_ptr<RingReader>> rings)
    : rings_(std::move(rings)), heads_(rings_.size()) {}

RingMerger::Record RingMerger::next() {
    if (taken_ >= 0) {
        rings_[taken_]->pop();
        heads_[taken_] = {};
        taken_ = -1;
    }
    int best = -1;
    uint64_t best_ts = std::numeric_limits<uint64_t>::max();
    for (size_t i = 0; i < rings_.size(); ++i) {
        Head& h = heads_[i];
        if (h.bytes.empty()) {
            h.bytes = rings_[i]->peek();
            if (h.bytes.empty()) continue;
            h.ts = 0;  // too short for a timestamp: hand it out at once
            if (h.bytes.size() >= sizeof(uint64_t)) std::memcpy(&h.ts, h.bytes.data(), 8);
        }
        if (best < 0 || h.ts < best_ts) {
            best = static_cast<int>(i);
            best_ts = h.ts;
        }
    }
    if (best < 0) return {};
    taken_ = best;
    return {heads_[best].bytes, rings_[best]->cpu()};
}

void RingMerger::idle() {
    for (auto& ring : rings_) ring->idle();
}

}  // namespace lanner
