// A free list of reusable objects. Released objects keep the capacity of
// their strings and tables, so a steady state of process creation and file
// opening allocates nothing: an fd entry that held a 60-byte path holds the
// next one in the same buffer. The free list is capped so a burst does not
// pin its peak memory forever.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace lanner::state {

template <typename T>
class ObjectPool {
  public:
    explicit ObjectPool(size_t max_free = 4096) : max_free_(max_free) { free_.reserve(max_free); }
    ObjectPool(const ObjectPool&) = delete;
    ObjectPool& operator=(const ObjectPool&) = delete;
    ~ObjectPool() {
        for (T* p : free_) delete p;
    }

    // An object in its reset state (T::reset() was called when it was released).
    T* acquire() {
        if (free_.empty()) return new T();
        T* p = free_.back();
        free_.pop_back();
        return p;
    }

    void release(T* p) noexcept {
        if (p == nullptr) return;
        p->reset();
        if (free_.size() < max_free_) {
            free_.push_back(p);  // within the reserved capacity: never allocates
        } else {
            delete p;
        }
    }

    size_t free_count() const noexcept { return free_.size(); }

  private:
    size_t max_free_;
    std::vector<T*> free_;
};

}  // namespace lanner::state
