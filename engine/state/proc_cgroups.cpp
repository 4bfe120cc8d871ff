#include "state/proc_cgroups.h"

#include <charconv>

#include "state/path.h"
#include "state/proc_files.h"

namespace lanner::state {

namespace {

// Calls f(word) for each blank-, comma- or newline-separated word.
template <typename F>
void for_each_word(std::string_view s, std::string_view seps, F&& f) {
    while (!s.empty()) {
        const size_t end = s.find_first_of(seps);
        if (end != 0) f(s.substr(0, end));
        if (end == std::string_view::npos) break;
        s.remove_prefix(end + 1);
    }
}

bool contains_word(std::string_view list, std::string_view word) {
    bool found = false;
    for_each_word(list, " \n\t", [&](std::string_view w) { found = found || w == word; });
    return found;
}

}  // namespace

CgroupEncoder::CgroupEncoder(const std::string& proc_root, std::string cgroup2_root)
    : cgroup2_root_(std::move(cgroup2_root)) {
    std::string text;
    if (read_proc_file(proc_root + "/cgroups", text) == ReadResult::Ok) {
        for_each_word(text, "\n", [&](std::string_view line) {
            if (line.front() == '#') return;
            std::string_view f[4];
            size_t n = 0;
            for_each_word(line, " \t", [&](std::string_view w) {
                if (n < 4) f[n++] = w;
            });
            int hierarchy = 0, enabled = 0;
            if (n < 4) return;
            std::from_chars(f[1].data(), f[1].data() + f[1].size(), hierarchy);
            std::from_chars(f[3].data(), f[3].data() + f[3].size(), enabled);
            if (enabled != 0) subsystems_.push_back({std::string(f[0]), hierarchy});
        });
    }
    if (!cgroup2_root_.empty() &&
        read_proc_file(cgroup2_root_ + "/cgroup.controllers", text) == ReadResult::Ok) {
        for_each_word(text, " \n", [&](std::string_view w) { v2_controllers_.emplace(w); });
    } else {
        cgroup2_root_.clear();
    }
}

std::string CgroupEncoder::find_cgroup2_mount(std::string_view mountinfo) {
    std::string found;
    for_each_word(mountinfo, "\n", [&](std::string_view line) {
        // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS] - FSTYPE SOURCE OPTS"
        const size_t dash = line.find(" - ");
        if (!found.empty() || dash == std::string_view::npos) return;
        if (!line.substr(dash + 3).starts_with("cgroup2 ")) return;
        std::string_view f[5];
        size_t n = 0;
        for_each_word(line.substr(0, dash), " ", [&](std::string_view w) {
            if (n < 5) f[n++] = w;
        });
        if (n == 5 && f[3] == "/") found = f[4];
    });
    return found;
}

bool CgroupEncoder::enabled_below(std::string_view cgroup, const std::string& controller) {
    std::string key(cgroup);
    auto it = subtree_control_.find(key);
    if (it == subtree_control_.end()) {
        std::string text;
        const std::string dir = cgroup == "/" ? cgroup2_root_ : cgroup2_root_ + key;
        read_proc_file(dir + "/cgroup.subtree_control", text);
        it = subtree_control_.emplace(std::move(key), std::move(text)).first;
    }
    return contains_word(it->second, controller);
}

std::string CgroupEncoder::effective_v2_path(const std::string& controller, std::string_view path) {
    if (cgroup2_root_.empty() || controller == "perf_event") return std::string(path);
    if (v2_controllers_.count(controller) == 0) return "/";  // only the root css
    std::string_view c = path;
    while (!c.empty() && c != "/") {
        const std::string_view parent = path_directory(c);
        if (parent.empty() || enabled_below(parent, controller)) break;
        c = parent;
    }
    return std::string(c.empty() ? "/" : c);
}

void CgroupEncoder::encode(std::string_view text, std::string& out) {
    std::unordered_map<std::string, std::string> v1;  // controller -> path
    std::vector<std::string> v1_order;
    std::string v2_path;
    bool have_v2 = false;
    for_each_word(text, "\n", [&](std::string_view line) {
        const size_t c1 = line.find(':');
        const size_t c2 = c1 == std::string_view::npos ? c1 : line.find(':', c1 + 1);
        if (c2 == std::string_view::npos) return;
        const std::string_view controllers = line.substr(c1 + 1, c2 - c1 - 1);
        const std::string_view path = line.substr(c2 + 1);
        if (line.substr(0, c1) == "0" && controllers.empty()) {
            v2_path = path;
            have_v2 = true;
            return;
        }
        for_each_word(controllers, ",", [&](std::string_view ctrl) {
            if (ctrl.starts_with("name=")) return;  // a named hierarchy has no css
            if (v1.emplace(ctrl, path).second) v1_order.emplace_back(ctrl);
        });
    });
    const auto put = [&](std::string_view name, std::string_view path) {
        out.append(name);
        out += '=';
        out.append(path);
        out += '\0';
    };
    if (subsystems_.empty()) {
        // No subsystem list: what the file says, v1 hierarchies first.
        for (const auto& name : v1_order) put(name, v1[name]);
        if (have_v2)
            for (const auto& name : v2_controllers_) put(name, effective_v2_path(name, v2_path));
        return;
    }
    for (const Subsys& s : subsystems_) {
        if (auto it = v1.find(s.name); it != v1.end())
            put(s.name, it->second);
        else if (s.hierarchy == 0)
            put(s.name, have_v2 ? effective_v2_path(s.name, v2_path) : "/");
    }
}

}  // namespace lanner::state
