// Container identity from a process's cgroup paths.
//
// A container runtime puts each container in a cgroup whose last path
// component names it with the container's 64-hex id:
//   Docker      /docker/<id>                       (cgroupfs driver, v1 and v2)
//               /system.slice/docker-<id>.scope    (systemd driver)
//   containerd  .../cri-containerd-<id>.scope      (systemd driver)
//               .../kubepods-<qos>-pod<uid>.slice:cri-containerd:<id>  (systemd
//               cgroup names under a cgroupfs layout)
//   CRI-O       .../crio-<id>.scope   (crio-conmon-<id>.scope is the monitor, not
//               the container)
//   Podman      .../libpod-<id>.scope (libpod-conmon-<id>.scope is the monitor),
//               rootless: .../libpod-<id>.scope/container; cgroupfs:
//               /libpod_parent/libpod-<id>
//   Kubernetes  /kubepods[/<qos>]/pod<uid>/<id>     (cgroupfs driver)
//               /kubepods.slice/kubepods-<qos>.slice/kubepods-<qos>-pod<uid>.slice/
//               <runtime>-<id>.scope                 (systemd driver)
// Processes nested under a container cgroup (systemd inside a container:
// /docker/<id>/system.slice/x.service) belong to it, so the deepest matching
// component wins. Anything else is the host. The id must be exactly 64
// lowercase hex digits: shorter hex names are not containers (this machine's
// memory cgroups are /process_api/<32 hex>).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "state/container_metadata.h"

namespace lanner::state {

enum class ContainerRuntime : uint8_t {
    Host,
    Docker,
    Containerd,
    CriO,
    Podman,
    Kubernetes,  // a Kubernetes pod's container whose runtime the path does not name
    Unknown,     // a 64-hex container cgroup of an unrecognised runtime
};

// "host", "docker", "containerd", "cri-o", "podman", "cri", "container".
std::string_view runtime_name(ContainerRuntime r) noexcept;

struct ContainerMatch {
    ContainerRuntime runtime = ContainerRuntime::Host;
    std::string_view full_id;  // 64 hex digits; empty for the host
    std::string_view pod_uid;  // Kubernetes pod UID as in the path ('_' or '-'), or empty
};

// Container of one cgroup path ("/docker/<id>"); runtime Host when none.
ContainerMatch match_cgroup_path(std::string_view path) noexcept;

// Container of a process from its cgroup list: NUL- or newline-separated
// entries, each "SUBSYS=PATH" (records, docs/driver-semantics.md) or a raw
// /proc/PID/cgroup line "ID:CONTROLLERS:PATH". The first entry that names a
// container wins. Views point into `cgroups`.
ContainerMatch match_cgroups(std::string_view cgroups) noexcept;

struct ContainerInfo {
    std::string id;       // Falco's container.id: the first 12 digits, or "host"
    std::string full_id;  // all 64 digits, or "host"
    ContainerRuntime runtime = ContainerRuntime::Host;
    std::string pod_uid;     // normalised with '-', empty when not a Kubernetes pod
    uint32_t refs = 0;       // processes pointing at it
    ContainerMetadata meta;  // from a runtime; meta.known is false until then
};

// Containers interned by full id and shared by the processes inside them;
// an entry goes away with the last process that refers to it.
class ContainerTable {
  public:
    ContainerTable();
    const ContainerInfo* host() const noexcept { return &host_; }
    // A referenced entry for the match (the host entry for Host matches).
    const ContainerInfo* acquire(const ContainerMatch& m);
    // A referenced entry for an id given as text (a capture's container_id):
    // 64 hex digits, or "" / "host" for the host.
    const ContainerInfo* acquire_id(std::string_view id);
    // Adds a reference to an entry already held.
    const ContainerInfo* share(const ContainerInfo* c) noexcept;
    void release(const ContainerInfo* c) noexcept;
    // Entry by full or 12-digit id; nullptr when no process is inside it.
    const ContainerInfo* find(std::string_view id) const noexcept;
    // Attaches what a runtime reported to a known container (by full or
    // 12-digit id); false when no process is inside it. The host has none.
    bool set_metadata(std::string_view id, ContainerMetadata meta);
    size_t size() const noexcept { return by_id_.size(); }

  private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    ContainerInfo host_;
    std::unordered_map<std::string, std::unique_ptr<ContainerInfo>, Hash, std::equal_to<>> by_id_;
};

}  // namespace lanner::state
