#include "rules/rules_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "rules/condition_compiler.h"
#include "rules/condition_parser.h"
#include "rules/exception_builder.h"
#include "rules/rules_reader.h"

namespace lanner::rules {
namespace {

constexpr std::string_view kSyscallSource = "syscall";

bool read_file(const std::filesystem::path& path, std::string& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        error = "read error";
        return false;
    }
    out = ss.str();
    return true;
}

// "proc.aname[2]" -> ("proc.aname", "2").
std::pair<std::string, std::optional<std::string>> split_field(const std::string& text) {
    const size_t open = text.find('[');
    if (open == std::string::npos || text.back() != ']') return {text, std::nullopt};
    return {text.substr(0, open), text.substr(open + 1, text.size() - open - 2)};
}

// Compiles every rule of the collection.
class Compilation {
  public:
    Compilation(const RuleCollection& items, std::shared_ptr<const fields::FieldRegistry> registry,
                const std::vector<ExtraOutput>& extras, Diagnostics& diags)
        : items_(items),
          extras_(extras),
          registry_(std::move(registry)),
          diags_(diags),
          builder_(registry_),
          compiler_(*registry_, items, builder_, diags) {}

    std::shared_ptr<CompiledRuleset> run() {
        compiler_.parse_macros();
        for (const auto& e : extras_)
            if (check_extra(e)) usable_extras_.push_back(e);
        for (const auto& rule : items_.rules.items()) compile(rule);
        compiler_.report_unused();
        for (const auto& [source, skip] : skipped_)
            diags_.warning(
                skip.first_origin, "",
                fmt::format("skipped {} rule{} of source '{}': Lanner has no such event "
                            "source (only '{}')",
                            skip.count, skip.count == 1 ? "" : "s", source, kSyscallSource));
        return diags_.has_errors() ? nullptr : builder_.finish();
    }

  private:
    void compile(const RuleInfo& rule);
    // Compiles the extra fields of the extra outputs that select `rule`.
    void compile_extra_fields(const RuleInfo& rule, const std::string& label, CompiledRule& out);
    // Compiles an extra output's format and fields once, reporting errors
    // as errors of the whole load; false when it cannot be used.
    bool check_extra(const ExtraOutput& e);
    void skip_unknown_source(const RuleInfo& rule);
    // Handles a compile error: a warning and a skipped rule when the rule
    // asks for it and the error is an unknown field or event type.
    void report(const CompileError& e, const RuleInfo& rule, const std::string& label);

    struct Skipped {
        size_t count = 0;
        Origin first_origin;
    };
    const RuleCollection& items_;
    const std::vector<ExtraOutput>& extras_;
    std::vector<ExtraOutput> usable_extras_;
    std::shared_ptr<const fields::FieldRegistry> registry_;
    Diagnostics& diags_;
    RulesetBuilder builder_;
    ConditionCompiler compiler_;
    std::map<std::string, Skipped> skipped_;
    std::set<std::string> reported_macro_errors_;
};

void Compilation::skip_unknown_source(const RuleInfo& rule) {
    auto& s = skipped_[rule.source];
    if (s.count++ == 0) s.first_origin = rule.origin;
    // Its macros and lists are still in use, not "unused": parse quietly
    // to find them (fields of other sources are not checked).
    try {
        compiler_.mark_usage(parse_condition(rule.condition.text()));
    } catch (const ConditionSyntaxError&) {
    }
    for (const auto& ex : rule.exceptions)
        for (const auto& v : ex.values)
            for (const auto& item : v.is_list ? v.items : std::vector<ExceptionEntry>{v}) {
                try {
                    compiler_.mark_usage(parse_condition("x.y in (" + item.text + ")"));
                } catch (const ConditionSyntaxError&) {
                }
            }
}

void Compilation::report(const CompileError& e, const RuleInfo& rule, const std::string& label) {
    if (e.unknown && rule.skip_if_unknown_filter) {
        diags_.warning(e.where, label,
                       fmt::format("skipped (skip-if-unknown-filter): {}{}", e.message,
                                   e.item != label ? " in " + e.item : ""));
        return;
    }
    // An error inside a macro is reported once, for the macro.
    if (e.item != label && !reported_macro_errors_.insert(e.item + e.message).second) return;
    diags_.error(e.where, e.item, e.message);
}

void Compilation::compile(const RuleInfo& rule) {
    const std::string label = item_label("rule", rule.name);
    if (rule.source != kSyscallSource) return skip_unknown_source(rule);

    auto is_field = [this](const std::string& text) {
        auto [name, arg] = split_field(text);
        return compiler_.is_field(name, arg);
    };
    std::optional<MappedText> condition = condition_with_exceptions(rule, is_field, label, diags_);
    if (!condition) return;
    std::optional<ast::Expr> tree = compiler_.parse(*condition, label);
    if (!tree) return;
    compiler_.mark_usage(*tree);

    CompiledRule out;
    const MappedText output =
        assemble_output(rule.output, rule.name, rule.source, rule.tags, usable_extras_);
    try {
        auto compiled = compiler_.compile_rule(*tree, *condition, label);
        out.condition = compiled.root;
        out.event_types = compiled.types;
        out.output_parts = compiler_.compile_output(output, label);
        compile_extra_fields(rule, label, out);
    } catch (const CompileError& e) {
        report(e, rule, label);
        return;
    }
    if (out.event_types.empty())
        diags_.warning(rule.condition.origin(0), label,
                       "the condition matches no event type: the rule can never trigger");
    else if (out.event_types.is_all() && rule.warn_evttypes)
        diags_.warning(rule.condition.origin(0), label,
                       "the condition does not restrict evt.type, so the rule runs for every "
                       "event: a significant performance penalty (Falco: \"Rule matches too "
                       "many evt.type values\")");
    out.name = rule.name;
    out.description = rule.description;
    out.output = output.text();
    out.priority = rule.priority;
    out.source = rule.source;
    out.tags = rule.tags;
    out.enabled = rule.enabled;
    builder_.add_rule(std::move(out));
}

// The output text an extra field compiles: a raw field is "%name".
std::string extra_field_format(const ExtraOutputField& f) {
    if (!f.raw) return f.format;
    return f.format.starts_with('%') ? f.format : "%" + f.format;
}

bool Compilation::check_extra(const ExtraOutput& e) {
    const std::string label = "extra output";
    auto compile = [&](const std::string& what, const std::string& text, bool raw) {
        try {
            auto parts = compiler_.compile_output(MappedText(text, Origin{}), label);
            if (raw && (parts.size() != 1 || parts[0].slot < 0))
                throw CompileError{{}, label, "a raw extra field must be one field, as 'proc.pid'"};
            return true;
        } catch (const CompileError& err) {
            diags_.add_global(Severity::Error, fmt::format("{} '{}': {}", what, text, err.message));
            return false;
        }
    };
    bool ok = e.format.empty() || compile("extra output", e.format, false);
    for (const auto& f : e.fields) {
        if (f.key.empty()) {
            diags_.add_global(Severity::Error,
                              fmt::format("extra output field '{}' has no key", f.format));
            ok = false;
            continue;
        }
        ok = compile(fmt::format("extra output field '{}'", f.key), extra_field_format(f), f.raw) &&
             ok;
    }
    return ok;
}

void Compilation::compile_extra_fields(const RuleInfo& rule, const std::string& label,
                                       CompiledRule& out) {
    for (const auto& e : usable_extras_) {
        if (!e.match.selects(rule.name, rule.source, rule.tags)) continue;
        for (const auto& f : e.fields) {
            CompiledExtraField field;
            field.key = f.key;
            field.parts =
                compiler_.compile_output(MappedText(extra_field_format(f), Origin{}), label);
            if (f.raw) field.raw_slot = field.parts[0].slot;
            // A later field of the same key replaces an earlier one.
            auto same = std::find_if(out.extra_fields.begin(), out.extra_fields.end(),
                                     [&](const CompiledExtraField& x) { return x.key == f.key; });
            if (same != out.extra_fields.end())
                *same = std::move(field);
            else
                out.extra_fields.push_back(std::move(field));
        }
    }
}

}  // namespace

size_t LoadResult::count(Severity s) const noexcept {
    return static_cast<size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                             [s](const Diagnostic& d) { return d.severity == s; }));
}

RulesLoader::RulesLoader(std::shared_ptr<const fields::FieldRegistry> registry)
    : registry_(std::move(registry)) {}

RulesLoader& RulesLoader::add_path(const std::filesystem::path& path) {
    inputs_.push_back({path, path.string(), {}, true});
    return *this;
}

RulesLoader& RulesLoader::add_content(std::string name, std::string content) {
    inputs_.push_back({{}, std::move(name), std::move(content), false});
    return *this;
}

RulesLoader& RulesLoader::add_extra_output(ExtraOutput extra) {
    extras_.push_back(std::move(extra));
    return *this;
}

LoadResult RulesLoader::load() {
    std::deque<SourceFile> files;
    Diagnostics diags(files);
    RuleCollection items;
    RulesReader reader(items, diags);
    auto read_one = [&](std::string name, std::string content) {
        files.emplace_back(std::move(name), std::move(content));
        const auto index = static_cast<uint32_t>(files.size() - 1);
        reader.read(index, files.back());
    };
    for (const auto& in : inputs_) {
        if (!in.from_file) {
            read_one(in.name, in.content);
            continue;
        }
        std::error_code ec;
        std::vector<std::filesystem::path> paths;
        if (std::filesystem::is_directory(in.path, ec)) {
            for (const auto& entry : std::filesystem::directory_iterator(in.path, ec))
                if (entry.path().extension() == ".yaml") paths.push_back(entry.path());
            if (ec)
                diags.add_global(Severity::Error, fmt::format("{}: cannot list the directory: {}",
                                                              in.name, ec.message()));
            std::sort(paths.begin(), paths.end());
        } else {
            paths.push_back(in.path);
        }
        for (const auto& p : paths) {
            std::string content, error;
            if (!read_file(p, content, error)) {
                files.emplace_back(p.string(), std::string());
                diags.add_file(Severity::Error, static_cast<uint32_t>(files.size() - 1),
                               "cannot read the rules file: " + error);
                continue;
            }
            read_one(p.string(), std::move(content));
        }
    }

    LoadResult result;
    result.ruleset = Compilation(items, registry_, extras_, diags).run();
    if (result.ruleset) {
        // Rules know where they were defined (for -L and messages).
        for (const auto& info : items.rules.items()) {
            if (const CompiledRule* r = result.ruleset->find(info.name)) {
                auto& rule = const_cast<CompiledRule&>(*r);
                if (info.origin.file < files.size()) {
                    rule.file = files[info.origin.file].name();
                    rule.position = files[info.origin.file].line_col(info.origin.offset);
                }
            }
        }
    }
    for (const auto& f : files) result.files.push_back(f.name());
    result.diagnostics = diags.take();
    return result;
}

std::vector<FileValidation> validate_rules(const std::vector<std::filesystem::path>& paths,
                                           std::shared_ptr<const fields::FieldRegistry> registry) {
    RulesLoader loader(std::move(registry));
    for (const auto& p : paths) loader.add_path(p);
    LoadResult r = loader.load();
    std::vector<FileValidation> out;
    for (const auto& f : r.files) out.push_back({f, true, {}});
    for (auto& d : r.diagnostics) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const FileValidation& v) { return v.file == d.file; });
        if (it == out.end()) {
            // Not tied to one file (a directory that cannot be listed).
            out.push_back({d.file, true, {}});
            it = out.end() - 1;
        }
        if (d.severity == Severity::Error) it->ok = false;
        it->diagnostics.push_back(std::move(d));
    }
    return out;
}

}  // namespace lanner::rules
