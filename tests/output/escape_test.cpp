// The text escaping of alert values (output/text_escape.h), byte by byte.
#define BOOST_TEST_MODULE output_escape
#include <boost/test/unit_test.hpp>

#include <string>

#include "output/text_escape.h"

using lanner::output::append_escaped;
using lanner::output::utf8_sequence_length;

namespace {

std::string esc(std::string_view s) {
    std::string out;
    append_escaped(s, out);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(plain_text_and_valid_utf8_pass_unchanged) {
    BOOST_TEST(esc("") == "");
    BOOST_TEST(esc("/usr/bin/cat /etc/shadow") == "/usr/bin/cat /etc/shadow");
    BOOST_TEST(esc("back\\slash \"quotes\" 'single' %") == "back\\slash \"quotes\" 'single' %");
    const std::string utf8 = "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x94\xa5 \xc2\xa0";
    BOOST_TEST(esc(utf8) == utf8);
}

BOOST_AUTO_TEST_CASE(c0_controls_and_del_are_escaped) {
    BOOST_TEST(esc("a\nb\rc\td") == "a\\nb\\rc\\td");
    BOOST_TEST(esc(std::string("\0", 1)) == "\\x00");
    BOOST_TEST(esc("\x1b[2J\x1b]0;title\x07") == "\\x1b[2J\\x1b]0;title\\x07");
    BOOST_TEST(esc("\x7f\x01\x1f") == "\\x7f\\x01\\x1f");
    for (int c = 0; c < 0x20; ++c) {
        const std::string out = esc(std::string(1, static_cast<char>(c)));
        BOOST_TEST(out.size() >= 2u);
        BOOST_TEST(out[0] == '\\');
    }
}

BOOST_AUTO_TEST_CASE(display_controls_are_escaped_byte_by_byte) {
    BOOST_TEST(esc("\xc2\x80") == "\\xc2\\x80");  // U+0080
    BOOST_TEST(esc("\xc2\x9b"
                   "31m") ==
               "\\xc2\\x9b"
               "31m");  // U+009B, a C1 CSI
    BOOST_TEST(esc("\xc2\x9f") == "\\xc2\\x9f");
    BOOST_TEST(esc("\xc2\xa0") == "\xc2\xa0");             // U+00A0 is just a space
    BOOST_TEST(esc("\xe2\x80\xa8") == "\\xe2\\x80\\xa8");  // line separator
    BOOST_TEST(esc("\xe2\x80\xa9") == "\\xe2\\x80\\xa9");  // paragraph separator
    BOOST_TEST(esc("\xe2\x80\xae") == "\\xe2\\x80\\xae");  // right-to-left override
    BOOST_TEST(esc("\xe2\x81\xa6") == "\\xe2\\x81\\xa6");  // left-to-right isolate
    BOOST_TEST(esc("\xe2\x80\x8f") == "\\xe2\\x80\\x8f");  // right-to-left mark
    BOOST_TEST(esc("\xe2\x80\x94") == "\xe2\x80\x94");     // an em dash is fine
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_escaped_byte_by_byte) {
    BOOST_TEST(esc("\x80") == "\\x80");                             // stray continuation
    BOOST_TEST(esc("\xff\xfe") == "\\xff\\xfe");                    // never valid
    BOOST_TEST(esc("\xc3") == "\\xc3");                             // truncated at the end
    BOOST_TEST(esc("\xe2\x82x") == "\\xe2\\x82x");                  // truncated in the middle
    BOOST_TEST(esc("\xc0\xaf") == "\\xc0\\xaf");                    // overlong '/'
    BOOST_TEST(esc("\xe0\x80\xaf") == "\\xe0\\x80\\xaf");           // overlong, 3 bytes
    BOOST_TEST(esc("\xf0\x80\x80\xaf") == "\\xf0\\x80\\x80\\xaf");  // overlong, 4 bytes
    BOOST_TEST(esc("\xed\xa0\x80") == "\\xed\\xa0\\x80");           // a surrogate
    BOOST_TEST(esc("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
    BOOST_TEST(esc("\xf5\x80\x80\x80") == "\\xf5\\x80\\x80\\x80");
    BOOST_TEST(esc("a\xc3\xa9\xc3") == "a\xc3\xa9\\xc3");
}

BOOST_AUTO_TEST_CASE(sequence_lengths_follow_rfc_3629) {
    BOOST_TEST(utf8_sequence_length("a") == 1u);
    BOOST_TEST(utf8_sequence_length("\xc2\x80") == 2u);
    BOOST_TEST(utf8_sequence_length("\xdf\xbf") == 2u);
    BOOST_TEST(utf8_sequence_length("\xe0\xa0\x80") == 3u);
    BOOST_TEST(utf8_sequence_length("\xed\x9f\xbf") == 3u);  // U+D7FF, just below surrogates
    BOOST_TEST(utf8_sequence_length("\xee\x80\x80") == 3u);
    BOOST_TEST(utf8_sequence_length("\xf0\x90\x80\x80") == 4u);
    BOOST_TEST(utf8_sequence_length("\xf4\x8f\xbf\xbf") == 4u);  // U+10FFFF
    BOOST_TEST(utf8_sequence_length("\xc1\xbf") == 0u);
    BOOST_TEST(utf8_sequence_length("\xe0\x9f\xbf") == 0u);
    BOOST_TEST(utf8_sequence_length("\xc2\x20") == 0u);
}

// Whatever the input, the output is valid UTF-8 without control
// characters: escaping it again changes nothing.
BOOST_AUTO_TEST_CASE(output_is_always_clean) {
    uint32_t seed = 7;
    for (int round = 0; round < 2000; ++round) {
        std::string in;
        const int len = round % 40;
        for (int i = 0; i < len; ++i) {
            seed = seed * 1664525u + 1013904223u;
            // Bias towards the interesting bytes.
            const unsigned r = seed >> 24;
            in += static_cast<char>(r < 64 ? (r & 0x1f) | 0x80 : r);
        }
        const std::string out = esc(in);
        BOOST_TEST(esc(out) == out);
        for (size_t i = 0; i < out.size();) {
            const size_t n = utf8_sequence_length(std::string_view(out).substr(i));
            BOOST_REQUIRE(n != 0u);
            if (n == 1) BOOST_TEST((out[i] >= 0x20 && out[i] < 0x7f));
            i += n;
        }
    }
}
