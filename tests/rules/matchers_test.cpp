// The compiled matchers: globs agree with fnmatch(3) (no flags, or
// FNM_CASEFOLD for iglob), pmatch follows Falco's path-prefix semantics,
// substring search and the inlined byte comparisons agree with the standard
// library's, string sets and merged string tests (text alternatives) agree
// with testing each member.
#define BOOST_TEST_MODULE matchers
#include <boost/test/unit_test.hpp>

#include <fnmatch.h>

#include <cstring>
#include <random>
#include <set>

#include "rules/matchers.h"
#include "rules/string_set.h"
#include "rules/text_alternatives.h"
#include "rules/text_compare.h"

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
    BOOST_TEST(GlobPattern("[a", false).match("[a"));     // unclosed: literal
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
            const bool expected = fnmatch(p.c_str(), t.c_str(), icase ? FNM_CASEFOLD : 0) == 0;
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
    BOOST_TEST(set.contains(std::string_view("bash")));
    BOOST_TEST(!set.contains(std::string_view("zsh")));
}

BOOST_AUTO_TEST_CASE(string_sets_small_and_large) {
    StringSet small{"bash", "sh", ""};
    BOOST_TEST(small.contains("bash"));
    BOOST_TEST(small.contains(""));
    BOOST_TEST(!small.contains("zsh"));
    BOOST_TEST(!small.contains("bas"));
    BOOST_TEST(small.size() == 3u);
    small.insert("sh");  // a duplicate
    BOOST_TEST(small.size() == 3u);

    // Past the linear size, and members of 63 bytes or more (one length bit).
    StringSet large;
    std::set<std::string> reference;
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
        std::string s(rng() % 80, 'x');
        for (auto& c : s) c = static_cast<char>('a' + rng() % 3);
        large.insert(s);
        reference.insert(s);
    }
    BOOST_TEST(large.size() == reference.size());
    for (int i = 0; i < 20000; ++i) {
        std::string s(rng() % 80, 'x');
        for (auto& c : s) c = static_cast<char>('a' + rng() % 3);
        BOOST_TEST_REQUIRE(large.contains(s) == (reference.count(s) == 1), "'" << s << "'");
    }
    for (const auto& s : reference) BOOST_TEST_REQUIRE(large.contains(s));
}

BOOST_AUTO_TEST_CASE(text_alternatives_examples) {
    TextAlternatives a;
    a.add_equal("/etc/shadow");
    a.add_prefix("/etc/ssh/");
    a.add_prefix("/etc/ssh/sshd");  // covered by /etc/ssh/
    a.add_prefix("/root/");
    a.add_suffix(".pem");
    a.add_suffix("key.pem");  // covered by .pem
    a.finish();
    BOOST_TEST(a.prefixes() == (std::vector<std::string>{"/etc/ssh/", "/root/"}),
               boost::test_tools::per_element());
    BOOST_TEST(a.suffixes() == std::vector<std::string>{".pem"}, boost::test_tools::per_element());
    BOOST_TEST(a.match("/etc/shadow"));
    BOOST_TEST(!a.match("/etc/shadow-"));
    BOOST_TEST(a.match("/etc/ssh/sshd_config"));
    BOOST_TEST(a.match("/root/.bashrc"));
    BOOST_TEST(!a.match("/root"));
    BOOST_TEST(a.match("/srv/tls/server.pem"));
    BOOST_TEST(!a.match("/srv/tls/server.pem.bak"));
    BOOST_TEST(!a.match(""));

    TextAlternatives empty_prefix;
    empty_prefix.add_prefix("");
    empty_prefix.add_prefix("/x");
    empty_prefix.finish();
    BOOST_TEST(empty_prefix.match(""));
    BOOST_TEST(empty_prefix.match("anything"));
}

BOOST_AUTO_TEST_CASE(text_alternatives_agree_with_the_tests_they_merge) {
    // Random alternatives and texts over a small alphabet, so that prefixes,
    // suffixes and members overlap, against testing each alternative.
    std::mt19937 rng(99);
    auto word = [&](size_t max_len) {
        std::string s(rng() % (max_len + 1), 'a');
        for (auto& c : s) c = "ab\xff"[rng() % 3];
        return s;
    };
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::string> eq, pre, suf;
        TextAlternatives alts;
        for (unsigned i = rng() % 6; i > 0; --i) alts.add_equal(eq.emplace_back(word(4)));
        for (unsigned i = rng() % 6; i > 0; --i) alts.add_prefix(pre.emplace_back(word(4)));
        for (unsigned i = rng() % 6; i > 0; --i) alts.add_suffix(suf.emplace_back(word(4)));
        alts.finish();
        for (int i = 0; i < 50; ++i) {
            const std::string s = word(6);
            bool expected = false;
            for (const auto& e : eq) expected = expected || s == e;
            for (const auto& p : pre) expected = expected || s.starts_with(p);
            for (const auto& x : suf) expected = expected || s.ends_with(x);
            BOOST_TEST_REQUIRE(alts.match(s) == expected, "round " << round << " '" << s << "'");
        }
    }
}

BOOST_AUTO_TEST_CASE(substrings_and_byte_comparisons_agree_with_the_standard_library) {
    // Small alphabets so that needles often almost match; every length up to
    // past two words, for the word-at-a-time comparisons.
    std::mt19937 rng(4242);
    auto word = [&](size_t max_len, const char* alphabet, size_t letters) {
        std::string s(rng() % (max_len + 1), 'a');
        for (auto& c : s) c = alphabet[rng() % letters];
        return s;
    };
    for (int i = 0; i < 100000; ++i) {
        const std::string text = word(40, "ab/.\xff", 5);
        const std::string needle = word(8, "ab/.\xff", 5);
        BOOST_TEST_REQUIRE(Substring(needle).in(text) == (text.find(needle) != std::string::npos),
                           "'" << needle << "' in '" << text << "'");
        const std::string other = rng() % 2 ? text : word(40, "ab", 2);
        const std::string_view a = text, b = other;
        BOOST_TEST_REQUIRE(text_equal(a, b) == (a == b));
        BOOST_TEST_REQUIRE(text_starts_with(a, needle) == a.starts_with(needle));
        BOOST_TEST_REQUIRE(text_ends_with(a, needle) == a.ends_with(needle));
        const size_t n = std::min(a.size(), b.size());
        BOOST_TEST_REQUIRE(same_bytes(a.data(), b.data(), n) ==
                           (std::memcmp(a.data(), b.data(), n) == 0));
    }
    // A needle longer than the largest shift.
    const std::string long_needle(300, 'x');
    BOOST_TEST(Substring(long_needle).in("y" + long_needle + "y"));
    BOOST_TEST(!Substring(long_needle).in(std::string(299, 'x')));
    BOOST_TEST(Substring("").in(""));
}
