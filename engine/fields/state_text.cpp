#include "fields/state_text.h"

#include "schema/event_table.h"

namespace lanner::fields {

void append_args(const state::Process& p, std::string& out) {
    bool first = true;
    p.for_each_arg([&](std::string_view a) {
        if (!first) out += ' ';
        first = false;
        out += a;
    });
}

void append_cmdline(std::string_view name, const state::Process& p, std::string& out) {
    out += name;
    p.for_each_arg([&](std::string_view a) {
        out += ' ';
        out += a;
    });
}

void append_exeline(const state::Process& p, std::string& out) {
    out += p.exe;
    out += ' ';
    append_args(p, out);
}

void append_env(const state::Process& p, std::string& out) {
    bool first = true;
    p.for_each_env([&](std::string_view e) {
        if (!first) out += ' ';
        first = false;
        out += e;
    });
}

std::optional<std::string_view> env_value(const state::Process& p, std::string_view name) {
    std::optional<std::string_view> found;
    p.for_each_env([&](std::string_view e) {
        if (!found && e.size() > name.size() && e[name.size()] == '=' && e.starts_with(name))
            found = e.substr(name.size() + 1);
    });
    return found;
}

void append_capabilities(uint64_t caps, std::string& out) {
    static const schema::FlagSet* const names = schema::find_flag_set("capabilities");
    if (names == nullptr || caps == 0) return;
    bool first = true;
    // The table lists one capability per bit, in bit order.
    for (const schema::FlagName& n : names->names) {
        if ((caps & n.value) == 0) continue;
        if (!first) out += ' ';
        first = false;
        out += n.name;
    }
}

void append_cwd(std::string_view cwd, std::string& out) {
    out += cwd;
    if (cwd.empty() || cwd.back() != '/') out += '/';
}

}  // namespace lanner::fields
