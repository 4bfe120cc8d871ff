// Compiled conditions: a tree of nodes evaluated against one event. Nodes
// are immutable and owned by the compiled ruleset; per-event state lives in
// EvalState. The tree is the reference semantics of a condition; the
// evaluator runs programs the optimiser builds from it (condition_program.h),
// which reads the tree through the accessors below.
#pragma once

#include <bitset>
#include <cstdint>
#include <vector>

#include "rules/eval_state.h"
#include "rules/event_type_set.h"

namespace lanner::rules {

class Node {
  public:
    virtual ~Node() = default;
    virtual bool eval(EvalState& st) const = 0;
    // Appends the slots a check reads (the optimiser weighs checks by them).
    virtual void add_slots(std::vector<uint32_t>& out) const { (void)out; }
};

class AndNode final : public Node {
  public:
    explicit AndNode(std::vector<const Node*> children) : children_(std::move(children)) {}
    bool eval(EvalState& st) const override {
        for (const Node* c : children_)
            if (!c->eval(st)) return false;
        return true;
    }
    const std::vector<const Node*>& children() const noexcept { return children_; }

  private:
    std::vector<const Node*> children_;
};

class OrNode final : public Node {
  public:
    explicit OrNode(std::vector<const Node*> children) : children_(std::move(children)) {}
    bool eval(EvalState& st) const override {
        for (const Node* c : children_)
            if (c->eval(st)) return true;
        return false;
    }
    const std::vector<const Node*>& children() const noexcept { return children_; }

  private:
    std::vector<const Node*> children_;
};

// oneof: exactly one child holds.
class ExactlyOneNode final : public Node {
  public:
    explicit ExactlyOneNode(std::vector<const Node*> children) : children_(std::move(children)) {}
    bool eval(EvalState& st) const override {
        int n = 0;
        for (const Node* c : children_)
            if (c->eval(st) && ++n > 1) return false;
        return n == 1;
    }
    void add_slots(std::vector<uint32_t>& out) const override {
        for (const Node* c : children_) c->add_slots(out);
    }

  private:
    std::vector<const Node*> children_;
};

class NotNode final : public Node {
  public:
    explicit NotNode(const Node* child) : child_(child) {}
    bool eval(EvalState& st) const override { return !child_->eval(st); }
    const Node* child() const noexcept { return child_; }

  private:
    const Node* child_;
};

class ConstNode final : public Node {
  public:
    explicit ConstNode(bool value) : value_(value) {}
    bool eval(EvalState&) const override { return value_; }
    bool value() const noexcept { return value_; }

  private:
    bool value_;
};

// evt.type = x / in (...) / != x: a bit test on the event's type.
class EventTypeNode final : public Node {
  public:
    explicit EventTypeNode(const EventTypeSet& types) : types_(types) {}
    bool eval(EvalState& st) const override { return types_.contains(st.context().event().type()); }
    const EventTypeSet& types() const noexcept { return types_; }

  private:
    EventTypeSet types_;
};

// A macro's compiled condition, shared by every rule using the macro and
// evaluated at most once per event.
class MacroNode final : public Node {
  public:
    MacroNode(const Node* child, uint32_t memo) : child_(child), memo_(memo) {}
    bool eval(EvalState& st) const override {
        bool v;
        if (st.recall(memo_, v)) return v;
        v = child_->eval(st);
        st.remember(memo_, v);
        return v;
    }
    const Node* child() const noexcept { return child_; }
    uint32_t memo() const noexcept { return memo_; }

  private:
    const Node* child_;
    uint32_t memo_;
};

}  // namespace lanner::rules
