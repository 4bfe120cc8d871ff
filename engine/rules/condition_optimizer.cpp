#include "rules/condition_optimizer.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

#include "rules/check_nodes.h"
#include "rules/ruleset.h"
#include "rules/text_alternatives.h"

namespace lanner::rules {
namespace {

using checks::AnyValue;
using checks::InTextSet;
using checks::TextAlternativesOp;
using checks::TextEq;
using checks::TextPrefix;
using checks::TextSuffix;

constexpr int32_t kAccept = ProgramStore::kAccept;
constexpr int32_t kReject = ProgramStore::kReject;
constexpr int32_t kNotBuilt = INT32_MIN;

// --- merging string tests ----------------------------------------------------

// The slot of a test that a merged test can stand for: one whose value
// matches if any of its values equals, starts with or ends with a constant.
std::optional<uint32_t> mergeable_slot(const Node* n) {
    if (const auto* t = dynamic_cast<const AnyValue<TextEq>*>(n)) return t->slot();
    if (const auto* t = dynamic_cast<const AnyValue<TextPrefix>*>(n)) return t->slot();
    if (const auto* t = dynamic_cast<const AnyValue<TextSuffix>*>(n)) return t->slot();
    if (const auto* s = dynamic_cast<const AnyValue<InTextSet>*>(n)) return s->slot();
    if (const auto* a = dynamic_cast<const AnyValue<TextAlternativesOp>*>(n)) return a->slot();
    return std::nullopt;
}

// Adds the alternatives of a test mergeable_slot() accepted.
void add_alternatives(const Node* n, TextAlternatives& alts) {
    if (const auto* t = dynamic_cast<const AnyValue<TextEq>*>(n)) {
        alts.add_equal(t->pred().k);
    } else if (const auto* p = dynamic_cast<const AnyValue<TextPrefix>*>(n)) {
        alts.add_prefix(p->pred().k);
    } else if (const auto* x = dynamic_cast<const AnyValue<TextSuffix>*>(n)) {
        alts.add_suffix(x->pred().k);
    } else if (const auto* s = dynamic_cast<const AnyValue<InTextSet>*>(n)) {
        for (const auto& m : s->pred().set->members()) alts.add_equal(m);
    } else if (const auto* a = dynamic_cast<const AnyValue<TextAlternativesOp>*>(n)) {
        alts.add_all(*a->pred().alts);
    }
}

// Builds merged tests, one node per distinct (slot, alternatives), shared
// by every program that merges the same tests.
class Merger {
  public:
    explicit Merger(std::vector<std::unique_ptr<Node>>& nodes) : nodes_(nodes) {}

    const Node* merge(uint32_t slot, const std::vector<const Node*>& tests) {
        TextAlternatives alts;
        for (const Node* t : tests) add_alternatives(t, alts);
        alts.finish();
        std::string key = std::to_string(slot) + '|' + alts.key();
        auto [it, added] = cache_.try_emplace(std::move(key), nullptr);
        if (added) {
            auto node = std::make_unique<AnyValue<TextAlternativesOp>>(
                slot,
                TextAlternativesOp{std::make_shared<const TextAlternatives>(std::move(alts))});
            it->second = node.get();
            nodes_.push_back(std::move(node));
        }
        return it->second;
    }

  private:
    std::vector<std::unique_ptr<Node>>& nodes_;
    std::unordered_map<std::string, const Node*> cache_;
};

// --- the expressions a pass works on -------------------------------------

struct MacroUse;

struct Expr {
    enum class Kind : uint8_t { True, False, And, Or, Not, Test, Macro };
    Kind kind = Kind::True;
    int8_t builds_text = -1;     // memo of Pass::builds_text(): -1 unknown
    std::vector<Expr*> kids;     // And, Or: two or more; Not: one
    const Node* test = nullptr;  // Test
    MacroUse* macro = nullptr;   // Macro
};

// A macro as specialised by a pass.
struct MacroUse {
    Expr* body = nullptr;
    uint32_t memo = 0;
    uint32_t refs = 0;  // places of the pass's programs that use it
    int32_t entry = kNotBuilt;
};

// One set of programs that share macros: the programs of one event type
// (evt.type tests are constants), or those of the rules that run for many
// types (evt.type tests stay tests).
class Pass {
  public:
    // `text_slots`: by slot, whether it builds its text.
    Pass(std::optional<uint16_t> type, Merger& merger, const std::vector<bool>& text_slots)
        : type_(type), merger_(merger), text_slots_(text_slots) {
        true_.kind = Expr::Kind::True;
        false_.kind = Expr::Kind::False;
    }

    Expr* specialise(const Node* n) {
        if (const auto* a = dynamic_cast<const AndNode*>(n)) {
            std::vector<Expr*> kids;
            for (const Node* c : a->children()) kids.push_back(specialise(c));
            return make_and(std::move(kids));
        }
        if (const auto* o = dynamic_cast<const OrNode*>(n)) {
            std::vector<Expr*> kids;
            for (const Node* c : o->children()) kids.push_back(specialise(c));
            return make_or(std::move(kids));
        }
        if (const auto* no = dynamic_cast<const NotNode*>(n))
            return make_not(specialise(no->child()));
        if (const auto* k = dynamic_cast<const ConstNode*>(n)) return constant(k->value());
        if (const auto* et = dynamic_cast<const EventTypeNode*>(n)) {
            if (type_) return constant(et->types().contains(*type_));
            return test(n);
        }
        if (const auto* m = dynamic_cast<const MacroNode*>(n)) return macro(m);
        return test(n);  // a check
    }

    // Counts the uses of each macro; call once per program root.
    void count(Expr* e) {
        switch (e->kind) {
            case Expr::Kind::And:
            case Expr::Kind::Or:
            case Expr::Kind::Not:
                for (Expr* k : e->kids) count(k);
                return;
            case Expr::Kind::Macro:
                if (++e->macro->refs == 1) count(e->macro->body);
                return;
            default:
                return;
        }
    }

    // Emits the steps of `e` that go to `t` when it holds and `f` when not;
    // returns the entry. Children are emitted last to first, so every jump
    // target exists when a step is added.
    int32_t gen(Expr* e, int32_t t, int32_t f, ProgramStore& store) {
        switch (e->kind) {
            case Expr::Kind::True:
                return t;
            case Expr::Kind::False:
                return f;
            case Expr::Kind::Test:
                return store.add(ProgramStep{e->test, t, f, 0, 0});
            case Expr::Kind::Not:
                return gen(e->kids[0], f, t, store);
            case Expr::Kind::And: {
                int32_t next = t;
                for (auto it = e->kids.rbegin(); it != e->kids.rend(); ++it)
                    next = gen(*it, next, f, store);
                return next;
            }
            case Expr::Kind::Or: {
                int32_t next = f;
                for (auto it = e->kids.rbegin(); it != e->kids.rend(); ++it)
                    next = gen(*it, t, next, store);
                return next;
            }
            case Expr::Kind::Macro: {
                MacroUse& m = *e->macro;
                if (m.refs < 2) return gen(m.body, t, f, store);
                if (m.entry == kNotBuilt) m.entry = gen(m.body, kAccept, kReject, store);
                return store.add(ProgramStep{nullptr, t, f, m.entry, m.memo});
            }
        }
        return f;
    }

  private:
    Expr* make(Expr::Kind kind) {
        Expr& e = arena_.emplace_back();
        e.kind = kind;
        return &e;
    }
    Expr* constant(bool v) { return v ? &true_ : &false_; }
    Expr* test(const Node* n) {
        Expr* e = make(Expr::Kind::Test);
        e->test = n;
        return e;
    }
    static bool is_check(const Expr* e) {
        return e->kind == Expr::Kind::Test ||
               (e->kind == Expr::Kind::Not && e->kids[0]->kind == Expr::Kind::Test);
    }

    Expr* macro(const MacroNode* m) {
        auto found = macros_.find(m);
        if (found != macros_.end()) return found->second;
        Expr* body = specialise(m->child());
        Expr* e = body;
        // A macro that folds to a constant or one check is that check:
        // nothing to share, and its check can merge with its neighbours.
        if (body->kind != Expr::Kind::True && body->kind != Expr::Kind::False && !is_check(body)) {
            MacroUse& use = uses_.emplace_back();
            use.body = body;
            use.memo = m->memo();
            e = make(Expr::Kind::Macro);
            e->macro = &use;
        }
        macros_.emplace(m, e);
        return e;
    }

    Expr* make_not(Expr* k) {
        if (k->kind == Expr::Kind::True) return &false_;
        if (k->kind == Expr::Kind::False) return &true_;
        if (k->kind == Expr::Kind::Not) return k->kids[0];
        Expr* e = make(Expr::Kind::Not);
        e->kids.push_back(k);
        return e;
    }

    // and (`conjunction`) or or: the neutral constant drops, the absorbing
    // one wins, nested ones of the same kind flatten.
    Expr* make_junction(Expr::Kind kind, std::vector<Expr*> in) {
        const bool conjunction = kind == Expr::Kind::And;
        const Expr::Kind absorbing = conjunction ? Expr::Kind::False : Expr::Kind::True;
        const Expr::Kind neutral = conjunction ? Expr::Kind::True : Expr::Kind::False;
        std::vector<Expr*> kids;
        for (Expr* k : in) {
            if (k->kind == absorbing) return k;
            if (k->kind == neutral) continue;
            if (k->kind == kind)
                kids.insert(kids.end(), k->kids.begin(), k->kids.end());
            else
                kids.push_back(k);
        }
        merge_tests(kids, conjunction);
        std::stable_partition(kids.begin(), kids.end(), [&](Expr* k) { return !builds_text(k); });
        if (kids.empty()) return constant(conjunction);
        if (kids.size() == 1) return kids[0];
        Expr* e = make(kind);
        e->kids = std::move(kids);
        return e;
    }
    Expr* make_and(std::vector<Expr*> kids) {
        return make_junction(Expr::Kind::And, std::move(kids));
    }
    Expr* make_or(std::vector<Expr*> kids) {
        return make_junction(Expr::Kind::Or, std::move(kids));
    }

    // Merges the string tests of one slot among `kids`: plain ones in an
    // or, negated ones in an and (not a and not b is not (a or b)). The
    // merged test takes the place of the first.
    void merge_tests(std::vector<Expr*>& kids, bool negated) {
        struct Group {
            uint32_t slot;
            std::vector<size_t> at;
        };
        std::vector<Group> groups;
        auto check_of = [&](const Expr* k) -> const Node* {
            if (!negated) return k->kind == Expr::Kind::Test ? k->test : nullptr;
            if (k->kind != Expr::Kind::Not || k->kids[0]->kind != Expr::Kind::Test) return nullptr;
            return k->kids[0]->test;
        };
        for (size_t i = 0; i < kids.size(); ++i) {
            const Node* n = check_of(kids[i]);
            if (n == nullptr) continue;
            auto slot = mergeable_slot(n);
            if (!slot) continue;
            auto g = std::find_if(groups.begin(), groups.end(),
                                  [&](const Group& x) { return x.slot == *slot; });
            if (g == groups.end()) g = groups.insert(groups.end(), Group{*slot, {}});
            g->at.push_back(i);
        }
        std::vector<bool> drop(kids.size(), false);
        bool any = false;
        for (const Group& g : groups) {
            if (g.at.size() < 2) continue;
            std::vector<const Node*> tests;
            for (size_t i : g.at) tests.push_back(check_of(kids[i]));
            Expr* merged = test(merger_.merge(g.slot, tests));
            kids[g.at[0]] = negated ? make_not(merged) : merged;
            for (size_t j = 1; j < g.at.size(); ++j) drop[g.at[j]] = true;
            any = true;
        }
        if (!any) return;
        size_t w = 0;
        for (size_t i = 0; i < kids.size(); ++i)
            if (!drop[i]) kids[w++] = kids[i];
        kids.resize(w);
    }

    // Whether evaluating `e` may extract a field that builds its text.
    bool builds_text(Expr* e) {
        if (e->builds_text < 0) {
            bool v = false;
            switch (e->kind) {
                case Expr::Kind::Test:
                    slots_scratch_.clear();
                    e->test->add_slots(slots_scratch_);
                    for (uint32_t s : slots_scratch_) v = v || text_slots_[s];
                    break;
                case Expr::Kind::Macro:
                    v = builds_text(e->macro->body);
                    break;
                case Expr::Kind::And:
                case Expr::Kind::Or:
                case Expr::Kind::Not:
                    for (Expr* k : e->kids) v = builds_text(k) || v;
                    break;
                default:
                    break;
            }
            e->builds_text = v ? 1 : 0;
        }
        return e->builds_text == 1;
    }

    std::optional<uint16_t> type_;
    Merger& merger_;
    const std::vector<bool>& text_slots_;
    std::vector<uint32_t> slots_scratch_;
    Expr true_, false_;
    std::deque<Expr> arena_;
    std::deque<MacroUse> uses_;
    std::unordered_map<const MacroNode*, Expr*> macros_;
};

// Builds the programs of `ids` in one pass; the entry of each (kReject
// when constantly false) in the same order.
std::vector<int32_t> build_pass(std::span<const CompiledRule> rules,
                                const std::vector<uint32_t>& ids, std::optional<uint16_t> type,
                                Merger& merger, const std::vector<bool>& text_slots,
                                ProgramStore& store) {
    Pass pass(type, merger, text_slots);
    std::vector<Expr*> roots;
    roots.reserve(ids.size());
    for (uint32_t id : ids) roots.push_back(pass.specialise(rules[id].condition));
    for (Expr* e : roots) pass.count(e);
    std::vector<int32_t> entries;
    entries.reserve(ids.size());
    for (Expr* e : roots) entries.push_back(pass.gen(e, kAccept, kReject, store));
    return entries;
}

}  // namespace

BuiltPrograms build_programs(std::span<const CompiledRule> rules,
                             const std::vector<SlotSpec>& slots,
                             std::vector<std::unique_ptr<Node>>& nodes,
                             const ProgramOptions& options) {
    BuiltPrograms out;
    out.by_type.resize(LN_EVT_MAX);
    Merger merger(nodes);
    // Transformers build their values too.
    std::vector<bool> text_slots(slots.size());
    for (size_t i = 0; i < slots.size(); ++i)
        text_slots[i] = slots[i].field == nullptr || slots[i].field->def().builds_text;

    // The rules for many types: one program each.
    std::vector<uint32_t> wide;
    for (const auto& r : rules)
        if (r.event_types.size() > options.max_specialised_types) wide.push_back(r.id);
    const std::vector<int32_t> wide_entries =
        build_pass(rules, wide, std::nullopt, merger, text_slots, out.store);
    for (size_t i = 0; i < wide.size(); ++i) {
        if (wide_entries[i] == kReject) continue;
        for (uint16_t t : rules[wide[i]].event_types.types())
            if (t < LN_EVT_MAX) out.by_type[t].push_back({wide[i], wide_entries[i]});
    }

    // The others: a pass per event type.
    for (uint16_t t = 0; t < LN_EVT_MAX; ++t) {
        std::vector<uint32_t> ids;
        for (const auto& r : rules)
            if (r.event_types.size() <= options.max_specialised_types && r.event_types.contains(t))
                ids.push_back(r.id);
        if (ids.empty()) continue;
        const std::vector<int32_t> entries =
            build_pass(rules, ids, t, merger, text_slots, out.store);
        for (size_t i = 0; i < ids.size(); ++i)
            if (entries[i] != kReject) out.by_type[t].push_back({ids[i], entries[i]});
    }
    for (auto& list : out.by_type)
        std::sort(list.begin(), list.end(),
                  [](const RuleProgram& a, const RuleProgram& b) { return a.rule < b.rule; });
    return out;
}

}  // namespace lanner::rules
