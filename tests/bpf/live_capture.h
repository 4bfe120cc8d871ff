// Test harness for the live eBPF tests: starts a BpfSource with an interest
// set, runs actions in a child process, and collects the records. Every
// record read is checked to decode and to carry its event's parameter count.
#pragma once

#include <sys/types.h>

#include <climits>
#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"
#include "source/bpf_source.h"

namespace lanner::test {

// True when BPF can run here. Otherwise the test is skipped with the reason,
// or fails under CI=true, where BPF is a precondition.
bool bpf_available();

// A record copied out of the ring, with its decoded view.
struct Record {
    std::vector<uint8_t> bytes;
    Event ev;
    // Typed values; an absent or wrongly sized value reads as the type's
    // "absent" marker below, so a failed check prints something readable.
    static constexpr int64_t kAbsentS64 = INT64_MIN;
    static constexpr uint64_t kAbsentU64 = UINT64_MAX;
    static constexpr uint32_t kAbsentU32 = UINT32_MAX;
    static constexpr int kAbsentU8 = -1;
    std::string_view str(std::string_view param) const;
    int64_t s64(std::string_view param) const;
    uint64_t u64(std::string_view param) const;
    uint32_t u32(std::string_view param) const;
    int u8(std::string_view param) const;
    bool partial(std::string_view param) const;
    bool has(std::string_view param) const;  // present and non-empty
    std::string text() const;
};

class LiveCapture {
  public:
    LiveCapture(std::initializer_list<std::string_view> events, uint32_t ring_bytes = 8u << 20);
    ~LiveCapture();

    BpfSource& source() { return src_; }
    struct Child {
        pid_t pid;
        int status;  // as waitpid() reports it
    };
    // Runs `body` in a forked child (which then exits 0) and waits for it.
    Child run_child(const std::function<void()>& body);
    // Reads records until the rings stay empty for `quiet_ms`.
    void drain(int quiet_ms = 300);
    // Records of process `pid` (thread group) of the given event, in order.
    std::vector<const Record*> of(pid_t pid, std::string_view event) const;
    const Record* first(pid_t pid, std::string_view event) const;
    const std::deque<Record>& all() const { return records_; }
    std::string dump(pid_t pid) const;  // for failure messages

  private:
    BpfSource src_;
    std::deque<Record> records_;
};

// Anonymous shared memory for a child to report values to the test.
template <typename T>
T* shared_block();
void* shared_bytes(size_t n);
template <typename T>
T* shared_block() {
    return new (shared_bytes(sizeof(T))) T{};
}

// "a\0b\0" from {"a", "b"}.
std::string nul_list(std::initializer_list<std::string_view> items);
// Kernel dev_t encoding of a stat st_dev.
uint32_t kernel_dev(dev_t d);

}  // namespace lanner::test
