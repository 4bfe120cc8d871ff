// Turns a rule match into an Alert, on the engine thread. Nothing here runs
// for events that match no rule; for a match it extracts the output fields
// (already cached when the condition used them) and copies what the alert
// keeps.
//
//   AlertFormatter formatter({.hostname = "", .boot_time_ns = evt.boot_time(),
//                             .min_priority = Priority::Warning});
//   eval.evaluate(ev, matches);
//   for (const CompiledRule* rule : matches)
//       if (formatter.wants(rule->priority))
//           queue.push(formatter.format(*rule, eval, ev.ts()));
#pragma once

#include <cstdint>
#include <string>

#include "output/alert.h"
#include "rules/ruleset.h"

namespace lanner::output {

struct FormatOptions {
    // Falco's `hostname` in JSON alerts; empty: $FALCO_HOSTNAME if set, else
    // this machine's name.
    std::string hostname;
    // Wall-clock time of CLOCK_BOOTTIME zero, ns since the epoch (the evt
    // field class's boot_time()): record timestamps plus this are event times.
    uint64_t boot_time_ns = 0;
    // Falco's `priority`: alerts of rules less severe than this are not made.
    rules::Priority min_priority = rules::Priority::Debug;
};

class AlertFormatter {
  public:
    explicit AlertFormatter(FormatOptions options);

    // Whether alerts of this priority pass the `priority` threshold; check
    // before format() so that filtered matches cost nothing.
    bool wants(rules::Priority p) const noexcept { return p <= options_.min_priority; }

    // The alert of `rule` for the event `eval` evaluated last, whose record
    // timestamp (CLOCK_BOOTTIME ns) is `event_ts`. `eval` must be the
    // evaluator that matched the rule, before it evaluates another event.
    Alert format(const rules::CompiledRule& rule, rules::RuleEvaluator& eval, uint64_t event_ts);

    const FormatOptions& options() const noexcept { return options_; }
    // The boot time can move (a capture's header, a clock step).
    void set_boot_time(uint64_t epoch_ns) noexcept { options_.boot_time_ns = epoch_ns; }

  private:
    FormatOptions options_;
    std::string scratch_;  // one value's text before escaping, reused
};

// $FALCO_HOSTNAME when set and not empty (Falco's override), else
// gethostname().
std::string default_hostname();

}  // namespace lanner::output
