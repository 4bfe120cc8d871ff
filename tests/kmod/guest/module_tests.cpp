// The module's own tests: loading, the device, poll's watermark, the drop
// accounting of a storm into a small ring, random ioctls and mmaps, and
// load/attach/detach/unload cycles under load.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "guest_check.h"
#include "guest_module.h"
#include "guest_tests.h"
#include "lanner/driver_abi.h"
#include "source/interest.h"
#include "source/kmod_source.h"
#include "storm_accounting.h"

namespace lanner::guest {

void module_load() {
    const auto t0 = Clock::now();
    const int err = load_module();
    const double ms = ms_since(t0);
    check(err == 0, "module loads (finit_module: {})", std::strerror(err));
    fmt::print("metric: module_load_ms={:.1f}\n", ms);
    struct stat st {};
    check(::stat("/dev/lanner", &st) == 0 && S_ISCHR(st.st_mode), "/dev/lanner exists");
    check((st.st_mode & 07777) == 0600 && st.st_uid == 0, "/dev/lanner is 0600 root ({:o})",
          st.st_mode & 07777);
}

namespace {

std::string read_file(const char* path) {
    std::string out;
    if (FILE* f = std::fopen(path, "r")) {
        char buf[256];
        while (const size_t n = std::fread(buf, 1, sizeof(buf), f)) out.append(buf, n);
        std::fclose(f);
    }
    return out;
}

}  // namespace

// What an operator loading the module by hand meets (docs/kernels.md): bad
// parameters refused at load, both parameters applied, the load message.
// Leaves the module loaded with its defaults, as module_load() does.
void module_parameters_by_hand() {
    if (!check(unload_module() == 0, "unloads when no reader is attached")) return;
    check(load_module("device_mode=0666") == EINVAL && !module_loaded(),
          "device_mode=0666 refused (EINVAL), module not loaded");
    check(load_module("ring_bytes=1000") == EINVAL && !module_loaded(),
          "ring_bytes=1000 (not a power of two) refused (EINVAL)");
    check(load_module("ring_bytes=2147483648") == EINVAL && !module_loaded(),
          "ring_bytes=2147483648 (above 1 GiB) refused (EINVAL)");
    const int err = load_module("ring_bytes=16777216 device_mode=0640");
    check(err == 0, "loads with ring_bytes=16777216 device_mode=0640 ({})", std::strerror(err));
    struct stat st {};
    const bool dev = ::stat("/dev/lanner", &st) == 0;
    check(dev && (st.st_mode & 07777) == 0640, "/dev/lanner is 0640 ({:o})", st.st_mode & 07777);
    const std::string ring = read_file("/sys/module/lanner/parameters/ring_bytes");
    check(ring == "16777216\n", "/sys/module/lanner/parameters/ring_bytes reads 16777216 ({})",
          ring.substr(0, ring.find('\n')));
    std::string log(1 << 20, '\0');
    const int n =
        ::klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log.data(), static_cast<int>(log.size()));
    log.resize(n > 0 ? static_cast<size_t>(n) : 0);
    const std::string line =
        fmt::format("lanner: loaded: api {}, schema {}.{}, ring 16777216 bytes per CPU",
                    LN_DRIVER_API_VERSION, LN_SCHEMA_VERSION_MAJOR, LN_SCHEMA_VERSION_MINOR);
    check(log.find(line) != std::string::npos, "the kernel log says '{}'", line);
    check(unload_module() == 0 && load_module() == 0, "reloads with the defaults");
    const bool again = ::stat("/dev/lanner", &st) == 0;
    check(again && (st.st_mode & 07777) == 0600, "/dev/lanner is 0600 again ({:o})",
          st.st_mode & 07777);
}

void module_version_and_exclusive_open() {
    KmodSource src({});
    check(src.version().api_version == LN_DRIVER_API_VERSION, "API version {}",
          src.version().api_version);
    check(src.version().schema_version == LN_SCHEMA_VERSION, "schema version {:#x}",
          src.version().schema_version);
    check(src.ring_count() == static_cast<size_t>(::sysconf(_SC_NPROCESSORS_CONF)),
          "one ring per CPU ({})", src.ring_count());
    const int fd = ::open("/dev/lanner", O_RDWR);
    check(fd < 0 && errno == EBUSY, "a second reader is refused (EBUSY)");
    if (fd >= 0) ::close(fd);
    check(unload_module() != 0, "unload is refused while a reader is attached");
}

// poll() wakes a reader only when it set `waiting` and a ring holds at
// least the watermark: a trickle below it times out, a burst wakes at once.
void module_poll_watermark() {
    set_ring_bytes(64 << 10);
    const int fd = ::open("/dev/lanner", O_RDWR);
    set_ring_bytes(8 << 20);
    if (!check(fd >= 0, "open for the poll test")) return;
    ln_version_info info{};
    ::ioctl(fd, LN_IOCTL_GET_VERSION, &info);
    std::vector<ln_ring_consumer*> consumers;
    std::vector<const ln_ring_producer*> producers;
    for (uint32_t cpu = 0; cpu < info.nr_cpu_ids; ++cpu) {
        void* c = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                         static_cast<off_t>(LN_MMAP_OFFSET(cpu, LN_REGION_CONSUMER)));
        void* pr = ::mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd,
                          static_cast<off_t>(LN_MMAP_OFFSET(cpu, LN_REGION_PRODUCER)));
        if (c == MAP_FAILED || pr == MAP_FAILED) continue;
        consumers.push_back(static_cast<ln_ring_consumer*>(c));
        producers.push_back(static_cast<const ln_ring_producer*>(pr));
    }
    check(!consumers.empty() && consumers.size() == producers.size(), "consumer pages map");
    const ln_interest in = interest_for_list({LN_EVT_CLOSE});
    ::ioctl(fd, LN_IOCTL_SET_INTEREST, &in);
    ::ioctl(fd, LN_IOCTL_START, 0);
    auto set_waiting = [&](uint32_t v) {
        for (auto* c : consumers) std::atomic_ref<uint32_t>(c->waiting).store(v);
    };

    // A trickle: 10 records, far below the watermark (a quarter of 64 KiB).
    for (int i = 0; i < 10; ++i) ::syscall(SYS_close, -1);
    set_waiting(1);
    pollfd pf{fd, POLLIN, 0};
    auto t0 = Clock::now();
    const int quiet = ::poll(&pf, 1, 300);
    const double quiet_ms = ms_since(t0);
    check(quiet == 0 && quiet_ms >= 250,
          "below the watermark poll sleeps to its timeout ({:.0f} ms)", quiet_ms);

    // A burst from another process crosses the watermark and wakes the reader.
    const pid_t burst = ::fork();
    if (burst == 0) {
        ::usleep(200 * 1000);
        for (int i = 0; i < 2000; ++i) ::syscall(SYS_close, -1);
        ::_exit(0);
    }
    t0 = Clock::now();
    const int woke = ::poll(&pf, 1, 10000);
    const double woke_ms = ms_since(t0);
    wait_status(burst);
    check(woke == 1 && (pf.revents & POLLIN) && woke_ms < 9000,
          "crossing the watermark wakes poll ({:.0f} ms)", woke_ms);
    bool cleared = false;
    for (auto* c : consumers)
        cleared = cleared || std::atomic_ref<uint32_t>(c->waiting).load() == 0;
    check(cleared, "the producer cleared 'waiting' when it woke the reader");

    ::ioctl(fd, LN_IOCTL_STOP, 0);
    for (auto* c : consumers) ::munmap(c, 4096);
    for (auto* pr : producers) ::munmap(const_cast<ln_ring_producer*>(pr), 4096);
    ::close(fd);
}

// A syscall storm into a deliberately small ring: every record is either
// delivered or counted as dropped, and the 'lost' fields add up to the drops.
void module_storm_accounting() {
    set_ring_bytes(64 << 10);
    pin_to_cpu0();
    {
        KmodSource src({.device = "/dev/lanner",
                        .interest = interest_for_list({LN_EVT_CLOSE}),
                        .snaplen = 80});
        src.start();
        constexpr int kCalls = 60000;
        Captured cap;
        close_storm(src, cap, kCalls);
        src.stop();
        drain(src, cap, std::chrono::milliseconds(50));

        const auto st = src.device_stats(0);
        CpuDropStats c0{.cpu = 0, .produced = st.produced, .delivered = st.delivered};
        std::copy(std::begin(st.drops), std::end(st.drops), std::begin(c0.drops));
        check_storm_accounting("kmod", c0, cap, kCalls);
        const auto s = src.stats();
        check(s.per_cpu[0].produced == st.produced && s.per_cpu[0].delivered == st.delivered,
              "storm: producer page agrees with GET_STATS");
    }
    set_ring_bytes(8 << 20);
    unpin();
}

// ioctls and mmaps with random numbers, sizes and arguments: errors, never an oops.
void module_ioctl_fuzz() {
    const int fd = ::open("/dev/lanner", O_RDWR);
    if (!check(fd >= 0, "open for fuzzing")) return;
    std::mt19937_64 rng(12345);
    std::vector<uint8_t> buf(8192);
    void* bad_ptrs[] = {nullptr, reinterpret_cast<void*>(1),
                        reinterpret_cast<void*>(0xffffffff81000000ULL),
                        reinterpret_cast<void*>(0x7fffffffffffULL)};
    int weird = 0, valid_ok = 0;
    for (int i = 0; i < 4000; ++i) {
        const unsigned dir = rng() % 4, nr = rng() % 12, size = (rng() % 3 == 0) ? rng() % 512 : 0;
        unsigned cmd;
        if (rng() % 2) {
            const unsigned real[] = {LN_IOCTL_GET_VERSION, LN_IOCTL_SET_INTEREST,
                                     LN_IOCTL_START,       LN_IOCTL_STOP,
                                     LN_IOCTL_GET_STATS,   LN_IOCTL_SET_SNAPLEN};
            cmd = real[rng() % 6];
            if (rng() % 3 == 0)
                cmd = _IOC(_IOC_DIR(cmd), 'L', _IOC_NR(cmd),
                           (_IOC_SIZE(cmd) + 1 + rng() % 64) & 0x3fff);
        } else {
            cmd = _IOC(dir, 'L', nr, size);
        }
        for (auto& b : buf) b = static_cast<uint8_t>(rng());
        void* arg = (rng() % 4 == 0) ? bad_ptrs[rng() % 4] : buf.data() + rng() % 64;
        if (cmd == LN_IOCTL_START || cmd == LN_IOCTL_STOP) arg = (rng() % 2) ? nullptr : arg;
        const int r = ::ioctl(fd, cmd, arg);
        if (r == 0) {
            ++valid_ok;
        } else if (errno != EINVAL && errno != EFAULT && errno != ENOTTY) {
            ++weird;
            fmt::print("  ioctl {:#x}: unexpected errno {}\n", cmd, std::strerror(errno));
        }
    }
    ::ioctl(fd, LN_IOCTL_STOP, 0);
    int mapped = 0;
    for (int i = 0; i < 300; ++i) {
        const uint64_t off =
            LN_MMAP_OFFSET(rng() % 4, rng() % 5) + ((rng() % 8 == 0) ? 4096 * (rng() % 3) : 0);
        const size_t len = 4096 * (1 + rng() % 8);
        const int prot = (rng() % 2) ? PROT_READ : PROT_READ | PROT_WRITE;
        void* p = ::mmap(nullptr, len, prot, (rng() % 2) ? MAP_SHARED : MAP_PRIVATE, fd,
                         static_cast<off_t>(off));
        if (p != MAP_FAILED) {
            ++mapped;
            ::munmap(p, len);
        }
    }
    ::close(fd);
    check(weird == 0, "random ioctls fail with EINVAL/EFAULT/ENOTTY ({} succeeded)", valid_ok);
    fmt::print("  random mmaps: {} of 300 accepted\n", mapped);
    // The producer page and data must refuse write mappings.
    KmodSource src({});
    const int fd2 = ::open("/dev/lanner", O_RDWR);
    check(fd2 < 0, "device stays exclusive while a source holds it");
    if (fd2 >= 0) ::close(fd2);
}

// 20 load/attach/detach/unload cycles while a child generates syscalls.
void module_cycles_under_load() {
    const pid_t load = start_load();
    std::vector<double> load_ms, attach_ms;
    int ok_cycles = 0;
    for (int cycle = 0; cycle < 20; ++cycle) {
        if (unload_module() != 0) break;
        auto t0 = Clock::now();
        if (load_module() != 0) break;
        load_ms.push_back(ms_since(t0));
        bool got = false, refused = false;
        {
            t0 = Clock::now();
            KmodSource src({});
            src.start();
            attach_ms.push_back(ms_since(t0));
            Captured cap;
            drain(src, cap, std::chrono::milliseconds(50), std::chrono::milliseconds(300));
            got = !cap.of(LN_EVT_OPEN, load).empty() || !cap.of(LN_EVT_OPENAT, load).empty();
            refused = unload_module() != 0;
            src.stop();
        }
        if (got && refused) ++ok_cycles;
    }
    ::kill(load, SIGKILL);
    ::waitpid(load, nullptr, 0);
    check(ok_cycles == 20, "20 load/attach/detach/unload cycles under load ({} clean)", ok_cycles);
    if (!load_ms.empty()) {
        std::sort(load_ms.begin(), load_ms.end());
        std::sort(attach_ms.begin(), attach_ms.end());
        fmt::print("metric: cycle_load_ms median={:.1f} max={:.1f}\n", load_ms[load_ms.size() / 2],
                   load_ms.back());
        fmt::print("metric: cycle_attach_ms median={:.1f} max={:.1f}\n",
                   attach_ms[attach_ms.size() / 2], attach_ms.back());
    }
}

}  // namespace lanner::guest
