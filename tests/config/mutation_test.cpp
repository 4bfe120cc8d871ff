// Malformed configurations never crash the loader or escape it as an
// exception: the shipped lanner.yaml mutated many ways (bytes changed,
// lines dropped, duplicated or re-indented), each loaded, deterministically.
#define BOOST_TEST_MODULE config_mutation
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "config/config_loader.h"

using namespace lanner::config;

namespace {

std::string shipped() {
    std::ifstream in(std::string(LANNER_SOURCE_DIR) + "/lanner.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string line; std::getline(ss, line);) out.push_back(line);
    return out;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// One mutation of `text`, chosen by `rng`.
std::string mutate(const std::string& text, std::mt19937& rng) {
    static const char kBytes[] = ":-[]{}#&*!|>'\"%@`, \t\n0aZ.$\\";
    auto lines = lines_of(text);
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    switch (pick(6)) {
        case 0: {  // change a few bytes
            std::string s = text;
            for (size_t i = 0, n = 1 + pick(8); i < n; ++i)
                s[pick(s.size())] = kBytes[pick(sizeof kBytes - 1)];
            return s;
        }
        case 1:
            lines.erase(lines.begin() + static_cast<long>(pick(lines.size())));
            break;
        case 2: {
            const size_t i = pick(lines.size());
            lines.insert(lines.begin() + static_cast<long>(i), lines[i]);
            break;
        }
        case 3:
            lines[pick(lines.size())].insert(0, std::string(1 + pick(4), ' '));
            break;
        case 4: {  // a value replaced by another type
            static const char* kValues[] = {"[]", "{}", "~", "-1", "1e999", "\"\"", "[[[", "x: y"};
            auto& l = lines[pick(lines.size())];
            if (auto colon = l.find(": "); colon != std::string::npos)
                l = l.substr(0, colon + 2) + kValues[pick(std::size(kValues))];
            break;
        }
        case 5:
            return text.substr(0, pick(text.size()));  // truncated
    }
    return join(lines);
}

}  // namespace

BOOST_AUTO_TEST_CASE(mutated_configs_load_or_fail_cleanly) {
    const std::string base = shipped();
    BOOST_TEST_REQUIRE(!base.empty());
    std::mt19937 rng(20240611);
    size_t failed = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string text = mutate(base, rng);
        if (i % 3 == 0) text = mutate(text, rng);
        ConfigLoadResult r;
        BOOST_REQUIRE_NO_THROW(r = load_config_text("m.yaml", text));
        if (!r.ok()) {
            ++failed;
            // Every error says where, except whole-configuration checks.
            for (const auto& d : r.diagnostics)
                if (d.severity == Severity::Error && d.location.empty())
                    BOOST_TEST(d.key.empty() == false, d.to_string());
        }
    }
    // The mutations do break configurations (the test would prove little otherwise).
    BOOST_TEST(failed > 300u);
}
