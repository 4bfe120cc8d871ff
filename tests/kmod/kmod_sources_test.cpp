// kmod/event_sources.h against the event table: every event a driver
// produces has a row, with one entry per parameter, each entry's size equal
// to its parameter type's size and its kind fit for the type.
#define BOOST_TEST_MODULE kmod_sources
#include <boost/test/unit_test.hpp>

#include <set>

#include "kmod/event_sources.h"
#include "schema/event_table.h"

using namespace lanner;

namespace {

bool variable_kind(unsigned k) {
    return k == LN_K_STR || k == LN_K_BYTES || k == LN_K_SOCKADDR || k == LN_K_RES_PATH;
}

bool integer_kind(unsigned k) {
    return k == LN_K_RES || k == LN_K_SINT || k == LN_K_UINT || k == LN_K_ULONG ||
           k == LN_K_CONST || k == LN_K_USER_S32 || k == LN_K_USER_U32 || k == LN_K_USER_U64 ||
           k == LN_K_RES_DEV || k == LN_K_RES_INO;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_driver_event_has_a_row) {
    std::set<uint16_t> rows;
    for (const auto& row : ln_event_sources_table) {
        BOOST_TEST_CONTEXT("event " << schema::event_info(row.type).name) {
            BOOST_TEST(rows.insert(row.type).second);
        }
    }
    for (uint16_t t = 1; t < LN_EVT_MAX; ++t) {
        const auto& info = schema::event_info(t);
        const bool produced = !info.syscalls.empty() || t == LN_EVT_PROCEXIT;
        BOOST_TEST_CONTEXT("event " << info.name) {
            BOOST_TEST(produced == (rows.count(t) == 1));
        }
    }
}

BOOST_AUTO_TEST_CASE(rows_match_the_schema) {
    for (const auto& row : ln_event_sources_table) {
        const auto& info = schema::event_info(row.type);
        BOOST_TEST_CONTEXT("event " << info.name) {
            BOOST_TEST(row.nparams == info.params.size());
            for (unsigned i = 0; i < row.nparams && i < info.params.size(); ++i) {
                const auto& src = row.params[i];
                const auto& p = info.params[i];
                const uint32_t size = schema::fixed_size(p.type);
                BOOST_TEST_CONTEXT("parameter " << p.name) {
                    BOOST_TEST(src.kind < LN_K_MAX);
                    BOOST_TEST(src.size == size);
                    if (variable_kind(src.kind)) BOOST_TEST(size == 0u);
                    if (integer_kind(src.kind)) BOOST_TEST(size != 0u);
                    if (src.kind == LN_K_RES) BOOST_TEST(i == 0u);
                    BOOST_TEST(src.arg < 6);
                    if (src.kind == LN_K_TASK) BOOST_TEST(src.aux < LN_T_MAX);
                    if (src.kind == LN_K_SOCKADDR) BOOST_TEST(p.type == LN_PT_SOCKADDR);
                    if (src.kind == LN_K_RES_PATH || src.kind == LN_K_STR)
                        BOOST_TEST((p.type == LN_PT_CHARBUF || p.type == LN_PT_FSPATH ||
                                    p.type == LN_PT_FSRELPATH));
                }
            }
        }
    }
}

// Parameter 0 of every syscall event is its result.
BOOST_AUTO_TEST_CASE(result_comes_first) {
    for (const auto& row : ln_event_sources_table) {
        if (row.type == LN_EVT_PROCEXIT) continue;
        BOOST_TEST_CONTEXT("event " << schema::event_info(row.type).name) {
            BOOST_TEST(row.params[0].kind == LN_K_RES);
        }
    }
}

// The task snapshot fields of execve and clone follow the schema's names.
BOOST_AUTO_TEST_CASE(task_fields_follow_parameter_names) {
    const char* names[LN_T_MAX] = {"exe",
                                   "args",
                                   "tid",
                                   "pid",
                                   "ptid",
                                   "cwd",
                                   "fdlimit",
                                   "comm",
                                   "cgroups",
                                   "tty",
                                   "pgid",
                                   "sid",
                                   "loginuid",
                                   "uid",
                                   "gid",
                                   "vtid",
                                   "vpid",
                                   "vpgid",
                                   "cap_inheritable",
                                   "cap_permitted",
                                   "cap_effective",
                                   "exe_ino",
                                   "exe_ino_ctime",
                                   "exe_ino_mtime",
                                   "trusted_exepath",
                                   "pidns_init_start_ts",
                                   "start_ts",
                                   "env",
                                   "flags"};
    for (const auto& row : ln_event_sources_table) {
        const auto& info = schema::event_info(row.type);
        for (unsigned i = 0; i < row.nparams; ++i) {
            if (row.params[i].kind != LN_K_TASK) continue;
            BOOST_TEST_CONTEXT("event " << info.name << " parameter " << i) {
                BOOST_TEST(info.params[i].name == names[row.params[i].aux]);
            }
        }
    }
}
