// A decoded, validated view over one record (include/lanner/schema.h).
// Decoding allocates nothing: the view points into the caller's buffer,
// which must outlive it.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

#include "lanner/schema.h"

namespace lanner {

// Parameters a view keeps offsets for; records with more are accepted and the
// extra parameters ignored (they come from a newer schema).
inline constexpr unsigned kMaxViewParams = 64;

struct ParamView {
    const uint8_t* data = nullptr;
    uint16_t len = 0;
    bool partial = false;  // truncated, or unreadable when len is 0

    bool empty() const noexcept { return len == 0; }
    std::string_view str() const noexcept { return {reinterpret_cast<const char*>(data), len}; }
    std::span<const uint8_t> bytes() const noexcept { return {data, len}; }
    // Fixed-size read; nullopt when the parameter is absent or of another size.
    template <typename T>
    std::optional<T> as() const noexcept {
        if (len != sizeof(T)) return std::nullopt;
        T v;
        std::memcpy(&v, data, sizeof(T));
        return v;
    }
};

class Event {
  public:
    // Why a record was rejected; what() names the field and values.
    struct DecodeError {
        const char* reason;  // static text
        uint64_t detail_a = 0;
        uint64_t detail_b = 0;
        std::string describe() const;
    };

    // Decodes the record at the start of `bytes`. On success the view covers
    // hdr().len bytes. Checks: header fits, len is a multiple of 8 within
    // [32, LN_MAX_EVENT_SIZE] and within `bytes`, the length table and the
    // parameters fit in len, fixed-size parameters of known events have their
    // exact size or are empty.
    static std::optional<DecodeError> decode(std::span<const uint8_t> bytes, Event& out) noexcept;

    const ln_event_hdr& hdr() const noexcept { return hdr_; }
    uint16_t type() const noexcept { return hdr_.type; }
    uint64_t ts() const noexcept { return hdr_.ts; }
    uint32_t tid() const noexcept { return hdr_.tid; }
    uint32_t pid() const noexcept { return hdr_.pid; }
    uint32_t len() const noexcept { return hdr_.len; }
    // Parameters present in the record (capped at kMaxViewParams).
    unsigned nparams() const noexcept { return nparams_; }
    const uint8_t* raw() const noexcept { return raw_; }

    // Parameter i; an empty view if the record does not carry it.
    ParamView param(unsigned i) const noexcept {
        if (i >= nparams_) return {};
        return {raw_ + off_[i], static_cast<uint16_t>(len_[i] & LN_PLEN_MASK),
                (len_[i] & LN_PLEN_PARTIAL) != 0};
    }

    // Convenience typed readers; nullopt when absent.
    std::optional<int64_t> s64(unsigned i) const noexcept { return param(i).as<int64_t>(); }
    std::optional<uint64_t> u64(unsigned i) const noexcept { return param(i).as<uint64_t>(); }
    std::optional<uint32_t> u32(unsigned i) const noexcept { return param(i).as<uint32_t>(); }
    std::string_view str(unsigned i) const noexcept { return param(i).str(); }

    // Return value (parameter 0 of every syscall event), nullopt for others.
    std::optional<int64_t> result() const noexcept;

    // Sequence number assigned by the engine (evt.num), 1-based.
    uint64_t num = 0;

  private:
    ln_event_hdr hdr_{};
    const uint8_t* raw_ = nullptr;
    unsigned nparams_ = 0;
    uint32_t off_[kMaxViewParams]{};
    uint16_t len_[kMaxViewParams]{};
};

}  // namespace lanner
