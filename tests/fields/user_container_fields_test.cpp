// user.*, group.*, container.* and k8s.*: names from passwd/group files and
// from a capture's state section, container ids and runtimes from cgroup
// paths, metadata once a runtime reports it.
#define BOOST_TEST_MODULE user_container_fields
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "field_replay.h"

using namespace lanner;
using namespace lanner::capture;
using lanner::test::FieldReplay;

namespace {

// passwd and group files in a temporary directory, removed afterwards.
struct AccountFiles {
    std::filesystem::path dir;
    AccountFiles() {
        dir = std::filesystem::temp_directory_path() /
              ("lanner-fields-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "passwd") << "root:x:0:0:root:/root:/bin/bash\n"
                                         "alice:x:1000:1000:Alice:/home/alice:/bin/zsh\n"
                                         "bob:x:1001:100:Bob:/home/bob:/bin/sh\n";
        std::ofstream(dir / "group") << "root:x:0:\nalice:x:1000:\nusers:x:100:bob\n";
    }
    ~AccountFiles() { std::filesystem::remove_all(dir); }
    state::StateConfig config() const {
        state::StateConfig c;
        c.passwd_path = (dir / "passwd").string();
        c.group_path = (dir / "group").string();
        return c;
    }
};

const std::string kId = "3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

}  // namespace

BOOST_AUTO_TEST_CASE(users_and_groups_from_passwd_and_group_files) {
    AccountFiles files;
    SyntheticCapture cap;  // no userinfo records: the tracker keeps the files' names
    cap.add_thread(SyntheticThread(10, "/usr/bin/vim").uid(1000).gid(1000).loginuid(1001));
    cap.add_thread(SyntheticThread(20, "/usr/bin/id").uid(4242).gid(4242));
    cap.add_thread(SyntheticThread(30, "/bin/sh"));  // root
    cap.open(10, "/home/alice/.ssh/id_rsa", 3);
    cap.open(20, "/tmp/x", 3);
    cap.open(30, "/tmp/y", 3);
    cap.event("setuid", 30).set("res", int64_t{0}).set("uid", uint64_t{1001});
    FieldReplay r(cap, files.config());
    r.to_event(1);
    BOOST_TEST(r.text("user.uid") == "1000");
    BOOST_TEST(r.text("user.name") == "alice");
    BOOST_TEST(r.text("user.homedir") == "/home/alice");
    BOOST_TEST(r.text("user.shell") == "/bin/zsh");
    BOOST_TEST(r.text("user.loginuid") == "1001");
    BOOST_TEST(r.text("user.loginname") == "bob");
    BOOST_TEST(r.text("group.gid") == "1000");
    BOOST_TEST(r.text("group.name") == "alice");
    BOOST_TEST(r.holds("user.name = alice and not user.name in (root, bob)"));
    BOOST_TEST(r.holds("fd.name startswith /home and fd.name contains .ssh"));
    r.to_event(2);  // ids nobody names
    BOOST_TEST(r.text("user.uid") == "4242");
    BOOST_TEST(r.absent("user.name"));
    BOOST_TEST(r.absent("user.homedir"));
    BOOST_TEST(r.absent("group.name"));
    BOOST_TEST(r.text("user.loginuid") == "-1");
    BOOST_TEST(r.absent("user.loginname"));
    BOOST_TEST(!r.holds("user.name = root"));
    r.to_event(3);
    BOOST_TEST(r.text("user.name") == "root");
    BOOST_TEST(r.text("group.name") == "root");
    r.to_event(4);  // setuid(1001)
    BOOST_TEST(r.text("user.name") == "bob");
    BOOST_TEST(r.text("evt.arg.uid") == "bob");
    BOOST_TEST(r.text("group.name") == "root");
}

BOOST_AUTO_TEST_CASE(users_from_a_capture_replace_the_host_files) {
    AccountFiles files;
    SyntheticCapture cap;
    cap.add_user(1000, "carol", 1000, "/home/carol", "/bin/fish");
    cap.add_group(1000, "staff");
    cap.add_thread(SyntheticThread(10, "/bin/ls").uid(1000).gid(1000));
    cap.open(10, "/tmp", 3, O_RDONLY | O_DIRECTORY);
    FieldReplay r(cap, files.config());
    r.to_event(1);
    BOOST_TEST(r.text("user.name") == "carol");
    BOOST_TEST(r.text("user.shell") == "/bin/fish");
    BOOST_TEST(r.text("group.name") == "staff");
    BOOST_TEST(r.text("fd.type") == "directory");
    BOOST_TEST(r.text("fd.typechar") == "d");
    BOOST_TEST(r.text("fd.directory") == "/tmp");
}

BOOST_AUTO_TEST_CASE(host_processes) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(10, "/usr/sbin/cron"));
    cap.open(10, "/etc/crontab", 3);
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("container.id") == "host");
    BOOST_TEST(r.text("container.full_id") == "host");
    BOOST_TEST(r.text("container.name") == "host");
    BOOST_TEST(r.text("container.type") == "host");
    for (const char* f :
         {"container.image", "container.image.repository", "container.privileged",
          "container.mounts", "container.start_ts", "k8s.ns.name", "k8s.pod.name", "k8s.pod.uid"})
        BOOST_TEST(r.absent(f), f << " is absent");
    BOOST_TEST(r.text("proc.is_container_healthcheck") == "false");
    BOOST_TEST(r.holds("container.id = host"));
    BOOST_TEST(!r.holds("container.id != host"));
}

BOOST_AUTO_TEST_CASE(a_process_in_a_docker_container) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(10, "/usr/sbin/nginx").container(kId));
    cap.spawn(10, 11, "/bin/sh", {"-c", "id"});
    const size_t exec = cap.event_records();
    FieldReplay r(cap);
    r.to_event(exec);
    BOOST_TEST(r.text("container.id") == kId.substr(0, 12));
    BOOST_TEST(r.text("container.full_id") == kId);
    BOOST_TEST(r.text("container.type") == "docker");
    BOOST_TEST(r.text("fd.containername") == "<NA>");  // an exec has no fd
    // What only the runtime knows is absent until it says so.
    for (const char* f : {"container.name", "container.image", "container.image.tag",
                          "container.privileged", "container.mounts", "container.healthcheck",
                          "container.mount[0]", "container.mount.dest[/etc]", "k8s.pod.name"})
        BOOST_TEST(r.absent(f), f << " is absent");
    BOOST_TEST(r.absent("proc.is_container_healthcheck"));
    BOOST_TEST(r.text("container.start_ts") != "<NA>");
    BOOST_TEST(r.holds("container.id != host and proc.name = sh and proc.pname = nginx"));
    BOOST_TEST(!r.holds("container.privileged = true"));

    state::ContainerMetadata meta;
    meta.known = true;
    meta.name = "web";
    meta.image = "docker.io/library/nginx:1.25";
    meta.image_repository = "docker.io/library/nginx";
    meta.image_tag = "1.25";
    meta.privileged = true;
    meta.mounts = {{"/var/run/docker.sock", "/var/run/docker.sock", "", true, "rprivate"},
                   {"/srv/www", "/usr/share/nginx/html", "ro", false, "rprivate"}};
    meta.healthcheck = "/bin/sh -c curl -f http://localhost/";
    BOOST_REQUIRE(r.tracker().set_container_metadata(kId.substr(0, 12), meta));
    BOOST_TEST(r.text("container.name") == "web");
    BOOST_TEST(r.text("container.image") == "docker.io/library/nginx:1.25");
    BOOST_TEST(r.text("container.image.repository") == "docker.io/library/nginx");
    BOOST_TEST(r.text("container.image.tag") == "1.25");
    BOOST_TEST(r.absent("container.image.digest"));
    BOOST_TEST(r.text("container.privileged") == "true");
    BOOST_TEST(r.text("container.mounts") ==
               "/var/run/docker.sock:/var/run/docker.sock::true:rprivate,"
               "/srv/www:/usr/share/nginx/html:ro:false:rprivate");
    BOOST_TEST(r.text("container.mount[1]") == "/srv/www:/usr/share/nginx/html:ro:false:rprivate");
    BOOST_TEST(r.text("container.mount.dest[/var/run/*]") == "/var/run/docker.sock");
    BOOST_TEST(r.text("container.mount.source[/usr/share/*]") == "/srv/www");
    BOOST_TEST(r.text("container.mount.rdwr[/srv/www]") == "false");
    BOOST_TEST(r.absent("container.mount.dest[/proc*]"));
    BOOST_TEST(r.absent("container.mount[7]"));
    BOOST_TEST(r.text("container.healthcheck") == "/bin/sh -c curl -f http://localhost/");
    BOOST_TEST(r.text("container.liveness_probe") == "NONE");
    BOOST_TEST(r.text("proc.is_container_healthcheck") == "false");
    BOOST_TEST(
        r.holds("container.privileged = true and container.image.repository endswith nginx"));
}

BOOST_AUTO_TEST_CASE(a_container_health_check_process) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(10, "/usr/bin/containerd-shim").container(kId));
    cap.spawn(10, 11, "/bin/sh", {"-c", "curl -f http://localhost/"});
    cap.spawn(11, 12, "/usr/bin/curl", {"-f", "http://localhost/"});
    FieldReplay r(cap);
    r.to_event(cap.event_records());
    state::ContainerMetadata meta;
    meta.known = true;
    meta.healthcheck = "/bin/sh -c curl -f http://localhost/";
    BOOST_REQUIRE(r.tracker().set_container_metadata(kId, meta));
    BOOST_TEST(r.text("proc.name") == "curl");
    BOOST_TEST(r.text("proc.is_container_healthcheck") == "true");  // started by the check
    BOOST_TEST(r.text("proc.is_container_liveness_probe") == "false");
}

BOOST_AUTO_TEST_CASE(a_kubernetes_pod_from_its_cgroup) {
    const std::string pod = "1234abcd_ef56_7890_abcd_ef1234567890";
    const std::string path = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" +
                             pod + ".slice/cri-containerd-" + kId + ".scope";
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(10, "/pause").cgroups({"cpu=" + path, "memory=" + path}));
    cap.open(10, "/etc/resolv.conf", 3);
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("container.id") == kId.substr(0, 12));
    BOOST_TEST(r.text("container.type") == "containerd");
    BOOST_TEST(r.text("k8s.pod.uid") == "1234abcd-ef56-7890-abcd-ef1234567890");
    BOOST_TEST(r.text("k8s.pod.id") == "1234abcd-ef56-7890-abcd-ef1234567890");
    BOOST_TEST(r.absent("k8s.pod.name"));
    BOOST_TEST(r.absent("k8s.ns.name"));
    BOOST_TEST(r.absent("k8s.pod.label[app]"));
    BOOST_TEST(r.text("thread.cgroups") == "cpu=" + path + " memory=" + path);

    state::ContainerMetadata meta;
    meta.known = true;
    meta.pod_name = "coredns-5d78c9869d-abcde";
    meta.pod_namespace = "kube-system";
    meta.pod_sandbox_id = kId;
    meta.pod_labels = {{"k8s-app", "kube-dns"}, {"tier", "control"}};
    BOOST_REQUIRE(r.tracker().set_container_metadata(kId, meta));
    BOOST_TEST(r.text("k8s.pod.name") == "coredns-5d78c9869d-abcde");
    BOOST_TEST(r.text("k8s.ns.name") == "kube-system");
    BOOST_TEST(r.text("k8s.pod.label[k8s-app]") == "kube-dns");
    BOOST_TEST(r.text("k8s.pod.labels") == "k8s-app:kube-dns,tier:control");
    BOOST_TEST(r.text("k8s.pod.sandbox_id") == kId.substr(0, 12));
    BOOST_TEST(r.holds("k8s.ns.name = kube-system and k8s.pod.name startswith coredns"));
}
