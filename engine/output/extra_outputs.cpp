#include "output/extra_outputs.h"

#include <string>

namespace lanner::output {
namespace {

// The texts of Falco 0.37-0.40 (userspace/falco/app/actions/init_falco_engine.cpp).
constexpr std::string_view kContainerInfo =
    "container_id=%container.id container_image=%container.image.repository "
    "container_image_tag=%container.image.tag container_name=%container.name";
constexpr std::string_view kK8sInfo = "k8s_ns=%k8s.ns.name k8s_pod_name=%k8s.pod.name";
constexpr std::string_view kGvisorInfo = "vpid=%proc.vpid vtid=%thread.vtid";

// What Falco's container plugin marks as suggested output fields.
constexpr std::string_view kSuggested =
    "container_id=%container.id container_name=%container.name "
    "container_image_repository=%container.image.repository "
    "container_image_tag=%container.image.tag k8s_pod_name=%k8s.pod.name "
    "k8s_ns_name=%k8s.ns.name";

rules::ExtraOutput replacing(std::string format) {
    rules::ExtraOutput e;
    e.format = std::move(format);
    e.replaces_container_info = true;
    return e;
}

}  // namespace

std::optional<rules::ExtraOutput> extra_output_for_print(std::string_view value) {
    const std::string c(kContainerInfo), k(kK8sInfo), g(kGvisorInfo);
    if (value.empty()) return std::nullopt;
    if (value == "c" || value == "container") return replacing(c);
    if (value == "cg" || value == "container-gvisor") return replacing(g + " " + c);
    if (value == "k" || value == "kubernetes") return replacing(c + " " + k);
    if (value == "kg" || value == "kubernetes-gvisor") return replacing(g + " " + c + " " + k);
    rules::ExtraOutput e;
    e.format = std::string(value);
    return e;
}

rules::ExtraOutput suggested_output(rules::RuleSelector match) {
    rules::ExtraOutput e;
    e.match = std::move(match);
    e.format = std::string(kSuggested);
    return e;
}

}  // namespace lanner::output
