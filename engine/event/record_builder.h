// Builds records in the schema's format from named parameters: what tests,
// synthetic captures and the capture state section use in place of a driver.
// Parameters are checked against the event table, so a test cannot build a
// record the drivers would never produce.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "lanner/schema.h"

namespace lanner {

class RecordBuilder {
  public:
    explicit RecordBuilder(uint16_t type);
    // By event name ("openat"); throws Error for an unknown name.
    explicit RecordBuilder(std::string_view event_name);

    RecordBuilder& ts(uint64_t v) {
        hdr_.ts = v;
        return *this;
    }
    RecordBuilder& tid(uint32_t v) {
        hdr_.tid = v;
        return *this;
    }
    RecordBuilder& pid(uint32_t v) {
        hdr_.pid = v;
        return *this;
    }
    RecordBuilder& cpu(uint16_t v) {
        hdr_.cpu = v;
        return *this;
    }
    RecordBuilder& lost(uint32_t v) {
        hdr_.lost = v;
        return *this;
    }
    // Both tid and pid (a single-threaded process).
    RecordBuilder& thread(uint32_t tid_, uint32_t pid_) { return tid(tid_).pid(pid_); }

    // Integer-typed parameter (any fixed-size type), encoded in its declared size.
    RecordBuilder& set(std::string_view name, int64_t value);
    RecordBuilder& set(std::string_view name, uint64_t value);
    RecordBuilder& set(std::string_view name, int value) { return set(name, int64_t{value}); }
    RecordBuilder& set(std::string_view name, unsigned value) { return set(name, uint64_t{value}); }
    // String, path or byte-buffer parameter.
    RecordBuilder& set(std::string_view name, std::string_view value);
    RecordBuilder& set(std::string_view name, const char* value) {
        return set(name, std::string_view(value));
    }
    // CHARBUFARRAY parameter: each item followed by a NUL.
    RecordBuilder& set_list(std::string_view name, std::initializer_list<std::string_view> items);
    RecordBuilder& set_list(std::string_view name, const std::vector<std::string>& items);
    // Raw bytes for any parameter (SOCKADDR/SOCKTUPLE built with event/sockaddr.h).
    RecordBuilder& set_bytes(std::string_view name, std::string_view bytes);
    // Marks a parameter incomplete (LN_PLEN_PARTIAL) and sets LN_EF_PARTIAL.
    RecordBuilder& partial(std::string_view name);
    // Carry only the first n parameters, as an older schema's record would.
    RecordBuilder& truncate_params(unsigned n);

    std::vector<uint8_t> build() const;
    void append_to(std::vector<uint8_t>& out) const;

  private:
    unsigned index_of(std::string_view name) const;

    ln_event_hdr hdr_{};
    std::vector<std::string> values_;
    std::vector<bool> partial_;
    unsigned nparams_;
};

}  // namespace lanner
