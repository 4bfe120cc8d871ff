// Container ids from real-looking cgroup lines of every runtime layout, the
// host's look-alikes that are not containers, and the tracker's use of them.
#define BOOST_TEST_MODULE state_containers
#include <boost/test/unit_test.hpp>

#include "state/container_id.h"
#include "state_feed.h"

using namespace lanner;
using namespace lanner::state;
using namespace lanner::test;

namespace {

const std::string kId = "3f2b8a1c9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a";
const std::string kId2 = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
const std::string kPodDashes = "6f8e3b2a-1c4d-4e5f-9a0b-1c2d3e4f5a6b";
const std::string kPodUnderscores = "6f8e3b2a_1c4d_4e5f_9a0b_1c2d3e4f5a6b";

struct Layout {
    std::string what;
    std::string cgroup;  // a /proc/PID/cgroup line or a record entry
    ContainerRuntime runtime;
    std::string id;   // full id, empty for the host
    std::string pod;  // pod UID as in the path
};

std::vector<Layout> layouts() {
    return {
        {"docker, cgroupfs, v1", "11:memory:/docker/" + kId, ContainerRuntime::Docker, kId, ""},
        {"docker, cgroupfs, v1 named hierarchy", "1:name=systemd:/docker/" + kId,
         ContainerRuntime::Docker, kId, ""},
        {"docker, cgroupfs, v2", "0::/docker/" + kId, ContainerRuntime::Docker, kId, ""},
        {"docker, systemd, v2", "0::/system.slice/docker-" + kId + ".scope",
         ContainerRuntime::Docker, kId, ""},
        {"docker, systemd, v1", "4:cpu,cpuacct:/system.slice/docker-" + kId + ".scope",
         ContainerRuntime::Docker, kId, ""},
        {"docker, record entry", "cpu=/docker/" + kId, ContainerRuntime::Docker, kId, ""},
        {"systemd inside a docker container", "0::/docker/" + kId + "/system.slice/cron.service",
         ContainerRuntime::Docker, kId, ""},
        {"docker in docker: the inner one", "0::/docker/" + kId2 + "/docker/" + kId,
         ContainerRuntime::Docker, kId, ""},
        {"kubernetes containerd, systemd, burstable",
         "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + kPodUnderscores +
             ".slice/cri-containerd-" + kId + ".scope",
         ContainerRuntime::Containerd, kId, kPodUnderscores},
        {"kubernetes containerd, systemd, guaranteed",
         "0::/kubepods.slice/kubepods-pod" + kPodUnderscores + ".slice/cri-containerd-" + kId +
             ".scope",
         ContainerRuntime::Containerd, kId, kPodUnderscores},
        {"kubernetes, cgroupfs, besteffort, v2",
         "0::/kubepods/besteffort/pod" + kPodDashes + "/" + kId, ContainerRuntime::Kubernetes, kId,
         kPodDashes},
        {"kubernetes, cgroupfs, burstable, v1",
         "7:memory:/kubepods/burstable/pod" + kPodDashes + "/" + kId, ContainerRuntime::Kubernetes,
         kId, kPodDashes},
        {"kubernetes, cgroupfs, guaranteed", "3:pids:/kubepods/pod" + kPodDashes + "/" + kId,
         ContainerRuntime::Kubernetes, kId, kPodDashes},
        {"containerd, systemd cgroup names under cgroupfs",
         "0::/system.slice/containerd.service/kubepods-burstable-pod" + kPodUnderscores +
             ".slice:cri-containerd:" + kId,
         ContainerRuntime::Containerd, kId, kPodUnderscores},
        {"cri-o, systemd",
         "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + kPodUnderscores +
             ".slice/crio-" + kId + ".scope",
         ContainerRuntime::CriO, kId, kPodUnderscores},
        {"cri-o monitor is not the container",
         "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + kPodUnderscores +
             ".slice/crio-conmon-" + kId + ".scope",
         ContainerRuntime::Host, "", ""},
        {"podman, rootful", "0::/machine.slice/libpod-" + kId + ".scope", ContainerRuntime::Podman,
         kId, ""},
        {"podman, split cgroups", "0::/machine.slice/libpod-" + kId + ".scope/container",
         ContainerRuntime::Podman, kId, ""},
        {"podman, rootless",
         "0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + kId + ".scope",
         ContainerRuntime::Podman, kId, ""},
        {"podman, cgroupfs", "0::/libpod_parent/libpod-" + kId, ContainerRuntime::Podman, kId, ""},
        {"podman monitor is not the container", "0::/machine.slice/libpod-conmon-" + kId + ".scope",
         ContainerRuntime::Host, "", ""},
        {"an unknown runtime's 64-hex cgroup", "0::/actions_job/" + kId, ContainerRuntime::Unknown,
         kId, ""},
        {"host: root", "0::/", ContainerRuntime::Host, "", ""},
        {"host: login session", "0::/user.slice/user-0.slice/session-3.scope",
         ContainerRuntime::Host, "", ""},
        {"host: a service", "1:name=systemd:/system.slice/ssh.service", ContainerRuntime::Host, "",
         ""},
        {"host: this machine's 32-hex memory cgroups",
         "4:memory:/process_api/d96d1201a7585395de796d6edd7bbb04", ContainerRuntime::Host, "", ""},
        {"host: 63 hex digits", "0::/docker/" + kId.substr(1), ContainerRuntime::Host, "", ""},
        {"host: upper-case hex",
         "0::/docker/3F2B8A1C9D7E6F5A4B3C2D1E0F9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C4D3E2F1A",
         ContainerRuntime::Host, "", ""},
        {"host: a scope with a short id", "0::/system.slice/docker-abc123.scope",
         ContainerRuntime::Host, "", ""},
    };
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_layout) {
    for (const Layout& l : layouts()) {
        BOOST_TEST_CONTEXT(l.what << ": " << l.cgroup) {
            const ContainerMatch m = match_cgroups(l.cgroup);
            BOOST_TEST(runtime_name(m.runtime) == runtime_name(l.runtime));
            BOOST_TEST(std::string(m.full_id) == l.id);
            BOOST_TEST(std::string(m.pod_uid) == l.pod);
        }
    }
}

BOOST_AUTO_TEST_CASE(whole_cgroup_files_and_record_lists) {
    // A hybrid v1 host process, as this machine has them: no container.
    const std::string host =
        "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/97460d7fd3fcb98463ab909bfab80684\n"
        "1:cpu:/\n0::/\n";
    BOOST_TEST(match_cgroups(host).runtime == ContainerRuntime::Host);
    // The first hierarchy naming a container decides.
    const std::string docker = "12:pids:/\n11:memory:/docker/" + kId + "\n0::/\n";
    BOOST_TEST(match_cgroups(docker).full_id == kId);
    // Record encoding: NUL-separated SUBSYS=PATH.
    const std::string list = std::string("cpuset=/") + '\0' + "cpu=/system.slice/docker-" + kId +
                             ".scope" + '\0' + "memory=/" + '\0';
    const ContainerMatch m = match_cgroups(list);
    BOOST_TEST(m.full_id == kId);
    BOOST_TEST(m.runtime == ContainerRuntime::Docker);
    BOOST_TEST(match_cgroups("").runtime == ContainerRuntime::Host);
    BOOST_TEST(match_cgroups(std::string("garbage\0=\0::::", 14)).runtime ==
               ContainerRuntime::Host);
}

BOOST_AUTO_TEST_CASE(table_interns_and_releases) {
    ContainerTable table;
    BOOST_TEST(table.host()->id == "host");
    const ContainerInfo* a = table.acquire(match_cgroup_path("/docker/" + kId));
    const ContainerInfo* b =
        table.acquire(match_cgroup_path("/system.slice/docker-" + kId + ".scope"));
    BOOST_TEST(a == b);
    BOOST_TEST(a->id == kId.substr(0, 12));
    BOOST_TEST(a->full_id == kId);
    BOOST_TEST(table.find(kId.substr(0, 12)) == a);
    BOOST_TEST(table.find(kId) == a);
    const ContainerInfo* pod =
        table.acquire(match_cgroup_path("/kubepods/besteffort/pod" + kPodDashes + "/" + kId2));
    BOOST_TEST(pod->pod_uid == kPodDashes);
    const ContainerInfo* pod2 =
        table.acquire(match_cgroup_path("/kubepods.slice/kubepods-pod" + kPodUnderscores +
                                        ".slice/cri-containerd-" + kId2 + ".scope"));
    BOOST_TEST(pod2 == pod);
    BOOST_TEST(table.size() == 2u);
    table.release(a);
    BOOST_TEST(table.find(kId) == b);
    table.release(b);
    BOOST_TEST(table.find(kId) == nullptr);
    BOOST_TEST(table.size() == 1u);
    BOOST_TEST(table.acquire_id("") == table.host());
    BOOST_TEST(table.acquire_id("not-an-id") == table.host());
    BOOST_TEST(table.acquire_id(kId2) == pod);
}

BOOST_AUTO_TEST_CASE(tracker_assigns_and_forgets_containers) {
    StateTracker tracker(hermetic_config());
    Feed feed(tracker);
    ProcSpec shim;
    shim.tid = shim.pid = 10;
    shim.ptid = 1;
    shim.cgroups = {"cpu=/system.slice/containerd.service",
                    "memory=/system.slice/containerd.service"};
    feed(threadinfo(shim));
    BOOST_TEST(tracker.process(10)->container->id == "host");
    BOOST_TEST(!tracker.process(10)->in_container());

    // The shim's child joins the container's cgroup and execs in it.
    ProcSpec child = shim;
    child.tid = child.pid = 20;
    child.ptid = 10;
    feed(clone_record("clone", 20, 20, 0, SIGCHLD, child));
    child.cgroups = {"cpu=/kubepods/besteffort/pod" + kPodDashes + "/" + kId,
                     "memory=/kubepods/besteffort/pod" + kPodDashes + "/" + kId};
    child.exe = "/bin/sh";
    auto ctx = feed(execve_record(20, 20, 0, child));
    BOOST_TEST(ctx.process->container->id == kId.substr(0, 12));
    BOOST_TEST(ctx.process->container->pod_uid == kPodDashes);
    BOOST_TEST(ctx.process->in_container());
    // Its children share the entry.
    ProcSpec grandchild = child;
    grandchild.tid = grandchild.pid = 30;
    grandchild.ptid = 20;
    ctx = feed(clone_record("fork", 30, 30, 0, SIGCHLD, grandchild));
    BOOST_TEST(ctx.process->container == tracker.process(20)->container);
    BOOST_TEST(ctx.process->container->refs == 2u);
    BOOST_TEST(tracker.container(kId.substr(0, 12)) != nullptr);

    // A capture may name the container without cgroups.
    ProcSpec named = shim;
    named.tid = named.pid = 40;
    named.cgroups.clear();
    auto rec = threadinfo(named);
    rec.set("container_id", kId2);
    ctx = feed(rec);
    BOOST_TEST(ctx.process->container->full_id == kId2);

    feed(procexit(30, 30));
    feed(procexit(20, 20));
    tracker.flush();
    BOOST_TEST(tracker.container(kId) == nullptr);
    BOOST_TEST(tracker.counters().containers == 1u);
}
