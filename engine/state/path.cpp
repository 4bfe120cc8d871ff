#include "state/path.h"

namespace lanner::state {

namespace {

// Applies the components of `p` to `out`, which is either "" (relative, or
// absolute with nothing yet) or a normalised path without a trailing "/".
void append_components(std::string_view p, bool absolute, std::string& out) {
    size_t i = 0;
    while (i < p.size()) {
        while (i < p.size() && p[i] == '/') ++i;
        size_t end = i;
        while (end < p.size() && p[end] != '/') ++end;
        const std::string_view comp = p.substr(i, end - i);
        i = end;
        if (comp.empty() || comp == ".") continue;
        if (comp == "..") {
            const size_t slash = out.rfind('/');
            const bool have_parent =
                !out.empty() && std::string_view(out).substr(slash + 1) != "..";
            if (have_parent) {
                out.resize(slash == std::string::npos ? 0 : slash);
                continue;
            }
            if (absolute) continue;  // "/.." is "/"
            // A relative path keeps the ".." it cannot apply.
        }
        if (absolute || !out.empty()) out += '/';
        out += comp;
    }
}

// True when `p` is already normalised: no empty, "." or ".." component, no
// trailing '/' (an absolute path may be "/" alone). Most paths a process
// passes are, and copying one is cheaper than rebuilding it component by
// component.
bool normalised(std::string_view p) noexcept {
    size_t i = !p.empty() && p.front() == '/' ? 1 : 0;
    if (i == p.size()) return i == 1;
    for (;;) {
        size_t end = p.find('/', i);
        if (end == std::string_view::npos) end = p.size();
        const size_t n = end - i;
        if (n == 0 || (p[i] == '.' && (n == 1 || (n == 2 && p[i + 1] == '.')))) return false;
        if (end == p.size()) return true;
        i = end + 1;
    }
}

}  // namespace

void resolve_path(std::string_view base, std::string_view path, std::string& out) {
    const bool path_absolute = !path.empty() && path.front() == '/';
    if (path_absolute && normalised(path)) {
        out.assign(path);
        return;
    }
    if (!path_absolute && !path.empty() && !base.empty() && base.front() == '/' &&
        normalised(path) && normalised(base)) {
        out.assign(base);
        if (base.size() > 1) out += '/';
        out += path;
        return;
    }
    out.clear();
    bool absolute = path_absolute;
    if (!path_absolute) {
        absolute = !base.empty() && base.front() == '/';
        append_components(base, absolute, out);
    }
    append_components(path, absolute, out);
    if (out.empty() && absolute) out.push_back('/');
}

std::string_view path_directory(std::string_view path) noexcept {
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return {};
    if (slash == 0) return path.substr(0, 1);
    return path.substr(0, slash);
}

std::string_view path_basename(std::string_view path) noexcept {
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return path;
    return path.substr(slash + 1);
}

}  // namespace lanner::state
