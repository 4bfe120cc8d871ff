// Users and groups from passwd/group files and from a capture's records,
// which replace the host's so a replay names users as the captured machine did.
#define BOOST_TEST_MODULE state_users
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "state/users.h"
#include "state_feed.h"

using namespace lanner;
using namespace lanner::state;
using namespace lanner::test;

namespace {

struct TempFiles {
    std::filesystem::path dir;
    TempFiles() {
        char tmpl[] = "/tmp/lanner-users-XXXXXX";
        dir = mkdtemp(tmpl);
    }
    ~TempFiles() { std::filesystem::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text) {
        const auto p = dir / name;
        std::ofstream(p) << text;
        return p.string();
    }
};

const char* kPasswd =
    "root:x:0:0:root:/root:/bin/bash\n"
    "# a comment\n"
    "\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "alice:x:1000:1000:Alice,,,:/home/alice:/bin/zsh\r\n"
    "broken:x:notanumber:1:x:/:/bin/sh\n"
    "short:x:5\n"
    "toor:x:0:0:second root:/root2:/bin/sh\n";

const char* kGroup =
    "root:x:0:\n"
    "sudo:x:27:alice,bob\n"
    "bad:x:\n"
    "docker:x:999:alice\n";

}  // namespace

BOOST_AUTO_TEST_CASE(passwd_and_group_files) {
    TempFiles files;
    UserTable users;
    const LoadReport r = users.load_passwd(files.write("passwd", kPasswd));
    BOOST_TEST(r.opened);
    BOOST_TEST(r.entries == 4u);
    BOOST_TEST(r.malformed == 2u);
    BOOST_TEST(users.find(0)->name == "root");  // the first entry of a uid wins
    BOOST_TEST(users.find(1000)->home == "/home/alice");
    BOOST_TEST(users.find(1000)->shell == "/bin/zsh");
    BOOST_TEST(users.find(1000)->gid == 1000u);
    BOOST_TEST(users.find(4242) == nullptr);

    GroupTable groups;
    const LoadReport g = groups.load_group(files.write("group", kGroup));
    BOOST_TEST(g.entries == 3u);
    BOOST_TEST(g.malformed == 1u);
    BOOST_TEST(groups.find(27)->name == "sudo");
    BOOST_TEST(groups.find(999)->name == "docker");
    BOOST_TEST(groups.sorted().front()->gid == 0u);

    UserTable none;
    BOOST_TEST(!none.load_passwd((files.dir / "missing").string()).opened);
    BOOST_TEST(none.size() == 0u);
}

BOOST_AUTO_TEST_CASE(tracker_loads_host_files_and_records_replace_them) {
    TempFiles files;
    StateConfig cfg;
    cfg.passwd_path = files.write("passwd", kPasswd);
    cfg.group_path = files.write("group", kGroup);
    StateTracker tracker(cfg);
    BOOST_TEST(tracker.user(1000)->name == "alice");
    BOOST_TEST(tracker.group(27)->name == "sudo");

    Feed feed(tracker);
    RecordBuilder u("userinfo");
    u.set("uid", 1000u)
        .set("gid", 100u)
        .set("name", "bob")
        .set("homedir", "/home/bob")
        .set("shell", "/bin/sh");
    feed(u);
    RecordBuilder g("groupinfo");
    g.set("gid", 100u).set("name", "users");
    feed(g);
    // The capture's view only: host entries are gone.
    BOOST_TEST(tracker.user(1000)->name == "bob");
    BOOST_TEST(tracker.user(0) == nullptr);
    BOOST_TEST(tracker.group(100)->name == "users");
    BOOST_TEST(tracker.group(27) == nullptr);
    RecordBuilder root("userinfo");
    root.set("uid", 0u)
        .set("gid", 0u)
        .set("name", "root")
        .set("homedir", "/root")
        .set("shell", "/bin/ash");
    feed(root);
    BOOST_TEST(tracker.user(0)->shell == "/bin/ash");
    BOOST_TEST(tracker.user(1000)->name == "bob");
    BOOST_TEST(tracker.users().size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_real_host_database) {
    StateTracker tracker;  // default paths: /etc/passwd, /etc/group
    BOOST_REQUIRE(tracker.user(0) != nullptr);
    BOOST_TEST(tracker.user(0)->name == "root");
    BOOST_TEST(tracker.group(0)->name == "root");
    BOOST_TEST(tracker.user(getuid()) != nullptr);
}
