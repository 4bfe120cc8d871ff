#include "event/event.h"

#include <fmt/format.h>

#include "schema/event_table.h"

namespace lanner {

std::string Event::DecodeError::describe() const {
    return fmt::format(fmt::runtime(reason), detail_a, detail_b);
}

std::optional<Event::DecodeError> Event::decode(std::span<const uint8_t> bytes,
                                                Event& out) noexcept {
    if (bytes.size() < sizeof(ln_event_hdr))
        return DecodeError{"record header needs 32 bytes, {} available", bytes.size()};
    std::memcpy(&out.hdr_, bytes.data(), sizeof(ln_event_hdr));
    const ln_event_hdr& h = out.hdr_;
    if (h.len < sizeof(ln_event_hdr) || h.len % LN_RECORD_ALIGN != 0 || h.len > LN_MAX_EVENT_SIZE)
        return DecodeError{"record length {} is invalid (a multiple of 8 in [32, {}])", h.len,
                           LN_MAX_EVENT_SIZE};
    if (h.len > bytes.size())
        return DecodeError{"record length {} exceeds the {} bytes available", h.len, bytes.size()};
    const size_t table_end = sizeof(ln_event_hdr) + size_t{h.nparams} * 2;
    if (table_end > h.len)
        return DecodeError{"parameter table of {} entries overruns record length {}", h.nparams,
                           h.len};

    out.raw_ = bytes.data();
    out.nparams_ = h.nparams < kMaxViewParams ? h.nparams : kMaxViewParams;
    const bool known = h.type < LN_EVT_MAX;
    const auto& info = schema::event_info(h.type);
    size_t pos = table_end;
    for (unsigned i = 0; i < h.nparams; ++i) {
        uint16_t raw_len;
        std::memcpy(&raw_len, bytes.data() + sizeof(ln_event_hdr) + i * 2, 2);
        const size_t plen = raw_len & LN_PLEN_MASK;
        if (pos + plen > h.len)
            return DecodeError{"parameter {} overruns the record (ends at byte {})", i, pos + plen};
        if (i < out.nparams_) {
            out.off_[i] = static_cast<uint32_t>(pos);
            out.len_[i] = raw_len;
            if (known && i < info.params.size()) {
                const uint32_t want = schema::fixed_size(info.params[i].type);
                if (want != 0 && plen != 0 && plen != want)
                    return DecodeError{"parameter {} has length {} for a fixed-size type", i, plen};
            }
        }
        pos += plen;
    }
    return std::nullopt;
}

std::optional<int64_t> Event::result() const noexcept {
    if (hdr_.type >= LN_EVT_MAX || schema::is_meta_event(hdr_.type) || hdr_.type == LN_EVT_PROCEXIT)
        return std::nullopt;
    return s64(0);
}

}  // namespace lanner
