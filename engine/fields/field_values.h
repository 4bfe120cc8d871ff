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
        values_.clear();
        buf_.clear();
        pending_owned_ = false;
    }

    // A string whose bytes outlive the evaluation of the event (the record
    // itself, a state table entry, a constant).
    void add_view(std::string_view s) { values_.push_back(Scalar{s, 0, {}}); }

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
        values_.push_back(Scalar{std::string_view(nullptr, buf_.size() - at), at, {}});
        pending_owned_ = true;
    }

    void add_num(uint64_t v) { values_.push_back(Scalar{{}, v, {}}); }
    void add_int(int64_t v) { add_num(static_cast<uint64_t>(v)); }
    void add_bool(bool v) { add_num(v ? 1 : 0); }
    void add_ip(const IpAddr& a) { values_.push_back(Scalar{{}, 0, a}); }

    // Completes extraction: points owned strings into the final buffer.
    void finish() noexcept {
        if (!pending_owned_) return;
        for (auto& v : values_)
            if (v.str.data() == nullptr && v.str.size() != 0)
                v.str = std::string_view(buf_.data() + v.num, v.str.size());
        pending_owned_ = false;
    }

    std::span<const Scalar> values() const noexcept { return values_; }
    size_t size() const noexcept { return values_.size(); }
    bool empty() const noexcept { return values_.empty(); }
    const Scalar& operator[](size_t i) const noexcept { return values_[i]; }

  private:
    std::vector<Scalar> values_;
    std::string buf_;
    bool pending_owned_ = false;
};

}  // namespace lanner::fields
