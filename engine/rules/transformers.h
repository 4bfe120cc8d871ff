// Field transformers: tolower(), toupper(), b64(), basename(), len(),
// join(), concat(), getopt(). They apply to fields on either side of an
// operator and in outputs, and nest: tolower(basename(proc.exepath)).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fields/field_def.h"
#include "fields/field_values.h"

namespace lanner::rules {

// Most arguments a transformer takes (concat), so inputs fit on the stack.
inline constexpr size_t kMaxTransformArgs = 16;

enum class TransformerKind : uint8_t { ToLower, ToUpper, B64, Basename, Len, Join, Concat, GetOpt };

std::optional<TransformerKind> transformer_kind(std::string_view name) noexcept;

// One argument: the values of another field or transformer (a slot of the
// compiled ruleset), or a string literal.
struct TransformArg {
    bool literal = false;
    uint32_t slot = 0;
    std::string text;  // the literal
    fields::FieldType type = fields::FieldType::String;
    fields::ValueShape shape = fields::ValueShape::Single;
};

struct TransformSpec {
    TransformerKind kind = TransformerKind::ToLower;
    std::string name;
    std::vector<TransformArg> args;
    fields::FieldType type = fields::FieldType::String;  // of the result
    fields::ValueShape shape = fields::ValueShape::Single;
};

// Checks the arguments and sets the result type and shape. Returns an error
// message, or an empty string.
std::string check_transform(TransformSpec& spec);

// Computes the result. `inputs[i]` holds the values of args[i] when it is a
// field (nullptr when absent; unused for literals). Returns false when the
// result is absent (an absent input, an invalid base64 string).
bool apply_transform(const TransformSpec& spec, std::span<const fields::FieldValues* const> inputs,
                     fields::FieldValues& out);

}  // namespace lanner::rules
