// FileWatch sees the ways configuration files change: in-place writes, an
// editor's rename over the file, a new *.yaml in a watched directory; and
// ignores other files next to them.
#define BOOST_TEST_MODULE file_watch
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "app/file_watch.h"
#include "temp_dir.h"

using lanner::test::TempDir;

using lanner::app::FileWatch;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p) << text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(file_changes_are_seen_others_ignored) {
    TempDir d;
    const fs::path cfg = d.path() / "lanner.yaml";
    write(cfg, "a: 1\n");
    FileWatch watch({cfg});
    BOOST_TEST(!watch.changed());
    write(d.path() / "other.txt", "x");
    BOOST_TEST(!watch.changed());
    write(cfg, "a: 2\n");
    BOOST_TEST(watch.changed());
    BOOST_TEST(!watch.changed());  // reported once
    // An editor writes a temporary file and renames it over the original.
    write(d.path() / ".lanner.yaml.swp", "a: 3\n");
    BOOST_TEST(!watch.changed());
    fs::rename(d.path() / ".lanner.yaml.swp", cfg);
    BOOST_TEST(watch.changed());
}

BOOST_AUTO_TEST_CASE(a_directory_watches_its_yaml_files) {
    TempDir d;
    const fs::path rules = d.path() / "rules.d";
    fs::create_directories(rules);
    FileWatch watch({rules});
    write(rules / "notes.txt", "x");
    BOOST_TEST(!watch.changed());
    write(rules / "50-local.yaml", "- list: x\n  items: []\n");
    BOOST_TEST(watch.changed());
    fs::remove(rules / "50-local.yaml");
    BOOST_TEST(watch.changed());
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_an_error) {
    BOOST_CHECK_THROW(FileWatch({fs::path("/nonexistent/dir/lanner.yaml")}), std::exception);
}
