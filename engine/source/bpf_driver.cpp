#include "source/bpf_driver.h"

#include "common/error.h"
#include "source/bpf_support.h"

#if defined(LANNER_HAVE_BPF)

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <deque>
#include <iterator>
#include <mutex>
#include <string>
#include <string_view>

#include "bpf/shared.h"
#include "common/log.h"
#include "lanner_bpf.skel.h"
#include "schema/event_table.h"
#include "source/interest.h"

namespace lanner {

namespace {

// libbpf's messages: the last lines are kept so a failed load can say why
// (the verifier's verdict is at the end of its log).
constexpr size_t kLogTailLines = 16;
std::mutex g_libbpf_log_mutex;
std::deque<std::string> g_libbpf_log;

int libbpf_print(enum libbpf_print_level level, const char* fmt, va_list args) {
    // One message can be a whole verifier log, whose verdict is at its end:
    // format all of it, keep its last lines.
    va_list again;
    va_copy(again, args);
    const int n = vsnprintf(nullptr, 0, fmt, args);
    std::string message(n > 0 ? static_cast<size_t>(n) : 0, '\0');
    if (n > 0) vsnprintf(message.data(), message.size() + 1, fmt, again);
    va_end(again);
    std::string_view rest(message);
    while (!rest.empty()) {
        const size_t eol = rest.find('\n');
        const std::string_view line = rest.substr(0, eol);
        rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 1);
        if (line.empty()) continue;
        {
            std::lock_guard lock(g_libbpf_log_mutex);
            g_libbpf_log.emplace_back(line);
            if (g_libbpf_log.size() > kLogTailLines) g_libbpf_log.pop_front();
        }
        if (level != LIBBPF_DEBUG) log::debug("libbpf: {}", line);
    }
    return 0;
}

std::string libbpf_tail() {
    std::lock_guard lock(g_libbpf_log_mutex);
    std::string out;
    for (const auto& l : g_libbpf_log) out += "\n  " + l;
    g_libbpf_log.clear();
    return out;
}

bool is_power_of_two(uint32_t v) {
    return v && !(v & (v - 1));
}

constexpr uint32_t kRecordProducers = 2;  // sys_exit and sched_process_exit

// A ring wakes its reader once this fraction of it is waiting; below that
// the reader finds records by polling (BpfSource::kPollInterval).
constexpr uint32_t kWakeupFraction = 16;

}  // namespace

struct BpfDriver::Impl {
    lanner_bpf* skel = nullptr;
    std::vector<Ring> rings;
    std::vector<int> ring_fds;  // owned
    uint32_t ring_bytes = 0;
    uint32_t ncpus = 0;

    ~Impl() {
        // Single cleanup path: links, programs and maps go with the skeleton;
        // the rings are ours. The tail-call table and its programs refer to
        // each other; emptying it first breaks the cycle here rather than in
        // the kernel's deferred clean-up, which was seen to leak the table
        // about once in fifty unloads on 6.18.
        if (skel) {
            const int table = bpf_map__fd(skel->maps.fillers);
            for (uint32_t key = 0; table >= 0 && key < LN_FILLER_SLOTS; ++key)
                bpf_map_delete_elem(table, &key);
            lanner_bpf__destroy(skel);
        }
        for (int fd : ring_fds) close(fd);
    }

    void open(const BpfDriverOptions& opts);
    void create_rings();
    void fill_program_table();
    void attach();
};

void BpfDriver::Impl::open(const BpfDriverOptions& opts) {
    if (!is_power_of_two(opts.ring_bytes) ||
        opts.ring_bytes < static_cast<uint32_t>(sysconf(_SC_PAGESIZE)))
        throw Error("ebpf: ring size {} is not a power of two of at least a page", opts.ring_bytes);
    if (opts.snaplen >= LN_MAX_SNAPLEN)
        throw Error("ebpf: snaplen {} exceeds the driver's bound {}", opts.snaplen,
                    LN_MAX_SNAPLEN - 1);
    const int n = libbpf_num_possible_cpus();
    if (n <= 0) throw Error("ebpf: cannot count the possible CPUs: {}", strerror(-n));
    ncpus = static_cast<uint32_t>(n);
    ring_bytes = opts.ring_bytes;

    skel = lanner_bpf__open();
    if (!skel)
        throw Error("ebpf: opening the BPF object failed: {}{}", strerror(errno), libbpf_tail());
    skel->rodata->cfg_snaplen = opts.snaplen;
    skel->rodata->cfg_ncpus = ncpus;
    skel->rodata->cfg_wakeup_bytes = ring_bytes / kWakeupFraction;
    skel->rodata->cfg_bench_omit = opts.bench_omit;
    bpf_map__set_max_entries(skel->maps.rings, ncpus);
    // The rings themselves are created after load (create_rings); the inner
    // map template only fixes their type (ringbuf sizes may differ from it).
    bpf_map__set_max_entries(skel->maps.scratch_map, ncpus * LN_BPF_SCRATCH_SLOTS);
}

void BpfDriver::Impl::create_rings() {
    const int outer = bpf_map__fd(skel->maps.rings);
    for (uint32_t cpu = 0; cpu < ncpus; ++cpu) {
        const int fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, nullptr, 0, 0, ring_bytes, nullptr);
        if (fd < 0)
            throw Error(
                "ebpf: creating the {}-byte ring of CPU {} failed: {} (kernels before 5.11 "
                "charge it to RLIMIT_MEMLOCK: lower the ring size)",
                ring_bytes, cpu, strerror(errno));
        ring_fds.push_back(fd);
        if (bpf_map_update_elem(outer, &cpu, &fd, BPF_ANY) != 0)
            throw Error("ebpf: installing the ring of CPU {} failed: {}", cpu, strerror(errno));
        rings.push_back({fd, cpu});
    }
}

// Every event's filler and every snapshot stage go to their slot in the
// tail-call table, found by program name (bpf/shared.h).
void BpfDriver::Impl::fill_program_table() {
    static const char* const kStageNames[LN_STAGE_COUNT] = LN_BPF_STAGE_NAMES;
    const int table = bpf_map__fd(skel->maps.fillers);
    const std::string_view prefix = LN_BPF_FILLER_PREFIX;
    std::vector<bool> filled(LN_FILLER_SLOTS, false);
    bpf_program* prog;
    bpf_object__for_each_program(prog, skel->obj) {
        const std::string_view name = bpf_program__name(prog);
        int slot = -1;
        if (name.starts_with(prefix)) {
            const auto ev = schema::find_event(name.substr(prefix.size()));
            if (!ev) throw Error("ebpf: program {} names no event of the schema", name);
            slot = *ev;
        } else {
            for (int s = 0; s < LN_STAGE_COUNT; ++s)
                if (name == kStageNames[s]) slot = LN_STAGE_SLOT(s);
        }
        if (slot < 0) continue;  // an attached program
        const int fd = bpf_program__fd(prog);
        const uint32_t key = static_cast<uint32_t>(slot);
        if (bpf_map_update_elem(table, &key, &fd, BPF_ANY) != 0)
            throw Error("ebpf: installing program {} failed: {}", name, strerror(errno));
        filled[slot] = true;
    }
    for (uint32_t nr = 0; nr < LN_SYSCALL_MAX; ++nr) {
        const uint16_t ev = event_for_syscall(nr);
        if (ev && !filled[ev])
            throw Error("ebpf: no filler for event {}", schema::event_info(ev).name);
    }
    for (int s = 0; s < LN_STAGE_COUNT; ++s)
        if (!filled[LN_STAGE_SLOT(s)]) throw Error("ebpf: program {} is missing", kStageNames[s]);
}

void BpfDriver::Impl::attach() {
    bpf_program* const attached[] = {skel->progs.sys_exit, skel->progs.sched_process_exit,
                                     skel->progs.sched_process_exec};
    bpf_link** const links[] = {&skel->links.sys_exit, &skel->links.sched_process_exit,
                                &skel->links.sched_process_exec};
    for (size_t i = 0; i < std::size(attached); ++i) {
        bpf_link* link = bpf_program__attach(attached[i]);
        if (!link)
            throw Error("ebpf: attaching {} failed: {}{}", bpf_program__name(attached[i]),
                        strerror(errno), libbpf_tail());
        *links[i] = link;  // destroyed with the skeleton
    }
}

BpfDriver::BpfDriver(const BpfDriverOptions& opts) : impl_(std::make_unique<Impl>()) {
    if (auto reason = bpf_unsupported_reason()) throw Error("ebpf: {}", *reason);
    libbpf_set_print(libbpf_print);
    impl_->open(opts);
    // Programs that are only tail-called must not be auto-attached; loading
    // them is all that is needed.
    if (const int err = lanner_bpf__load(impl_->skel); err != 0)
        throw Error("ebpf: loading the BPF programs failed: {}{}", strerror(-err), libbpf_tail());
    impl_->create_rings();
    impl_->fill_program_table();
    impl_->attach();
}

BpfDriver::~BpfDriver() = default;

void BpfDriver::set_interest(const ln_interest& interest) {
    if (interest.reserved != 0) throw Error("ebpf: interest set has reserved bits set");
    auto* data = impl_->skel->data_interest;
    for (uint32_t nr = 0; nr < LN_SYSCALL_MAX; ++nr) {
        if (!interest_has_syscall(interest, nr)) continue;
        if (event_for_syscall(nr) == LN_EVT_UNKNOWN)
            throw Error("ebpf: interest set names syscall {}, which produces no event", nr);
    }
    // The exec filename is saved before execve can be enabled, so the first
    // exec record already carries it.
    const bool exec =
        interest_has_syscall(interest, SYS_execve) || interest_has_syscall(interest, SYS_execveat);
    __atomic_store_n(&data->interest_exec_filename, exec ? 1u : 0u, __ATOMIC_RELEASE);
    __atomic_store_n(&data->interest_sources, interest.sources, __ATOMIC_RELEASE);
    for (uint32_t nr = 0; nr < LN_SYSCALL_MAX; ++nr) {
        const uint16_t ev = interest_has_syscall(interest, nr) ? event_for_syscall(nr) : 0;
        __atomic_store_n(&data->interest_syscall_event[nr], ev, __ATOMIC_RELEASE);
    }
}

const std::vector<BpfDriver::Ring>& BpfDriver::rings() const noexcept {
    return impl_->rings;
}
uint32_t BpfDriver::ring_bytes() const noexcept {
    return impl_->ring_bytes;
}

std::vector<CpuDropStats> BpfDriver::cpu_stats() const {
    std::vector<ln_bpf_cpu_counters> values(impl_->ncpus);
    const uint32_t key = 0;
    if (bpf_map_lookup_elem(bpf_map__fd(impl_->skel->maps.counters), &key, values.data()) != 0)
        throw Error("ebpf: reading the per-CPU counters failed: {}", strerror(errno));
    std::vector<CpuDropStats> out(impl_->ncpus);
    for (uint32_t cpu = 0; cpu < impl_->ncpus; ++cpu) {
        out[cpu].cpu = cpu;
        for (const ln_bpf_producer_counters& p : values[cpu].producer) {
            out[cpu].produced += p.produced;
            out[cpu].delivered += p.delivered;
            for (int c = 0; c < LN_DROP_CAUSE_MAX; ++c) out[cpu].drops[c] += p.drops[c];
        }
    }
    return out;
}

uint64_t BpfDriver::recursion_misses() const {
    uint64_t total = 0;
    bpf_program* const producers[kRecordProducers] = {impl_->skel->progs.sys_exit,
                                                      impl_->skel->progs.sched_process_exit};
    for (bpf_program* p : producers) {
        bpf_prog_info info{};
        uint32_t len = sizeof(info);
        if (bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len) == 0)
            total += info.recursion_misses;
    }
    return total;
}

std::vector<uint32_t> BpfDriver::prog_ids() const {
    std::vector<uint32_t> ids;
    bpf_program* prog;
    bpf_object__for_each_program(prog, impl_->skel->obj) {
        bpf_prog_info info{};
        uint32_t len = sizeof(info);
        if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) == 0) ids.push_back(info.id);
    }
    return ids;
}

std::vector<uint32_t> BpfDriver::map_ids() const {
    std::vector<uint32_t> ids;
    const auto add = [&](int fd) {
        bpf_map_info info{};
        uint32_t len = sizeof(info);
        if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0) ids.push_back(info.id);
    };
    bpf_map* map;
    bpf_object__for_each_map(map, impl_->skel->obj) add(bpf_map__fd(map));
    for (int fd : impl_->ring_fds) add(fd);
    return ids;
}

}  // namespace lanner

#else  // !LANNER_HAVE_BPF

namespace lanner {

struct BpfDriver::Impl {};

BpfDriver::BpfDriver(const BpfDriverOptions&) {
    throw Error("ebpf: {}", bpf_unsupported_reason().value_or("the eBPF driver was not built"));
}
BpfDriver::~BpfDriver() = default;
void BpfDriver::set_interest(const ln_interest&) {}
const std::vector<BpfDriver::Ring>& BpfDriver::rings() const noexcept {
    static const std::vector<Ring> none;
    return none;
}
uint32_t BpfDriver::ring_bytes() const noexcept {
    return 0;
}
std::vector<CpuDropStats> BpfDriver::cpu_stats() const {
    return {};
}
uint64_t BpfDriver::recursion_misses() const {
    return 0;
}
std::vector<uint32_t> BpfDriver::prog_ids() const {
    return {};
}
std::vector<uint32_t> BpfDriver::map_ids() const {
    return {};
}

}  // namespace lanner

#endif
