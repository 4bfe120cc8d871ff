#include "fields/field_registry.h"

#include <algorithm>
#include <charconv>

namespace lanner::fields {

std::string FieldArg::text() const {
    switch (kind) {
        case Kind::None:
            return {};
        case Kind::Index:
            return dotted ? "." + std::to_string(index) : "[" + std::to_string(index) + "]";
        case Kind::Key:
            return dotted ? "." + key : "[" + key + "]";
    }
    return {};
}

void FieldRegistry::add(std::unique_ptr<FieldClass> cls) {
    for (const auto& def : cls->fields()) by_name_[def.name] = Entry{&def, cls.get()};
    classes_.push_back(std::move(cls));
}

const FieldDef* FieldRegistry::find(std::string_view name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second.def;
}

namespace {

bool parse_index(std::string_view text, uint64_t& out) {
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

// Checks the written argument against the field's form and types it.
FieldArg make_arg(const FieldDef& def, std::optional<std::string_view> text, bool dotted) {
    FieldArg arg;
    arg.dotted = dotted;
    if (!text) {
        if (def.arg_required)
            throw FieldError(
                fmt::format("field '{}' needs an argument ({}[...])", def.name, def.name), false);
        return arg;
    }
    uint64_t index = 0;
    const bool numeric = parse_index(*text, index);
    switch (def.arg) {
        case ArgForm::None:
            throw FieldError(fmt::format("field '{}' takes no argument", def.name), false);
        case ArgForm::Index:
            if (!numeric)
                throw FieldError(
                    fmt::format("field '{}' takes a numeric index, not '{}'", def.name, *text),
                    false);
            arg.kind = FieldArg::Kind::Index;
            arg.index = index;
            return arg;
        case ArgForm::Key:
            arg.kind = FieldArg::Kind::Key;
            arg.key = std::string(*text);
            return arg;
        case ArgForm::IndexOrKey:
        case ArgForm::Param:
            if (numeric) {
                arg.kind = FieldArg::Kind::Index;
                arg.index = index;
            } else {
                arg.kind = FieldArg::Kind::Key;
                arg.key = std::string(*text);
            }
            return arg;
    }
    return arg;
}

}  // namespace

std::optional<FieldRegistry::Resolved> FieldRegistry::resolve(
    std::string_view name, const std::optional<std::string>& bracket) const {
    std::optional<std::string_view> bracket_text;
    if (bracket) bracket_text = *bracket;
    if (auto it = by_name_.find(name); it != by_name_.end())
        return Resolved{it->second.def, it->second.owner,
                        make_arg(*it->second.def, bracket_text, false)};
    // evt.arg.flags: the longest registered prefix taking a dotted parameter.
    for (size_t dot = name.rfind('.'); dot != std::string_view::npos && dot > 0;
         dot = name.rfind('.', dot - 1)) {
        auto it = by_name_.find(name.substr(0, dot));
        if (it == by_name_.end()) continue;
        const FieldDef& def = *it->second.def;
        if (def.arg != ArgForm::Param) return std::nullopt;
        if (bracket)
            throw FieldError(fmt::format("field '{}' has both a .{} and a [{}] argument", def.name,
                                         name.substr(dot + 1), *bracket),
                             false);
        return Resolved{&def, it->second.owner, make_arg(def, name.substr(dot + 1), true)};
    }
    return std::nullopt;
}

std::unique_ptr<BoundField> FieldRegistry::bind(std::string_view name,
                                                const std::optional<std::string>& bracket) const {
    auto r = resolve(name, bracket);
    if (!r) throw FieldError(fmt::format("unknown field '{}'", name), true);
    return r->owner->bind(*r->def, r->arg);
}

std::vector<const FieldClass*> FieldRegistry::classes() const {
    std::vector<const FieldClass*> out;
    for (const auto& c : classes_)
        if (!fields_of(*c).empty()) out.push_back(c.get());
    return out;
}

std::vector<const FieldDef*> FieldRegistry::fields_of(const FieldClass& cls) const {
    std::vector<const FieldDef*> out;
    for (const auto& def : cls.fields()) {
        auto it = by_name_.find(def.name);
        if (it != by_name_.end() && it->second.owner == &cls) out.push_back(&def);
    }
    return out;
}

}  // namespace lanner::fields
