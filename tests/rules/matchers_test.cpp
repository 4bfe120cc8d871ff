// The compiled matchers: globs agree with fnmatch(3) (no flags, or
// FNM_CASEFOLD for iglob), pmatch follows Falco's path-prefix semantics.
#define BOOST_TEST_MODULE matchers
#include <boost/test/unit_test.hpp>

#include <fnmatch.h>

#include <random>

#include "rules/matchers.h"

using namespace lanner::rules;

BOOST_AUTO_TEST_CASE(glob_examples) {
    BOOST_TEST(GlobPattern("/home/*/.ssh/*", false).match("/home/u/.ssh/id_rsa"));
    BOOST_TEST(GlobPattern("*../*../*", false).match("/a/../../etc"));
    BOOST_TEST(GlobPattern("a*", false).match("a/b/c"));  // '*' crosses '/'
    BOOST_TEST(!GlobPattern("a?", false).match("a"));
    BOOST_TEST(GlobPattern("[!a-c]x", false).match("dx"));
    BOOST_TEST(!GlobPattern("[^a-c]x", false).match("bx"));
    BOOST_TEST(GlobPattern("[]]", false).match("]"));
    BOOST_TEST(GlobPattern("[[:digit:]]*", false).match("7up"));
    BOOST_TEST(GlobPattern("\\*", false).match("*"));
    BOOST_TEST(!GlobPattern("\\*", false).match("x"));
    BOOST_TEST(GlobPattern("[a", false).match("[a"));  // unclosed: literal
    BOOST_TEST(!GlobPattern("x\\", false).match("x\\"));  // trailing backslash never matches
    BOOST_TEST(GlobPattern("HeLLo*", true).match("hello world"));
    BOOST_TEST(GlobPattern("[A-C]x", true).match("bX"));
    BOOST_TEST(GlobPattern("[[.a.]-c]", false).match("b"));
    BOOST_TEST(GlobPattern("[[=x=]]", false).match("x"));
    BOOST_TEST(!GlobPattern("[[:nosuch:]]", false).match("a"));  // unknown class: no match
    BOOST_TEST(!GlobPattern("[[.a", false).match("[[.a"));       // unterminated [. : no match
    BOOST_TEST(GlobPattern("", false).match(""));
    BOOST_TEST(!GlobPattern("", false).match("x"));
}

BOOST_AUTO_TEST_CASE(glob_agrees_with_fnmatch) {
    // Random patterns and texts over a small alphabet that exercises every
    // construct; compared with glibc's fnmatch.
    std::mt19937 rng(12345);
    const std::string pattern_chars = "ab/.*?[]!^-\\:=";
    const std::string text_chars = "abAB/.-]*\\:=[";
    auto pick = [&](const std::string& from, size_t max_len) {
        std::string s;
        const size_t n = rng() % (max_len + 1);
        for (size_t i = 0; i < n; ++i) s += from[rng() % from.size()];
        return s;
    };
    size_t compared = 0;
    for (int i = 0; i < 300000; ++i) {
        const std::string p = pick(pattern_chars, 7);
        const std::string t = pick(text_chars, 7);
        for (bool icase : {false, true}) {
            const bool expected =
                fnmatch(p.c_str(), t.c_str(), icase ? FNM_CASEFOLD : 0) == 0;
            const bool got = GlobPattern(p, icase).match(t);
            BOOST_TEST_REQUIRE(got == expected,
                               "pattern '" << p << "' text '" << t << "' icase " << icase);
            ++compared;
        }
    }
    BOOST_TEST(compared == 600000u);
}

BOOST_AUTO_TEST_CASE(pmatch_prefixes) {
    PathPrefixSet s;
    s.add("/var/run");
    s.add("/etc/");
    s.add("/usr/lib");
    s.add("/usr");  // covers /usr/lib
    s.add("/home/*/.ssh");
    BOOST_TEST(s.match("/var/run"));
    BOOST_TEST(s.match("/var/run/docker.sock"));
    BOOST_TEST(!s.match("/var/running"));
    BOOST_TEST(!s.match("/var"));
    BOOST_TEST(s.match("/etc"));
    BOOST_TEST(s.match("/etc//passwd"));  // empty components are skipped
    BOOST_TEST(s.match("/usr/bin/x"));
    BOOST_TEST(s.match("/home/alice/.ssh/id_rsa"));
    BOOST_TEST(!s.match("/home/alice/.sshx"));
    BOOST_TEST(!s.match("/home/alice"));
    BOOST_TEST(!s.match(""));
    BOOST_TEST(!s.match("/"));
    PathPrefixSet root;
    root.add("/");
    BOOST_TEST(root.match("/anything/at/all"));
    BOOST_TEST(root.match("/"));
    PathPrefixSet empty;
    BOOST_TEST(!empty.match("/x"));
}

BOOST_AUTO_TEST_CASE(string_sets_take_views) {
    StringSet set{"bash", "sh"};
    BOOST_TEST((set.find(std::string_view("bash")) != set.end()));
    BOOST_TEST((set.find(std::string_view("zsh")) == set.end()));
}
