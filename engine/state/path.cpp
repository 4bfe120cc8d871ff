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

}  // namespace

void resolve_path(std::string_view base, std::string_view path, std::string& out) {
    out.clear();
    const bool path_absolute = !path.empty() && path.front() == '/';
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
