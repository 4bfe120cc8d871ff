#include "event/record_builder.h"

#include <cstring>

#include "common/error.h"
#include "schema/event_table.h"

namespace lanner {

RecordBuilder::RecordBuilder(uint16_t type) {
    if (type == LN_EVT_UNKNOWN || type >= LN_EVT_MAX)
        throw Error("RecordBuilder: unknown event type {}", type);
    hdr_.type = type;
    nparams_ = static_cast<unsigned>(schema::event_info(type).params.size());
    values_.resize(nparams_);
    partial_.resize(nparams_);
}

static uint16_t type_by_name(std::string_view name) {
    auto t = schema::find_event(name);
    if (!t) throw Error("RecordBuilder: unknown event '{}'", name);
    return *t;
}

RecordBuilder::RecordBuilder(std::string_view event_name)
    : RecordBuilder(type_by_name(event_name)) {}

unsigned RecordBuilder::index_of(std::string_view name) const {
    int i = schema::find_param(hdr_.type, name);
    if (i < 0)
        throw Error("RecordBuilder: event '{}' has no parameter '{}'",
                    schema::event_info(hdr_.type).name, name);
    return static_cast<unsigned>(i);
}

RecordBuilder& RecordBuilder::set(std::string_view name, uint64_t value) {
    const unsigned i = index_of(name);
    const auto& p = schema::event_info(hdr_.type).params[i];
    const uint32_t size = schema::fixed_size(p.type);
    if (size == 0)
        throw Error("RecordBuilder: parameter '{}' of '{}' is not an integer", name,
                    schema::event_info(hdr_.type).name);
    std::string bytes(size, '\0');
    std::memcpy(bytes.data(), &value, size);  // little-endian: the low bytes
    values_[i] = std::move(bytes);
    return *this;
}

RecordBuilder& RecordBuilder::set(std::string_view name, int64_t value) {
    return set(name, static_cast<uint64_t>(value));
}

RecordBuilder& RecordBuilder::set(std::string_view name, std::string_view value) {
    const unsigned i = index_of(name);
    const auto& p = schema::event_info(hdr_.type).params[i];
    switch (p.type) {
        case LN_PT_CHARBUF:
        case LN_PT_FSPATH:
        case LN_PT_FSRELPATH:
        case LN_PT_BYTEBUF:
            break;
        default:
            throw Error("RecordBuilder: parameter '{}' of '{}' is not a string", name,
                        schema::event_info(hdr_.type).name);
    }
    values_[i] = std::string(value);
    return *this;
}

RecordBuilder& RecordBuilder::set_list(std::string_view name,
                                       std::initializer_list<std::string_view> items) {
    std::vector<std::string> v(items.begin(), items.end());
    return set_list(name, v);
}

RecordBuilder& RecordBuilder::set_list(std::string_view name,
                                       const std::vector<std::string>& items) {
    const unsigned i = index_of(name);
    if (schema::event_info(hdr_.type).params[i].type != LN_PT_CHARBUFARRAY)
        throw Error("RecordBuilder: parameter '{}' is not a string list", name);
    std::string joined;
    for (const auto& s : items) {
        joined += s;
        joined += '\0';
    }
    values_[i] = std::move(joined);
    return *this;
}

RecordBuilder& RecordBuilder::set_bytes(std::string_view name, std::string_view bytes) {
    values_[index_of(name)] = std::string(bytes);
    return *this;
}

RecordBuilder& RecordBuilder::partial(std::string_view name) {
    partial_[index_of(name)] = true;
    hdr_.flags |= LN_EF_PARTIAL;
    return *this;
}

RecordBuilder& RecordBuilder::truncate_params(unsigned n) {
    if (n < nparams_) nparams_ = n;
    return *this;
}

void RecordBuilder::append_to(std::vector<uint8_t>& out) const {
    size_t body = 0;
    for (unsigned i = 0; i < nparams_; ++i) {
        if (values_[i].size() > LN_PLEN_MASK)
            throw Error("RecordBuilder: parameter {} is {} bytes, the limit is {}", i,
                        values_[i].size(), LN_PLEN_MASK);
        body += values_[i].size();
    }
    const size_t raw_len = sizeof(ln_event_hdr) + 2 * size_t{nparams_} + body;
    const size_t len = (raw_len + LN_RECORD_ALIGN - 1) & ~size_t{LN_RECORD_ALIGN - 1};
    if (len > LN_MAX_EVENT_SIZE) throw Error("RecordBuilder: record of {} bytes is too big", len);

    ln_event_hdr h = hdr_;
    h.len = static_cast<uint32_t>(len);
    h.nparams = static_cast<uint16_t>(nparams_);
    const size_t start = out.size();
    out.resize(start + len, 0);
    uint8_t* p = out.data() + start;
    std::memcpy(p, &h, sizeof h);
    p += sizeof h;
    for (unsigned i = 0; i < nparams_; ++i) {
        uint16_t l = static_cast<uint16_t>(values_[i].size());
        if (partial_[i]) l |= LN_PLEN_PARTIAL;
        std::memcpy(p, &l, 2);
        p += 2;
    }
    for (unsigned i = 0; i < nparams_; ++i) {
        std::memcpy(p, values_[i].data(), values_[i].size());
        p += values_[i].size();
    }
}

std::vector<uint8_t> RecordBuilder::build() const {
    std::vector<uint8_t> out;
    append_to(out);
    return out;
}

}  // namespace lanner
