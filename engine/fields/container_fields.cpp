// container.* and k8s.*: the container of the process and its Kubernetes
// pod. The id, the runtime (container.type) and a Kubernetes pod's uid come
// from the process's cgroups, so they are known for every process; the rest
// (names, image, mounts, probes, pod name and namespace) comes from a
// container runtime's metadata (state::ContainerMetadata), and is absent
// (<NA>) until a metadata source supplies it. Outside containers
// container.id, container.full_id, container.name and container.type are
// "host" and every other field is absent, as in Falco.
#include <fnmatch.h>

#include "fields/state_field_class.h"
#include "fields/state_fields.h"

namespace lanner::fields {
namespace {

using FT = FieldType;
using state::ContainerInfo;
using state::ContainerMetadata;
using state::ContainerMount;
using state::ContainerRuntime;

constexpr FieldDef field(std::string_view name, FieldType type, std::string_view description) {
    return FieldDef{name, type, description};
}

constexpr FieldDef mount_field(std::string_view name, std::string_view description) {
    return FieldDef{name, FT::String, description, ArgForm::IndexOrKey, true};
}

enum Id : unsigned {
    Cid,
    FullId,
    Name,
    Type,
    Image,
    ImageId,
    ImageRepository,
    ImageTag,
    ImageDigest,
    Privileged,
    Mounts,
    Mount,
    MountSource,
    MountDest,
    MountMode,
    MountRdwr,
    MountPropagation,
    Healthcheck,
    LivenessProbe,
    ReadinessProbe,
    StartTs,
    Duration,
    Ip,
    CniJson,
    kContainerCount,
};

constexpr FieldDef kContainer[] = {
    field("container.id", FT::String,
          "Container id: the first 12 hex digits of the id in the process's cgroup path, or "
          "'host' outside containers."),
    field("container.full_id", FT::String, "Container id, all 64 hex digits, or 'host'."),
    field("container.name", FT::String, "Container name ('host' outside containers)."),
    field("container.type", FT::String,
          "Container runtime, from the cgroup path: docker, containerd, cri-o, podman, cri (a "
          "Kubernetes pod's container of another runtime), or 'host'."),
    field("container.image", FT::String, "Image name: docker.io/library/nginx:1.25."),
    field("container.image.id", FT::String, "Image id."),
    field("container.image.repository", FT::String, "Image repository: docker.io/library/nginx."),
    field("container.image.tag", FT::String, "Image tag: 1.25."),
    field("container.image.digest", FT::String, "Image digest: sha256:..."),
    field("container.privileged", FT::Bool, "true for privileged containers."),
    field("container.mounts", FT::String,
          "All mounts as source:dest:mode:rdwr:propagation, separated by ','."),
    mount_field("container.mount",
                "One mount by index (container.mount[0]) or by source path, which may be a glob "
                "(container.mount[/var/run/*]): source:dest:mode:rdwr:propagation."),
    mount_field("container.mount.source",
                "Source of a mount, by index or by destination path (glob)."),
    mount_field("container.mount.dest",
                "Destination of a mount, by index or by source path (glob)."),
    mount_field("container.mount.mode", "Mode of a mount, by index or by source path (glob)."),
    mount_field("container.mount.rdwr",
                "Whether a mount is writable (true, false), by index or by source path (glob)."),
    mount_field("container.mount.propagation",
                "Propagation of a mount, by index or by source path (glob)."),
    field("container.healthcheck", FT::String,
          "Health check command of the container, or NONE when it has none."),
    field("container.liveness_probe", FT::String,
          "Kubernetes liveness probe command of the container, or NONE."),
    field("container.readiness_probe", FT::String,
          "Kubernetes readiness probe command of the container, or NONE."),
    field("container.start_ts", FT::AbsTime,
          "Start of the container (its pid namespace's init), in ns since the epoch."),
    field("container.duration", FT::RelTime, "Time since the container started, in ns."),
    field("container.ip", FT::String, "Main IPv4 address of the container."),
    field("container.cni.json", FT::String, "CNI result of the container's pod, as JSON."),
};
static_assert(std::size(kContainer) == kContainerCount, "kContainer and Id disagree");

bool is_host(const ContainerInfo* c) {
    return c == nullptr || c->runtime == ContainerRuntime::Host;
}

bool put_text(FieldValues& out, std::string_view s) {
    if (s.empty()) return false;
    out.add_view(s);
    return true;
}

void append_mount(const ContainerMount& m, std::string& out) {
    out += m.source;
    out += ':';
    out += m.dest;
    out += ':';
    out += m.mode;
    out += ':';
    out += m.rdwr ? "true" : "false";
    out += ':';
    out += m.propagation;
}

bool glob_matches(const std::string& pattern, const std::string& text) {
    return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

// The mount an argument names: by index, or the first whose source (or,
// for container.mount.source, destination) matches the glob.
const ContainerMount* find_mount(const ContainerMetadata& meta, unsigned id, const FieldArg& arg) {
    if (arg.kind == FieldArg::Kind::Index)
        return arg.index < meta.mounts.size() ? &meta.mounts[arg.index] : nullptr;
    for (const ContainerMount& m : meta.mounts)
        if (glob_matches(arg.key, id == MountSource ? m.dest : m.source)) return &m;
    return nullptr;
}

class ContainerFieldClass final : public StateFieldClass {
  public:
    ContainerFieldClass(const StateView& view, const EvtFieldClass& clock)
        : StateFieldClass("container",
                          "The container the process runs in ('host' outside containers).",
                          kContainer, view),
          clock_(clock) {}

    bool extract(unsigned id, const BoundField& field, const EvalContext& ctx,
                 FieldValues& out) const override;

  private:
    const EvtFieldClass& clock_;
};

bool ContainerFieldClass::extract(unsigned id, const BoundField& field, const EvalContext& ctx,
                                  FieldValues& out) const {
    const state::Process* p = process();
    if (p == nullptr) return false;
    const ContainerInfo* c = p->container;
    if (is_host(c)) {
        if (id != Cid && id != FullId && id != Name && id != Type) return false;
        out.add_view("host");
        return true;
    }
    const ContainerMetadata& meta = c->meta;
    switch (id) {
        case Cid:
            out.add_view(c->id);
            return true;
        case FullId:
            out.add_view(c->full_id);
            return true;
        case Name:
            return put_text(out, meta.name);
        case Type:
            if (c->runtime == ContainerRuntime::Unknown) return false;
            out.add_view(state::runtime_name(c->runtime));
            return true;
        case Image:
            return put_text(out, meta.image);
        case ImageId:
            return put_text(out, meta.image_id);
        case ImageRepository:
            return put_text(out, meta.image_repository);
        case ImageTag:
            return put_text(out, meta.image_tag);
        case ImageDigest:
            return put_text(out, meta.image_digest);
        case Privileged:
            if (!meta.privileged) return false;
            out.add_bool(*meta.privileged);
            return true;
        case Mounts: {
            if (!meta.known) return false;
            const size_t at = out.begin_owned();
            for (size_t i = 0; i < meta.mounts.size(); ++i) {
                if (i != 0) out.owned() += ',';
                append_mount(meta.mounts[i], out.owned());
            }
            out.end_owned(at);
            return true;
        }
        case Mount:
        case MountSource:
        case MountDest:
        case MountMode:
        case MountRdwr:
        case MountPropagation: {
            const ContainerMount* m = find_mount(meta, id, field.arg());
            if (m == nullptr) return false;
            switch (id) {
                case Mount: {
                    const size_t at = out.begin_owned();
                    append_mount(*m, out.owned());
                    out.end_owned(at);
                    return true;
                }
                case MountSource:
                    out.add_view(m->source);
                    return true;
                case MountDest:
                    out.add_view(m->dest);
                    return true;
                case MountMode:
                    out.add_view(m->mode);
                    return true;
                case MountRdwr:
                    out.add_view(m->rdwr ? "true" : "false");
                    return true;
                default:
                    out.add_view(m->propagation);
                    return true;
            }
        }
        case Healthcheck:
        case LivenessProbe:
        case ReadinessProbe: {
            if (!meta.known) return false;
            const std::string& probe = id == Healthcheck     ? meta.healthcheck
                                       : id == LivenessProbe ? meta.liveness_probe
                                                             : meta.readiness_probe;
            out.add_view(probe.empty() ? std::string_view("NONE") : std::string_view(probe));
            return true;
        }
        case StartTs:
            if (p->pidns_init_start_ts == 0) return false;
            out.add_num(p->pidns_init_start_ts + clock_.boot_time());
            return true;
        case Duration: {
            const uint64_t now = ctx.event().ts();
            if (p->pidns_init_start_ts == 0 || now < p->pidns_init_start_ts) return false;
            out.add_num(now - p->pidns_init_start_ts);
            return true;
        }
        case Ip:
            return put_text(out, meta.ip);
        case CniJson:
            return put_text(out, meta.cni_json);
        default:
            return false;
    }
}

// --- k8s.* ------------------------------------------------------------------

enum K8sId : unsigned {
    NsName,
    PodName,
    PodId,
    PodUid,
    PodSandboxId,
    PodFullSandboxId,
    PodLabel,
    PodLabels,
    PodIp,
    PodCniJson,
    kK8sCount,
};

constexpr FieldDef kK8s[] = {
    field("k8s.ns.name", FT::String, "Kubernetes namespace of the pod."),
    field("k8s.pod.name", FT::String, "Kubernetes pod name."),
    field("k8s.pod.id", FT::String, "Kubernetes pod uid (the older name of k8s.pod.uid)."),
    field("k8s.pod.uid", FT::String,
          "Kubernetes pod uid, known from the kubepods cgroup path even before metadata."),
    field("k8s.pod.sandbox_id", FT::String,
          "Id of the pod's sandbox (pause) container, first 12 digits."),
    field("k8s.pod.full_sandbox_id", FT::String, "Id of the pod's sandbox container."),
    FieldDef{"k8s.pod.label", FT::String, "Value of one pod label: k8s.pod.label[app].",
             ArgForm::Key, true},
    field("k8s.pod.labels", FT::String, "All pod labels as key:value pairs separated by ','."),
    field("k8s.pod.ip", FT::String, "Pod IP address."),
    field("k8s.pod.cni.json", FT::String, "CNI result of the pod, as JSON."),
};
static_assert(std::size(kK8s) == kK8sCount, "kK8s and K8sId disagree");

class K8sFieldClass final : public StateFieldClass {
  public:
    explicit K8sFieldClass(const StateView& view)
        : StateFieldClass("k8s",
                          "The Kubernetes pod and namespace of the container: absent outside "
                          "Kubernetes and, except the pod uid, until metadata is known.",
                          kK8s, view) {}

    bool extract(unsigned id, const BoundField& field, const EvalContext&,
                 FieldValues& out) const override {
        const state::Process* p = process();
        if (p == nullptr || is_host(p->container)) return false;
        const ContainerInfo& c = *p->container;
        const ContainerMetadata& meta = c.meta;
        switch (id) {
            case NsName:
                return put_text(out, meta.pod_namespace);
            case PodName:
                return put_text(out, meta.pod_name);
            case PodId:
            case PodUid:
                return put_text(out, !meta.pod_uid.empty() ? std::string_view(meta.pod_uid)
                                                           : std::string_view(c.pod_uid));
            case PodSandboxId:
                return put_text(out, std::string_view(meta.pod_sandbox_id).substr(0, 12));
            case PodFullSandboxId:
                return put_text(out, meta.pod_sandbox_id);
            case PodLabel:
                for (const auto& [key, value] : meta.pod_labels)
                    if (key == field.arg().key) {
                        out.add_view(value);
                        return true;
                    }
                return false;
            case PodLabels: {
                if (meta.pod_labels.empty()) return false;
                const size_t at = out.begin_owned();
                for (size_t i = 0; i < meta.pod_labels.size(); ++i) {
                    if (i != 0) out.owned() += ',';
                    out.owned() += meta.pod_labels[i].first;
                    out.owned() += ':';
                    out.owned() += meta.pod_labels[i].second;
                }
                out.end_owned(at);
                return true;
            }
            case PodIp:
                return put_text(out, meta.pod_ip);
            case PodCniJson:
                return put_text(out, meta.cni_json);
            default:
                return false;
        }
    }
};

}  // namespace

std::unique_ptr<FieldClass> make_container_fields(const StateView& view,
                                                  const EvtFieldClass& clock) {
    return std::make_unique<ContainerFieldClass>(view, clock);
}

std::unique_ptr<FieldClass> make_k8s_fields(const StateView& view) {
    return std::make_unique<K8sFieldClass>(view);
}

}  // namespace lanner::fields
