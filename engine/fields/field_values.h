// The value(s) a field yields for one event. Extraction writes here; rules
// and outputs read the values back. Storage is reused from event to event,
// so once the buffers have grown to their working size nothing allocates.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "event/sockaddr.h"

namespace lanner::fields {

// One value. Which member is meaningful follows from the field's FieldType:
// `str` for String, Bytes and StringList items; `num` for every integer type
// (Int64 as two's complement), Bool (0/1) and times; `ip` for addresses.
struct Scalar {
    std::string_view str;
    uint64_t num = 0;
    IpAddr ip;

    int64_t as_int() const noexcept { return static_cast<int64_t>(num); }
};

class FieldValues {
  public:
    void clear() noexcept {
        count_ = 0;
        buf_.clear();
        pending_owned_ = false;
    }

    // A string whose bytes outlive the evaluation of the event (the record
    // itself, a state table entry, a constant).
    void add_view(std::string_view s) { push(Scalar{s, 0, {}}); }

    // A string copied into storage owned by this object.
    void add_copy(std::string_view s) {
        const size_t at = begin_owned();
        buf_.append(s);
        end_owned(at);
    }

    // Builds a string in place: `at = begin_owned()`, append to `owned()`,
    // then `end_owned(at)`. The buffer may move while it grows, so views of
    // owned strings are fixed by finish().
    size_t begin_owned() const noexcept { return buf_.size(); }
    std::string& owned() noexcept { return buf_; }
    void end_owned(size_t at) {
        // An owned string is recorded with a null data pointer and its offset
        // in `num` until finish() points it into the buffer.
        push(Scalar{std::string_view(nullptr, buf_.size() - at), at, {}});
        pending_owned_ = true;
    }

    void add_num(uint64_t v) { push(Scalar{{}, v, {}}); }
    void add_int(int64_t v) { add_num(static_cast<uint64_t>(v)); }
    void add_bool(bool v) { add_num(v ? 1 : 0); }
    void add_ip(const IpAddr& a) { push(Scalar{{}, 0, a}); }

    // Completes extraction: points owned strings into the final buffer.
    void finish() noexcept {
        if (!pending_owned_) return;
        for (auto& v : std::span<Scalar>(values_.data(), count_))
            if (v.str.data() == nullptr && v.str.size() != 0)
                v.str = std::string_view(buf_.data() + v.num, v.str.size());
        pending_owned_ = false;
    }

    std::span<const Scalar> values() const noexcept { return {values_.data(), count_}; }
    size_t size() const noexcept { return count_; }
    bool empty() const noexcept { return count_ == 0; }
    const Scalar& operator[](size_t i) const noexcept { return values_[i]; }

  private:
    // Stores over the slots of earlier events: the vector only grows (rarely,
    // out of line), so adding a value is a store and a count.
    void push(const Scalar& v) {
        if (count_ == values_.size()) grow();
        values_[count_++] = v;
    }
    [[gnu::noinline]] void grow() { values_.resize(values_.empty() ? 4 : values_.size() * 2); }

    std::vector<Scalar> values_;  // the first count_ are this event's
    size_t count_ = 0;
    std::string buf_;
    bool pending_owned_ = false;
};

}  // namespace lanner::fields
