// Parameter rendering follows Falco: plain and resolved forms, evt.args layout.
#define BOOST_TEST_MODULE param_format
#include <boost/test/unit_test.hpp>

#include <fcntl.h>

#include "event/param_format.h"
#include "event/record_builder.h"
#include "event/sockaddr.h"

using namespace lanner;

namespace {

struct FakeResolver : ParamResolver {
    bool fd_name(const Event&, int64_t fd, std::string& out) const override {
        if (fd != 3) return false;
        out += "<f>/etc/shadow";
        return true;
    }
    bool absolute_path(const Event&, int64_t dirfd, std::string_view path,
                       std::string& out) const override {
        out += dirfd == AT_FDCWD ? "/home/u/" : "/dir/";
        out += path;
        return true;
    }
    bool user_name(uint32_t uid, std::string& out) const override {
        if (uid != 0) return false;
        out += "root";
        return true;
    }
};

struct Decoded {
    std::vector<uint8_t> bytes;
    Event ev;
    explicit Decoded(const RecordBuilder& b) : bytes(b.build()) {
        BOOST_REQUIRE(!Event::decode(bytes, ev).has_value());
    }
};

std::string text(const Event& ev, unsigned i, const ParamResolver& r) {
    std::string s;
    append_param_text(ev, i, r, s);
    return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(errno_results_resolve_to_names) {
    FakeResolver r;
    Decoded d(
        RecordBuilder("openat").set("fd", -2).set("dirfd", int64_t{AT_FDCWD}).set("name", "x"));
    std::string plain;
    append_param_plain(d.ev, 0, plain);
    BOOST_TEST(plain == "-2");
    BOOST_TEST(text(d.ev, 0, r) == "ENOENT");
    Decoded ok(RecordBuilder("close").set("res", 0).set("fd", 3));
    BOOST_TEST(text(ok.ev, 0, r) == "0");
    BOOST_TEST(text(ok.ev, 1, r) == "<f>/etc/shadow");
}

BOOST_AUTO_TEST_CASE(flags_modes_and_paths) {
    FakeResolver r;
    Decoded d(RecordBuilder("openat")
                  .set("fd", 3)
                  .set("dirfd", 7)
                  .set("name", "rel/file")
                  .set("flags", unsigned{O_WRONLY | O_CREAT})
                  .set("mode", 0644u)
                  .set("dev", 0x803u));
    BOOST_TEST(text(d.ev, LN_P_OPENAT_FLAGS, r) == "O_WRONLY|O_CREAT");
    BOOST_TEST(text(d.ev, LN_P_OPENAT_MODE, r) == "0644");
    BOOST_TEST(text(d.ev, LN_P_OPENAT_DEV, r) == "0x803");
    BOOST_TEST(text(d.ev, LN_P_OPENAT_NAME, r) == "/dir/rel/file");
    Decoded abs(RecordBuilder("openat").set("fd", 3).set("dirfd", 7).set("name", "/etc/x"));
    BOOST_TEST(text(abs.ev, LN_P_OPENAT_NAME, r) == "/etc/x");
    Decoded setuid(RecordBuilder("setuid").set("res", 0).set("uid", 0u));
    BOOST_TEST(text(setuid.ev, 1, r) == "root");
    Decoded ptrace(RecordBuilder("ptrace").set("res", 0).set("request", 16));
    BOOST_TEST(text(ptrace.ev, 1, r) == "PTRACE_ATTACH");
}

BOOST_AUTO_TEST_CASE(sockets_and_buffers) {
    ParamResolver none;
    Decoded c(RecordBuilder("connect")
                  .set("res", 0)
                  .set_bytes("tuple", inet_tuple("10.0.0.1", 40000, "1.2.3.4", 443))
                  .set("fd", 5)
                  .set_bytes("addr", inet_sockaddr("1.2.3.4", 443)));
    BOOST_TEST(text(c.ev, LN_P_CONNECT_TUPLE, none) == "10.0.0.1:40000->1.2.3.4:443");
    BOOST_TEST(text(c.ev, LN_P_CONNECT_ADDR, none) == "1.2.3.4:443");
    Decoded s(RecordBuilder("sendto").set("res", 4).set("data", std::string_view("a\nb\x01", 4)));
    BOOST_TEST(text(s.ev, LN_P_SENDTO_DATA, none) == "a.b.");
}

BOOST_AUTO_TEST_CASE(args_text_lists_present_parameters) {
    FakeResolver r;
    Decoded d(RecordBuilder("openat")
                  .set("fd", 3)
                  .set("dirfd", int64_t{AT_FDCWD})
                  .set("name", "/etc/shadow")
                  .set("flags", unsigned{O_RDONLY}));
    std::string s;
    append_args_text(d.ev, r, s);
    BOOST_TEST(s == "fd=3(<f>/etc/shadow) dirfd=-100(AT_FDCWD) name=/etc/shadow flags=0(O_RDONLY)");
    // Absent parameters are left out entirely.
    BOOST_TEST(s.find("mode") == std::string::npos);
}
