// Conditions as the evaluator runs them: branch programs. Each step runs one
// check (a leaf of the compiled condition tree) and jumps on its result to
// the next step or to the verdict, so and, or and not cost no dispatch of
// their own: `a and (b or not c)` is
//
//   0: a  ? 1 : reject
//   1: b  ? accept : 2
//   2: c  ? reject : accept
//
// A macro that several programs of an event type share is a sub-program
// called through a step that remembers its result for the event (the
// macro's memo), so it runs at most once per event. Programs are built by
// the optimiser (condition_optimizer.h) and never change afterwards.
#pragma once

#include <cstdint>
#include <vector>

#include "rules/eval_node.h"
#include "rules/eval_state.h"

namespace lanner::rules {

struct ProgramStep {
    // The check to run; nullptr for a call of the sub-program at `callee`.
    const Node* test = nullptr;
    int32_t on_true = 0;   // next step, or ProgramStore::kAccept / kReject
    int32_t on_false = 0;  // likewise
    int32_t callee = 0;    // a call: the sub-program's entry
    uint32_t memo = 0;     // a call: where its result is remembered for the event
};

class ProgramStore {
  public:
    // Verdicts, as jump targets and as the entries of constant programs.
    static constexpr int32_t kAccept = -1;
    static constexpr int32_t kReject = -2;

    // Appends a step; returns its index.
    int32_t add(const ProgramStep& step) {
        steps_.push_back(step);
        return static_cast<int32_t>(steps_.size() - 1);
    }

    // Runs the program starting at `entry` for the event `st` evaluates.
    bool run(int32_t entry, EvalState& st) const {
        int32_t pc = entry;
        while (pc >= 0) {
            const ProgramStep& s = steps_[static_cast<size_t>(pc)];
            bool v;
            if (s.test != nullptr) {
                v = s.test->eval(st);
            } else if (!st.recall(s.memo, v)) {
                v = run(s.callee, st);
                st.remember(s.memo, v);
            }
            pc = v ? s.on_true : s.on_false;
        }
        return pc == kAccept;
    }

    size_t size() const noexcept { return steps_.size(); }
    const ProgramStep& step(int32_t i) const noexcept { return steps_[static_cast<size_t>(i)]; }

  private:
    std::vector<ProgramStep> steps_;
};

// A rule's program for one event type.
struct RuleProgram {
    uint32_t rule = 0;  // CompiledRule::id
    int32_t entry = ProgramStore::kReject;
};

}  // namespace lanner::rules
