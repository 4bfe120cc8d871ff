// What a container runtime or Kubernetes knows about a container and that
// its cgroup path does not tell: names, image, mounts, probes, pod. Nothing
// in the engine fills it yet (a runtime client is future work), so the
// container.* and k8s.* fields that read it are absent (<NA>) until a
// metadata source calls StateTracker::set_container_metadata().
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lanner::state {

struct ContainerMount {
    std::string source;
    std::string dest;
    std::string mode;  // "ro", "rw", "Z"... as the runtime reports it
    bool rdwr = false;
    std::string propagation;  // "rprivate", "shared"...
};

struct ContainerMetadata {
    // Set by a metadata source; while false every other member is unknown.
    bool known = false;
    std::string name;
    std::string image;  // "docker.io/library/nginx:1.25"
    std::string image_id;
    std::string image_repository;  // "docker.io/library/nginx"
    std::string image_tag;         // "1.25"
    std::string image_digest;      // "sha256:..."
    std::optional<bool> privileged;
    std::vector<ContainerMount> mounts;
    std::string ip;        // primary IPv4 address
    std::string cni_json;  // CNI result of the pod (CRI runtimes)
    // Probe command lines (executable and arguments, space-separated);
    // empty when the container has none.
    std::string healthcheck;
    std::string liveness_probe;
    std::string readiness_probe;
    // Kubernetes pod of the container; empty outside Kubernetes.
    std::string pod_name;
    std::string pod_namespace;
    std::string pod_uid;
    std::string pod_sandbox_id;  // full id of the pod's sandbox (pause) container
    std::string pod_ip;
    std::vector<std::pair<std::string, std::string>> pod_labels;
};

}  // namespace lanner::state
