// Turns parsed conditions into evaluator nodes: resolves macros and lists,
// binds fields, checks every operator and constant against the field's type,
// and computes the event types a condition can match.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fields/field_registry.h"
#include "rules/condition_ast.h"
#include "rules/diagnostics.h"
#include "rules/event_type_set.h"
#include "rules/operators.h"
#include "rules/rule_items.h"
#include "rules/ruleset.h"

namespace lanner::rules {

// A condition that cannot be compiled. `unknown` marks an unknown field or
// event type, for which rules with skip-if-unknown-filter are skipped.
struct CompileError {
    Origin where;
    std::string item;  // the macro or rule whose text holds the error
    std::string message;
    bool unknown = false;
};

class ConditionCompiler {
  public:
    ConditionCompiler(const fields::FieldRegistry& registry, const RuleCollection& items,
                      RulesetBuilder& out, Diagnostics& diagnostics);

    // Parses every macro, reporting syntax errors once; marks the lists and
    // macros each macro refers to as used.
    void parse_macros();

    // Parses `text`; reports a syntax error (as `item`) and returns nullopt.
    std::optional<ast::Expr> parse(const MappedText& text, const std::string& item);

    // Marks the macros and lists `condition` refers to as used.
    void mark_usage(const ast::Expr& condition);

    struct Compiled {
        const Node* root = nullptr;
        EventTypeSet types;
    };
    // Compiles a rule's parsed condition, whose offsets refer to `text`.
    // Throws CompileError.
    Compiled compile_rule(const ast::Expr& condition, const MappedText& text,
                          const std::string& item);

    // Compiles the fields of an output (%proc.name, %tolower(fd.name)...).
    // Throws CompileError.
    std::vector<OutputPart> compile_output(const MappedText& output, const std::string& item);

    // True if `name` is a field the registry knows (exception fields).
    bool is_field(const std::string& name, const std::optional<std::string>& arg) const;

    // Warnings for lists and macros no rule or macro refers to.
    void report_unused();

  private:
    struct Scope {
        const MappedText* text;
        const std::string* item;
        uint32_t visibility;  // macros defined before this index are visible
    };
    struct MacroState {
        const MacroInfo* info = nullptr;
        std::optional<ast::Expr> ast;
        enum class Status : uint8_t { Pending, Compiling, Done, Failed } status = Status::Pending;
        const Node* node = nullptr;
        std::optional<CompileError> error;
        std::optional<EventTypeSet> types[2];  // [negated]
        bool in_types = false;                 // cycle guard for types_of
        bool used = false;
    };
    struct Constant {
        std::string text;
        Origin origin;
    };

    const Node* compile_expr(const ast::Expr& e, const Scope& sc);
    const Node* compile_macro_ref(const ast::Expr& e, const Scope& sc);
    const Node* compile_check(const ast::Check& c, const Scope& sc);
    const Node* compile_constants(uint32_t slot, const ast::Check& c, Op op,
                                  const std::vector<Constant>& values, const Scope& sc);
    const Node* compile_field_pair(uint32_t lhs, const ast::Check& c, Op op, const Scope& sc);
    const Node* compile_event_types(const ast::Check& c, Op op, const Scope& sc);
    uint32_t compile_term(const ast::Term& t, const Scope& sc);

    std::vector<Constant> constants_of(const ast::Check& c, const Scope& sc);
    void expand_list(const ListInfo& list, std::vector<Constant>& out, int depth);
    Constant list_item(const ListInfo::Item& item);

    EventTypeSet types_of(const ast::Expr& e, bool negated);
    EventTypeSet evttype_check_types(const ast::Check& c, bool negated);

    [[noreturn]] void fail(const Scope& sc, uint32_t offset, std::string message,
                           bool unknown = false) const;
    MacroState* macro(const std::string& name);

    const fields::FieldRegistry& registry_;
    const RuleCollection& items_;
    RulesetBuilder& out_;
    Diagnostics& diags_;
    std::vector<MacroState> macros_;
    std::unordered_map<std::string, size_t> macro_index_;
    std::unordered_map<std::string, uint32_t> slot_index_;
    std::vector<bool> list_used_;
};

}  // namespace lanner::rules
