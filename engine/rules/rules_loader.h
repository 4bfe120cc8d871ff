// Loading rules: files and directories in order, then compilation into a
// CompiledRuleset, with every error and warning located.
//
//   auto registry = fields::make_default_registry();
//   LoadResult r = RulesLoader(registry).add_path("/etc/lanner/rules.d").load();
//   for (auto& d : r.diagnostics) log(d.to_string(true));
//   if (r.ok()) use(r.ruleset);
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fields/field_registry.h"
#include "rules/diagnostics.h"
#include "rules/extra_output.h"
#include "rules/ruleset.h"

namespace lanner::rules {

struct LoadResult {
    std::shared_ptr<CompiledRuleset> ruleset;  // null when there are errors
    std::vector<Diagnostic> diagnostics;       // in the order found
    std::vector<std::string> files;            // names of the files read, in load order

    bool ok() const noexcept { return ruleset != nullptr; }
    size_t count(Severity s) const noexcept;
};

class RulesLoader {
  public:
    explicit RulesLoader(std::shared_ptr<const fields::FieldRegistry> registry);

    // A rules file, or a directory whose *.yaml files are read in name order.
    // Files are read by load(); later files append to, override and redefine
    // what earlier ones define.
    RulesLoader& add_path(const std::filesystem::path& path);
    // Rules given as text; `name` is what messages call it.
    RulesLoader& add_content(std::string name, std::string content);

    // Text and fields added to the outputs of the rules `extra.match`
    // selects (Falco's -p and append_output), in the order added. A field
    // unknown in an extra output is an error of the whole load.
    RulesLoader& add_extra_output(ExtraOutput extra);

    LoadResult load();

  private:
    struct Input {
        std::filesystem::path path;
        std::string name;
        std::string content;
        bool from_file;
    };
    std::shared_ptr<const fields::FieldRegistry> registry_;
    std::vector<Input> inputs_;
    std::vector<ExtraOutput> extras_;
};

// `lanner -V`: loads the files together, in order, and reports each file's
// own errors and warnings.
struct FileValidation {
    std::string file;
    bool ok = true;  // no error located in this file
    std::vector<Diagnostic> diagnostics;
};
std::vector<FileValidation> validate_rules(const std::vector<std::filesystem::path>& paths,
                                           std::shared_ptr<const fields::FieldRegistry> registry);

}  // namespace lanner::rules
