// Every field the engine knows, by name. Conditions and outputs bind field
// uses through it; --list and docs/fields.md print it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fields/field_class.h"

namespace lanner::fields {

class FieldRegistry {
  public:
    // Adds a class. Its fields replace fields of the same name added before
    // (a real implementation taking over a placeholder).
    void add(std::unique_ptr<FieldClass> cls);

    struct Resolved {
        const FieldDef* def;
        const FieldClass* owner;
        FieldArg arg;
    };
    // Resolves a field use as the condition lexer reads it: `name` may carry
    // a dotted argument ("evt.arg.flags"); `bracket` is the text between [ ]
    // if any. Returns nullopt for an unknown name; throws FieldError when the
    // argument does not fit the field.
    std::optional<Resolved> resolve(std::string_view name,
                                    const std::optional<std::string>& bracket) const;

    // resolve() then bind(); throws FieldError (unknown_field() set for an
    // unknown name).
    std::unique_ptr<BoundField> bind(std::string_view name,
                                     const std::optional<std::string>& bracket) const;

    // The definition currently registered under an exact name, or nullptr.
    const FieldDef* find(std::string_view name) const;

    // Classes in registration order, and for each the fields it currently
    // owns (fields replaced by a later class are left out).
    std::vector<const FieldClass*> classes() const;
    std::vector<const FieldDef*> fields_of(const FieldClass& cls) const;

  private:
    struct Entry {
        const FieldDef* def;
        const FieldClass* owner;
    };
    std::vector<std::unique_ptr<FieldClass>> classes_;
    std::unordered_map<std::string_view, Entry> by_name_;
};

}  // namespace lanner::fields
