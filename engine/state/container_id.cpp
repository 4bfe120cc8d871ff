#include "state/container_id.h"

#include <algorithm>

namespace lanner::state {

std::string_view runtime_name(ContainerRuntime r) noexcept {
    switch (r) {
        case ContainerRuntime::Host:
            return "host";
        case ContainerRuntime::Docker:
            return "docker";
        case ContainerRuntime::Containerd:
            return "containerd";
        case ContainerRuntime::CriO:
            return "cri-o";
        case ContainerRuntime::Podman:
            return "podman";
        case ContainerRuntime::Kubernetes:
            return "cri";
        case ContainerRuntime::Unknown:
            return "container";
    }
    return "host";
}

namespace {

constexpr size_t kIdLength = 64;
constexpr size_t kShortIdLength = 12;

bool is_container_id(std::string_view s) noexcept {
    return s.size() == kIdLength && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

bool starts_with(std::string_view s, std::string_view p) noexcept {
    return s.starts_with(p);
}

// What one path component says.
enum class Verdict { None, Container, Monitor };

struct ComponentMatch {
    Verdict verdict = Verdict::None;
    ContainerRuntime runtime = ContainerRuntime::Unknown;
    std::string_view id;
};

// "<prefix><id>[.scope]" components named by runtimes.
struct ScopeLayout {
    std::string_view prefix;
    Verdict verdict;
    ContainerRuntime runtime;
};
// Monitors first: "crio-conmon-" also starts with "crio-".
constexpr ScopeLayout kScopeLayouts[] = {
    {"crio-conmon-", Verdict::Monitor, ContainerRuntime::CriO},
    {"libpod-conmon-", Verdict::Monitor, ContainerRuntime::Podman},
    {"docker-", Verdict::Container, ContainerRuntime::Docker},
    {"cri-containerd-", Verdict::Container, ContainerRuntime::Containerd},
    {"crio-", Verdict::Container, ContainerRuntime::CriO},
    {"libpod-", Verdict::Container, ContainerRuntime::Podman},
};

ContainerRuntime runtime_of_tag(std::string_view tag) noexcept {
    if (tag == "cri-containerd" || tag == "containerd") return ContainerRuntime::Containerd;
    if (tag == "crio" || tag == "cri-o") return ContainerRuntime::CriO;
    if (tag == "docker") return ContainerRuntime::Docker;
    if (tag == "libpod") return ContainerRuntime::Podman;
    return ContainerRuntime::Unknown;
}

ComponentMatch match_component(std::string_view c) noexcept {
    // "<runtime>-<id>.scope" (systemd), or without ".scope" (cgroupfs).
    const std::string_view body = c.ends_with(".scope") ? c.substr(0, c.size() - 6) : c;
    for (const auto& l : kScopeLayouts) {
        if (starts_with(body, l.prefix) && is_container_id(body.substr(l.prefix.size())))
            return {l.verdict, l.runtime, body.substr(l.prefix.size())};
    }
    if (body.size() != c.size()) return {};
    // systemd cgroup names under cgroupfs: "<slice>:<runtime>:<id>".
    if (const size_t last = c.rfind(':'); last != std::string_view::npos) {
        const std::string_view id = c.substr(last + 1);
        const size_t first = c.rfind(':', last == 0 ? 0 : last - 1);
        if (first == std::string_view::npos || first == last || !is_container_id(id)) return {};
        return {Verdict::Container, runtime_of_tag(c.substr(first + 1, last - first - 1)), id};
    }
    if (is_container_id(c)) return {Verdict::Container, ContainerRuntime::Unknown, c};
    return {};
}

// "pod<uid>" (cgroupfs) or "kubepods-[<qos>-]pod<uid>.slice" (systemd).
std::string_view pod_uid_of(std::string_view c) noexcept {
    if (c.ends_with(".slice")) {
        c.remove_suffix(6);
        if (!starts_with(c, "kubepods-")) return {};
        const size_t pos = c.rfind("pod");
        if (pos == std::string_view::npos || pos == 0 || c[pos - 1] != '-') return {};
        return c.substr(pos + 3);
    }
    if (starts_with(c, "pod") && c.size() > 3 + 30) return c.substr(3);
    return {};
}

// Iterates the components of a path from the last to the first.
class ReverseComponents {
  public:
    explicit ReverseComponents(std::string_view p) : rest_(p) {}
    bool next(std::string_view& out) noexcept {
        while (!rest_.empty() && rest_.back() == '/') rest_.remove_suffix(1);
        if (rest_.empty()) return false;
        const size_t slash = rest_.rfind('/');
        const size_t start = slash == std::string_view::npos ? 0 : slash + 1;
        out = rest_.substr(start);
        rest_ = rest_.substr(0, start);
        return true;
    }
    std::string_view rest() const noexcept { return rest_; }

  private:
    std::string_view rest_;
};

// Runtime of a bare-id component, from the components above it.
ContainerRuntime runtime_from_ancestors(std::string_view ancestors, std::string_view& pod_uid) {
    ContainerRuntime r = ContainerRuntime::Unknown;
    ReverseComponents it(ancestors);
    std::string_view c;
    bool parent = true;
    while (it.next(c)) {
        if (pod_uid.empty()) pod_uid = pod_uid_of(c);
        if (parent && c == "docker") r = ContainerRuntime::Docker;
        if (parent && c == "libpod_parent") r = ContainerRuntime::Podman;
        if (r == ContainerRuntime::Unknown && starts_with(c, "kubepods"))
            r = ContainerRuntime::Kubernetes;
        parent = false;
    }
    return r;
}

}  // namespace

ContainerMatch match_cgroup_path(std::string_view path) noexcept {
    ReverseComponents it(path);
    std::string_view c;
    while (it.next(c)) {
        const ComponentMatch m = match_component(c);
        if (m.verdict == Verdict::None) continue;
        // A runtime's monitor process sits beside the container, outside it.
        if (m.verdict == Verdict::Monitor) return {};
        ContainerMatch out;
        out.full_id = m.id;
        // "kubepods-<qos>-pod<uid>.slice:cri-containerd:<id>" names the pod too.
        if (const size_t colon = c.find(':'); colon != std::string_view::npos)
            out.pod_uid = pod_uid_of(c.substr(0, colon));
        const ContainerRuntime from_path = runtime_from_ancestors(it.rest(), out.pod_uid);
        out.runtime = m.runtime != ContainerRuntime::Unknown ? m.runtime : from_path;
        return out;
    }
    return {};
}

ContainerMatch match_cgroups(std::string_view cgroups) noexcept {
    std::string_view previous_path;
    bool checked_any = false;
    while (!cgroups.empty()) {
        const size_t end = cgroups.find_first_of(std::string_view("\0\n", 2));
        std::string_view entry = cgroups.substr(0, end);
        cgroups = end == std::string_view::npos ? std::string_view{} : cgroups.substr(end + 1);

        std::string_view path;
        const size_t digits = entry.find_first_not_of("0123456789");
        if (digits != std::string_view::npos && digits > 0 && entry[digits] == ':') {
            // "ID:CONTROLLERS:PATH"; the path may itself contain ':'.
            const size_t second = entry.find(':', digits + 1);
            if (second == std::string_view::npos) continue;
            path = entry.substr(second + 1);
        } else if (const size_t eq = entry.find('='); eq != std::string_view::npos) {
            path = entry.substr(eq + 1);
        } else {
            continue;
        }
        // Most hierarchies share one path; check each distinct path once.
        if (checked_any && path == previous_path) continue;
        previous_path = path;
        checked_any = true;
        const ContainerMatch m = match_cgroup_path(path);
        if (m.runtime != ContainerRuntime::Host) return m;
    }
    return {};
}

ContainerTable::ContainerTable() {
    host_.id = "host";
    host_.full_id = "host";
    host_.runtime = ContainerRuntime::Host;
}

const ContainerInfo* ContainerTable::acquire(const ContainerMatch& m) {
    if (m.runtime == ContainerRuntime::Host || m.full_id.empty()) return &host_;
    auto it = by_id_.find(m.full_id);
    if (it == by_id_.end()) {
        auto info = std::make_unique<ContainerInfo>();
        info->full_id = std::string(m.full_id);
        info->id = info->full_id.substr(0, kShortIdLength);
        info->runtime = m.runtime;
        info->pod_uid = std::string(m.pod_uid);
        std::replace(info->pod_uid.begin(), info->pod_uid.end(), '_', '-');
        it = by_id_.emplace(info->full_id, std::move(info)).first;
    }
    ++it->second->refs;
    return it->second.get();
}

const ContainerInfo* ContainerTable::acquire_id(std::string_view id) {
    if (id.empty() || id == "host" || !is_container_id(id)) return &host_;
    ContainerMatch m;
    m.runtime = ContainerRuntime::Unknown;
    m.full_id = id;
    if (auto it = by_id_.find(id); it != by_id_.end()) m.runtime = it->second->runtime;
    return acquire(m);
}

const ContainerInfo* ContainerTable::share(const ContainerInfo* c) noexcept {
    if (c != nullptr && c != &host_) ++const_cast<ContainerInfo*>(c)->refs;
    return c;
}

void ContainerTable::release(const ContainerInfo* c) noexcept {
    if (c == nullptr || c == &host_) return;
    auto* info = const_cast<ContainerInfo*>(c);
    if (--info->refs > 0) return;
    if (auto it = by_id_.find(std::string_view(info->full_id)); it != by_id_.end())
        by_id_.erase(it);
}

const ContainerInfo* ContainerTable::find(std::string_view id) const noexcept {
    if (id == "host") return &host_;
    if (auto it = by_id_.find(id); it != by_id_.end()) return it->second.get();
    if (id.size() == kShortIdLength) {
        for (const auto& [full, info] : by_id_)
            if (std::string_view(full).substr(0, kShortIdLength) == id) return info.get();
    }
    return nullptr;
}

bool ContainerTable::set_metadata(std::string_view id, ContainerMetadata meta) {
    const ContainerInfo* c = find(id);
    if (c == nullptr || c == &host_) return false;
    // The entries are owned here; find() hands out const views of them.
    const_cast<ContainerInfo*>(c)->meta = std::move(meta);
    return true;
}

}  // namespace lanner::state
