// A set of event types: the events a rule can match, and the union over the
// loaded rules that tells the drivers which syscalls to record.
#pragma once

// syscalls.h (through driver_abi.h) maps the __NR_* numbers that exist:
// they must be defined before it is first included.
#include <sys/syscall.h>

#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

#include "lanner/driver_abi.h"

namespace lanner::rules {

class EventTypeSet {
  public:
    static constexpr size_t kCapacity = 128;
    static_assert(LN_EVT_MAX <= kCapacity, "event ids fit the set");

    // Every event type a driver produces (the capture state-section types
    // are not events rules run on).
    static EventTypeSet all() noexcept;

    void add(uint16_t type) noexcept {
        if (type < kCapacity) bits_.set(type);
    }
    bool contains(uint16_t type) const noexcept { return type < kCapacity && bits_.test(type); }
    bool empty() const noexcept { return bits_.none(); }
    size_t size() const noexcept { return bits_.count(); }
    bool is_all() const noexcept { return *this == all(); }

    EventTypeSet operator&(const EventTypeSet& o) const noexcept { return from(bits_ & o.bits_); }
    EventTypeSet operator|(const EventTypeSet& o) const noexcept { return from(bits_ | o.bits_); }
    // Every event type not in this set.
    EventTypeSet complement() const noexcept { return from(all().bits_ & ~bits_); }
    bool operator==(const EventTypeSet&) const = default;

    std::vector<uint16_t> types() const;
    // "execve, execveat" in id order.
    std::string names() const;

  private:
    static EventTypeSet from(std::bitset<kCapacity> b) noexcept {
        EventTypeSet s;
        s.bits_ = b;
        return s;
    }
    std::bitset<kCapacity> bits_;
};

}  // namespace lanner::rules
