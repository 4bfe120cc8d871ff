// The evt.* field class: facts about the event record itself (type,
// arguments, result, time), which need no state.
#pragma once

#include <cstdint>
#include <string>

#include "fields/field_class.h"

namespace lanner {
class ParamResolver;
}

namespace lanner::fields {

struct EvtFieldOptions {
    // Names fds, users and relative paths in evt.arg.* and evt.args (the
    // state tracker provides one); nullptr resolves nothing.
    const ParamResolver* resolver = nullptr;
    // evt.hostname; empty means this machine's name.
    std::string hostname;
    // Wall-clock time of boot in ns since the epoch (a capture's header
    // says it); 0 means this machine's, EvtFieldClass::boot_time_now().
    uint64_t boot_time_ns = 0;
};

class EvtFieldClass final : public FieldClass {
  public:
    explicit EvtFieldClass(EvtFieldOptions options = {});

    std::string_view name() const override { return "evt"; }
    std::string_view description() const override;
    std::span<const FieldDef> fields() const override;
    std::unique_ptr<BoundField> bind(const FieldDef& def, const FieldArg& arg) const override;

    // Record timestamps are CLOCK_BOOTTIME; adding the wall-clock time of
    // boot gives evt.rawtime. Set from the live clocks (boot_time_now()) or
    // from a capture's header.
    void set_boot_time(uint64_t epoch_ns) noexcept { boot_time_ns_ = epoch_ns; }
    uint64_t boot_time() const noexcept { return boot_time_ns_; }
    static uint64_t boot_time_now() noexcept;

    const ParamResolver& resolver() const noexcept { return *resolver_; }
    const std::string& hostname() const noexcept { return hostname_; }

  private:
    const ParamResolver* resolver_;
    std::string hostname_;
    uint64_t boot_time_ns_;
};

}  // namespace lanner::fields
