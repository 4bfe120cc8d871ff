// The common shape of the state-backed field classes (proc, thread, fd,
// fs.path, user, group, container, k8s): a table of FieldDef, one bound
// field type that hands extraction back to its class with the field's
// position in the table, and the StateView the class reads.
//
// A class derives, declares `enum Id` in the order of its table, and
// implements extract(). Extraction never allocates once the FieldValues
// buffers have grown: strings are views into the tracker's entries or built
// in the values' own buffer.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "fields/field_class.h"
#include "fields/state_view.h"

namespace lanner::fields {

// A lookup several fields share (the parent process, the user), made once
// per event. The key is the evaluation context and its generation: each
// context counts its own events, so the context tells them apart.
class EventMemo {
  public:
    // True (and the memo now belongs to this event) when it held another
    // event's lookup, which the caller must redo.
    bool stale(const EvalContext& ctx) noexcept {
        if (ctx_ == &ctx && generation_ == ctx.generation()) return false;
        ctx_ = &ctx;
        generation_ = ctx.generation();
        return true;
    }

  private:
    const EvalContext* ctx_ = nullptr;
    uint64_t generation_ = 0;
};

class StateFieldClass : public FieldClass {
  public:
    StateFieldClass(std::string_view name, std::string_view description,
                    std::span<const FieldDef> defs, const StateView& view)
        : name_(name), description_(description), defs_(defs), view_(view) {}

    std::string_view name() const final { return name_; }
    std::string_view description() const final { return description_; }
    std::span<const FieldDef> fields() const final { return defs_; }
    std::unique_ptr<BoundField> bind(const FieldDef& def, const FieldArg& arg) const final;

    // Values of field `id` (its index in fields()) for the current event.
    virtual bool extract(unsigned id, const BoundField& field, const EvalContext& ctx,
                         FieldValues& out) const = 0;

  protected:
    // Rejects an argument a field cannot use (throws FieldError); the
    // registry has checked its form already.
    virtual void check_arg(unsigned id, const FieldArg& arg) const { (void)id, (void)arg; }

    // The context of the current event; null members when the tracker is
    // absent or the event's thread is unknown.
    const state::StateTracker* tracker() const noexcept { return view_.tracker; }
    const state::EventContext& current() const noexcept { return view_.current; }
    // The event's thread and process, or nullptr (no tracker, meta record).
    const state::Thread* thread() const noexcept {
        return view_.tracker != nullptr ? view_.current.thread : nullptr;
    }
    const state::Process* process() const noexcept {
        return view_.tracker != nullptr ? view_.current.process : nullptr;
    }

  private:
    std::string_view name_;
    std::string_view description_;
    std::span<const FieldDef> defs_;
    const StateView& view_;
};

}  // namespace lanner::fields
