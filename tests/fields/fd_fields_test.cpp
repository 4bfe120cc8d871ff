// fd.* and fs.path.* on replayed synthetic captures: files (relative opens,
// failed opens), TCP client and server sockets (addresses, ports, roles,
// network membership), unix sockets, pipes, fd type lists, and the paths
// of mkdir, rename, link, symlink and fchmod.
#define BOOST_TEST_MODULE fd_fields
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "event/sockaddr.h"
#include "field_replay.h"

using namespace lanner;
using namespace lanner::capture;
using lanner::test::FieldReplay;

BOOST_AUTO_TEST_CASE(an_open_of_etc_shadow) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(10, "/usr/bin/cat").cwd("/etc").uid(1000));
    cap.open(10, "shadow", 3);  // relative to the cwd
    const size_t open = cap.event_records();
    cap.open(10, "/etc//gshadow", -13);  // EACCES
    const size_t failed = cap.event_records();
    FieldReplay r(cap);
    r.to_event(open);
    BOOST_TEST(r.text("fd.num") == "3");
    BOOST_TEST(r.text("fd.name") == "/etc/shadow");
    BOOST_TEST(r.text("fd.nameraw") == "shadow");
    BOOST_TEST(r.text("fd.directory") == "/etc");
    BOOST_TEST(r.text("fd.filename") == "shadow");
    BOOST_TEST(r.text("fd.typechar") == "f");
    BOOST_TEST(r.text("fd.type") == "file");
    BOOST_TEST(r.text("fd.ino") != "0");
    BOOST_TEST(r.text("fd.dev") == std::to_string(0x800001));
    BOOST_TEST(r.text("fd.dev.major") == "8");
    BOOST_TEST(r.text("fd.dev.minor") == "1");
    BOOST_TEST(r.text("fd.containername") == "host:/etc/shadow");
    BOOST_TEST(r.text("evt.is_open_read") == "true");
    BOOST_TEST(r.text("evt.arg.name") == "/etc/shadow");  // resolved against the cwd
    BOOST_TEST(r.text("evt.arg.fd") == "<f>/etc/shadow");
    BOOST_TEST(r.text("fs.path.name") == "/etc/shadow");
    BOOST_TEST(r.text("fs.path.nameraw") == "shadow");
    BOOST_TEST(r.absent("fd.sip"));
    BOOST_TEST(r.absent("fd.l4proto"));
    BOOST_TEST(r.text("fd.is_server") == "false");
    BOOST_TEST(r.text("fd.connected") == "false");
    BOOST_TEST(
        r.holds("evt.type in (open, openat) and evt.is_open_read = true and "
                "fd.typechar = f and fd.num >= 0 and fd.name in (/etc/shadow)"));
    BOOST_TEST(r.holds("fd.directory = /etc and fd.filename startswith sha"));

    // A failed open still says what it tried to open.
    r.to_event(failed);
    BOOST_TEST(r.text("evt.res") == "EACCES");
    BOOST_TEST(r.text("fd.num") == "-13");
    BOOST_TEST(r.text("fd.name") == "/etc/gshadow");
    BOOST_TEST(r.text("fd.nameraw") == "/etc/gshadow");  // repeated '/' collapsed
    BOOST_TEST(r.text("fd.directory") == "/etc");
    BOOST_TEST(r.text("fd.typechar") == "f");
    BOOST_TEST(r.absent("fd.filename"));
    BOOST_TEST(r.absent("fd.type"));
    BOOST_TEST(r.absent("fs.path.name"));  // only successful calls act on a path
    BOOST_TEST(!r.holds("fd.num >= 0"));
}

BOOST_AUTO_TEST_CASE(opens_relative_to_a_directory_fd) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(11, "/usr/bin/find").cwd("/"));
    cap.add_fd(11, 7, "/var/lib/app", LN_FD_DIRECTORY, O_RDONLY | O_DIRECTORY);
    cap.open(11, "x", 3).set("dirfd", int64_t{7}).set("name", "../app/./data/../db.sqlite");
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("fd.name") == "/var/lib/app/db.sqlite");
    BOOST_TEST(r.text("fd.nameraw") == "../app/./data/../db.sqlite");
    BOOST_TEST(r.holds("fd.nameraw contains '../' and fd.nameraw glob '*../*../*'"));
    BOOST_TEST(r.text("evt.arg.dirfd") == "<d>/var/lib/app");
    BOOST_TEST(r.text("evt.arg.name") == "/var/lib/app/db.sqlite");
}

BOOST_AUTO_TEST_CASE(a_tcp_connect) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(20, "/usr/bin/curl"));
    cap.event("socket", 20)
        .set("fd", int64_t{4})
        .set("domain", int64_t{AF_INET})
        .set("type", uint64_t{SOCK_STREAM})
        .set("proto", uint64_t{0});
    cap.connect(20, 4, "93.184.216.34", 443);  // from 10.0.0.1:40000
    const size_t connect = cap.event_records();
    cap.connect(20, 5, "10.9.9.9", 22, -ECONNREFUSED);  // an fd never seen
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("fd.type") == "ipv4");
    BOOST_TEST(r.text("fd.name") == "");
    BOOST_TEST(r.text("fd.l4proto") == "tcp");
    BOOST_TEST(r.absent("fd.sip"));  // not connected yet
    BOOST_TEST(r.text("fd.name_changed") == "false");
    r.to_event(connect);
    BOOST_TEST(r.text("fd.name") == "10.0.0.1:40000->93.184.216.34:443");
    BOOST_TEST(r.text("fd.typechar") == "4");
    BOOST_TEST(r.text("fd.sockfamily") == "ip");
    BOOST_TEST(r.text("fd.sip") == "93.184.216.34");
    BOOST_TEST(r.text("fd.sport") == "443");
    BOOST_TEST(r.text("fd.cip") == "10.0.0.1");
    BOOST_TEST(r.text("fd.cport") == "40000");
    BOOST_TEST(r.text("fd.lip") == "10.0.0.1");
    BOOST_TEST(r.text("fd.lport") == "40000");
    BOOST_TEST(r.text("fd.rip") == "93.184.216.34");
    BOOST_TEST(r.text("fd.rport") == "443");
    BOOST_TEST(r.text("fd.is_server") == "false");
    BOOST_TEST(r.text("fd.connected") == "true");
    BOOST_TEST(r.text("fd.name_changed") == "true");
    BOOST_TEST(r.text("fd.ip") == "10.0.0.1, 93.184.216.34");
    BOOST_TEST(r.text("fd.port") == "40000, 443");
    BOOST_TEST(r.text("evt.arg.fd") == "<4t>10.0.0.1:40000->93.184.216.34:443");
    BOOST_TEST(r.absent("fd.sip.name"));  // no DNS

    BOOST_TEST(r.holds("fd.net = 93.184.216.0/24"));
    BOOST_TEST(r.holds("fd.snet = 93.184.216.0/24"));
    BOOST_TEST(r.holds("fd.rnet in (192.168.0.0/16, 93.184.0.0/16)"));
    BOOST_TEST(!r.holds("fd.cnet = 93.184.216.0/24"));
    BOOST_TEST(r.holds("fd.lnet = 10.0.0.0/8"));
    BOOST_TEST(r.holds("fd.net != 127.0.0.0/8"));
    BOOST_TEST(r.holds("not fd.snet in (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)"));
    // Either end: '=' holds for one end, '!=' only when neither end matches.
    BOOST_TEST(r.holds("fd.ip = 10.0.0.1"));
    BOOST_TEST(!r.holds("fd.ip != 10.0.0.1"));
    BOOST_TEST(r.holds("fd.ip != \"0.0.0.0\""));
    BOOST_TEST(r.holds("fd.port = 443"));
    BOOST_TEST(!r.holds("fd.port != 443"));
    BOOST_TEST(r.holds("fd.port != 80"));
    BOOST_TEST(r.holds("fd.port in (22, 443)"));
    BOOST_TEST(r.holds("fd.sport > 442 and fd.rport < 444"));

    // A refused connect on an fd the tracker never saw: what it tried to reach.
    r.to_event(connect + 1);
    BOOST_TEST(r.text("evt.res") == "ECONNREFUSED");
    BOOST_TEST(r.text("fd.num") == "5");
    BOOST_TEST(r.text("fd.name") == "10.0.0.1:40001->10.9.9.9:22");
}

BOOST_AUTO_TEST_CASE(a_tcp_server) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(30, "/usr/sbin/nginx"));
    cap.event("socket", 30)
        .set("fd", int64_t{3})
        .set("domain", int64_t{AF_INET})
        .set("type", uint64_t{SOCK_STREAM})
        .set("proto", uint64_t{0});
    cap.event("bind", 30)
        .set("res", int64_t{0})
        .set_bytes("addr", inet_sockaddr("0.0.0.0", 8080))
        .set("fd", int64_t{3});
    const size_t bind = cap.event_records();
    cap.event("listen", 30).set("res", int64_t{0}).set("fd", int64_t{3}).set("backlog", 10);
    cap.event("accept4", 30)
        .set("fd", int64_t{4})
        .set_bytes("tuple", inet_tuple("198.51.100.7", 5555, "10.0.0.2", 8080))
        .set("listen_fd", int64_t{3})
        .set("flags", uint64_t{0});
    const size_t accept = cap.event_records();
    FieldReplay r(cap);
    r.to_event(bind);
    BOOST_TEST(r.text("fd.name") == "0.0.0.0:8080");
    BOOST_TEST(r.text("fd.sip") == "0.0.0.0");
    BOOST_TEST(r.text("fd.sport") == "8080");
    BOOST_TEST(r.absent("fd.cip"));
    BOOST_TEST(r.absent("fd.cport"));
    BOOST_TEST(r.text("fd.lport") == "8080");
    BOOST_TEST(r.absent("fd.rport"));
    BOOST_TEST(r.text("fd.is_server") == "true");
    BOOST_TEST(r.text("fd.name_changed") == "true");
    BOOST_TEST(r.holds("fd.ip = \"0.0.0.0\""));
    BOOST_TEST(!r.holds("fd.ip != \"0.0.0.0\""));
    r.to_event(accept);
    BOOST_TEST(r.text("fd.num") == "4");
    BOOST_TEST(r.text("fd.name") == "198.51.100.7:5555->10.0.0.2:8080");
    BOOST_TEST(r.text("fd.is_server") == "true");
    BOOST_TEST(r.text("fd.cip") == "198.51.100.7");
    BOOST_TEST(r.text("fd.sip") == "10.0.0.2");
    BOOST_TEST(r.text("fd.lip") == "10.0.0.2");
    BOOST_TEST(r.text("fd.lport") == "8080");
    BOOST_TEST(r.text("fd.rip") == "198.51.100.7");
    BOOST_TEST(r.text("fd.rport") == "5555");
    BOOST_TEST(r.text("fd.l4proto") == "tcp");
    BOOST_TEST(r.text("evt.arg.listen_fd") == "<4t>0.0.0.0:8080");
    BOOST_TEST(r.text("fd.types") == "ipv4");
}

BOOST_AUTO_TEST_CASE(a_unix_socket) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(40, "/usr/bin/docker"));
    cap.event("socket", 40)
        .set("fd", int64_t{3})
        .set("domain", int64_t{AF_UNIX})
        .set("type", uint64_t{SOCK_STREAM})
        .set("proto", uint64_t{0});
    SockTuple t;
    t.family = LN_AF_UNIX;
    t.unix_source = 0xffff9a01;
    t.unix_peer = 0xffff9a02;
    t.unix_path = "/run/docker.sock";
    cap.event("connect", 40)
        .set("res", int64_t{0})
        .set_bytes("tuple", encode_socktuple(t))
        .set("fd", int64_t{3})
        .set_bytes("addr", unix_sockaddr("/run/docker.sock"));
    FieldReplay r(cap);
    r.to_event(2);
    BOOST_TEST(r.text("fd.type") == "unix");
    BOOST_TEST(r.text("fd.typechar") == "u");
    BOOST_TEST(r.text("fd.sockfamily") == "unix");
    BOOST_TEST(r.text("fd.name") == "ffff9a01->ffff9a02 /run/docker.sock");
    BOOST_TEST(r.text("fd.connected") == "true");
    BOOST_TEST(r.text("fd.is_server") == "false");
    BOOST_TEST(r.absent("fd.sip"));
    BOOST_TEST(r.absent("fd.l4proto"));
    BOOST_TEST(r.absent("fd.directory"));
    BOOST_TEST(r.text("evt.arg.fd") == "<u>ffff9a01->ffff9a02 /run/docker.sock");
    BOOST_TEST(r.holds("fd.name endswith docker.sock"));
}

BOOST_AUTO_TEST_CASE(a_pipe) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(50, "/bin/bash"));
    cap.add_fd(50, 0, "/dev/pts/1");
    cap.event("pipe2", 50)
        .set("res", int64_t{0})
        .set("fd1", int64_t{3})
        .set("fd2", int64_t{4})
        .set("ino", uint64_t{777})
        .set("flags", uint64_t{O_CLOEXEC});
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("fd.num") == "3");
    BOOST_TEST(r.text("fd.type") == "pipe");
    BOOST_TEST(r.text("fd.typechar") == "p");
    BOOST_TEST(r.text("fd.name") == "pipe:[777]");
    BOOST_TEST(r.text("fd.ino") == "777");
    BOOST_TEST(r.absent("fd.directory"));
    BOOST_TEST(r.absent("fd.filename"));
    BOOST_TEST(r.absent("fd.sockfamily"));
    BOOST_TEST(r.text("fd.types") == "file, pipe");
    BOOST_TEST(r.text("fd.types[4]") == "pipe");
    BOOST_TEST(r.text("fd.types[0]") == "file");
    BOOST_TEST(r.absent("fd.types[9]"));
    BOOST_TEST(r.holds("fd.types intersects (pipe, ipv4)"));
    BOOST_TEST(!r.holds("fd.types in (pipe)"));
    BOOST_TEST(r.holds("fd.types in (pipe, file)"));
    BOOST_TEST(r.holds("fd.types[4] in (pipe)"));
}

BOOST_AUTO_TEST_CASE(paths_of_file_system_calls) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(60, "/bin/sh").cwd("/home/u"));
    cap.add_fd(60, 5, "/srv", LN_FD_DIRECTORY, O_RDONLY | O_DIRECTORY);
    cap.add_fd(60, 6, "/home/u/notes.txt");
    cap.event("mkdirat", 60)
        .set("res", int64_t{0})
        .set("dirfd", int64_t{5})
        .set("path", "new/../dir")
        .set("mode", uint64_t{0755});
    cap.event("rename", 60)
        .set("res", int64_t{0})
        .set("oldpath", "a.txt")
        .set("newpath", "/tmp/b.txt");
    cap.event("linkat", 60)
        .set("res", int64_t{0})
        .set("olddir", int64_t{-100})
        .set("oldpath", "/etc/shadow")
        .set("newdir", int64_t{5})
        .set("newpath", "copy")
        .set("flags", uint64_t{0});
    cap.event("symlinkat", 60)
        .set("res", int64_t{0})
        .set("target", "../etc/passwd")
        .set("linkdirfd", int64_t{-100})
        .set("linkpath", "pw");
    cap.event("fchmod", 60)
        .set("res", int64_t{0})
        .set("fd", int64_t{6})
        .set("mode", uint64_t{0777});
    cap.event("unlinkat", 60)
        .set("res", int64_t{-2})
        .set("dirfd", int64_t{-100})
        .set("name", "gone")
        .set("flags", uint64_t{0});
    FieldReplay r(cap);
    r.to_event(1);
    BOOST_TEST(r.text("fs.path.name") == "/srv/dir");
    BOOST_TEST(r.text("fs.path.nameraw") == "new/../dir");
    BOOST_TEST(r.absent("fs.path.source"));
    BOOST_TEST(r.absent("fd.name"));  // mkdirat's dirfd is not the fd the event is about
    r.to_event(2);
    BOOST_TEST(r.text("fs.path.source") == "/home/u/a.txt");
    BOOST_TEST(r.text("fs.path.sourceraw") == "a.txt");
    BOOST_TEST(r.text("fs.path.target") == "/tmp/b.txt");
    BOOST_TEST(r.absent("fs.path.name"));
    r.to_event(3);
    BOOST_TEST(r.text("fs.path.source") == "/srv/copy");  // the new link
    BOOST_TEST(r.text("fs.path.target") == "/etc/shadow");
    r.to_event(4);
    BOOST_TEST(r.text("fs.path.source") == "/home/u/pw");
    BOOST_TEST(r.text("fs.path.target") == "../etc/passwd");  // a link's content, as given
    BOOST_TEST(r.text("fs.path.targetraw") == "../etc/passwd");
    r.to_event(5);
    BOOST_TEST(r.text("fs.path.name") == "/home/u/notes.txt");
    BOOST_TEST(r.text("fd.name") == "/home/u/notes.txt");
    r.to_event(6);
    BOOST_TEST(r.absent("fs.path.name"));  // ENOENT
    BOOST_TEST(r.text("evt.arg.name") == "/home/u/gone");
}

BOOST_AUTO_TEST_CASE(datagrams_to_new_peers_rename_the_socket) {
    SyntheticCapture cap;
    cap.add_thread(SyntheticThread(70, "/usr/bin/dig"));
    cap.event("socket", 70)
        .set("fd", int64_t{3})
        .set("domain", int64_t{AF_INET})
        .set("type", uint64_t{SOCK_DGRAM})
        .set("proto", uint64_t{0});
    for (const char* server : {"8.8.8.8", "8.8.8.8", "1.1.1.1"}) {
        cap.event("sendto", 70)
            .set("res", int64_t{40})
            .set("data", "q")
            .set("fd", int64_t{3})
            .set_bytes("tuple", inet_tuple("10.0.0.1", 5353, server, 53));
    }
    FieldReplay r(cap);
    r.to_event(2);
    BOOST_TEST(r.text("fd.l4proto") == "udp");
    BOOST_TEST(r.text("fd.name") == "10.0.0.1:5353->8.8.8.8:53");
    BOOST_TEST(r.text("fd.name_changed") == "true");
    BOOST_TEST(r.text("fd.connected") == "false");
    BOOST_TEST(r.holds("fd.l4proto != tcp and fd.connected = false and fd.name_changed = true"));
    r.to_event(3);
    BOOST_TEST(r.text("fd.name_changed") == "false");  // same peer
    r.to_event(4);
    BOOST_TEST(r.text("fd.name") == "10.0.0.1:5353->1.1.1.1:53");
    BOOST_TEST(r.text("fd.name_changed") == "true");
    BOOST_TEST(r.text("fd.rip") == "1.1.1.1");
}
