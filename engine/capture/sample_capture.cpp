#include "capture/sample_capture.h"

#include <fcntl.h>

#include <cerrno>

namespace lanner::capture {

SyntheticCapture sample_capture() {
    constexpr uint32_t kPts0 = 34816;  // /dev/pts/0: major 136, minor 0
    const std::string nginx_id = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";

    SyntheticCapture cap;
    cap.add_standard_accounts();
    cap.add_user(1000, "alice", 1000, "/home/alice", "/bin/bash");
    cap.add_group(1000, "alice");

    cap.add_thread(SyntheticThread(1, "/usr/lib/systemd/systemd").ptid(0).comm("systemd"));
    cap.add_thread(SyntheticThread(812, "/usr/sbin/sshd").args({"-D"}));
    cap.add_thread(
        SyntheticThread(1500, "/usr/bin/bash").ptid(812).cwd("/root").loginuid(1000).tty(kPts0));
    cap.add_std_fds(1500);
    cap.add_thread(SyntheticThread(2100, "/usr/bin/containerd-shim-runc-v2")
                       .args({"-namespace", "moby", "-id", nginx_id}));
    cap.add_thread(SyntheticThread(2200, "/usr/sbin/nginx")
                       .ptid(2100)
                       .args({"-g", "daemon off;"})
                       .container(nginx_id)
                       .namespace_ids(1, 1));
    cap.add_fd(2200, 4, "/var/log/nginx/access.log", LN_FD_FILE, O_WRONLY | O_APPEND);

    // A root shell reads /etc/shadow through cat.
    cap.advance(250'000'000);
    cap.spawn(1500, 1600, "/usr/bin/cat", {"/etc/shadow"});
    cap.open(1600, "/etc/shadow", 3);
    cap.event("close", 1600).set("res", int64_t{0}).set("fd", int64_t{3});
    cap.exit(1600);

    // Someone opens an interactive shell in the nginx container; it fails to
    // read a file, then connects out.
    cap.advance(1'500'000'000);
    cap.spawn(2200, 2300, "/bin/sh", {"-i"}).set("tty", kPts0);
    cap.open(2300, "/root/.ssh/id_rsa", -ENOENT);
    cap.connect(2300, 5, "93.184.216.34", 443);
    cap.advance(3'000'000'000);
    cap.exit(2300);
    return cap;
}

}  // namespace lanner::capture
