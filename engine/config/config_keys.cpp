#include "config/config_keys.h"

#include <algorithm>
#include <filesystem>

#include "config/config.h"

namespace lanner::config {
namespace {

// Visits describe() and records the path of every key that is not itself
// a section.
class KeyLister {
  public:
    explicit KeyLister(std::vector<std::string>& out, std::string prefix = {})
        : out_(out), prefix_(std::move(prefix)) {}

    template <class T, class Check = std::nullptr_t>
    void operator()(std::string_view name, T& member, Check = nullptr) {
        std::string path = prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
        if constexpr (requires(KeyLister & v) { member.describe(v); }) {
            KeyLister sub(out_, path);
            member.describe(sub);
        } else {
            out_.push_back(std::move(path));
        }
    }

  private:
    std::vector<std::string>& out_;
    std::string prefix_;
};

// Falco keys Lanner does not have: warned about as such rather than as
// typos, with what to use instead where Lanner has an equivalent.
struct FalcoOnlyKey {
    std::string_view path;
    std::string_view instead;
};
constexpr FalcoOnlyKey kFalcoOnly[] = {
    {"load_plugins", ""},
    {"plugins", ""},
    {"plugins_hostinfo", ""},
    {"grpc", ""},
    {"grpc_output", ""},
    {"libs_logger", ""},
    {"output_timeout", ""},
    {"syscall_event_timeouts", ""},
    {"falco_libs", ""},
    {"container_engines", ""},
    {"buffer_format_base64", ""},
    {"capture", "use --capture FILE"},
    {"static_fields", ""},
    {"outputs", "Lanner throttles alerts per rule with throttle: {rate, burst}"},
    {"syscall_buf_size_preset",
     "use engine.kmod.buf_size_preset or engine.modern_ebpf.buf_size_preset"},
    {"syscall_drop_failed_exit",
     "use engine.kmod.drop_failed_exit or engine.modern_ebpf.drop_failed_exit"},
    {"modern_bpf", "use engine.modern_ebpf.cpus_for_each_buffer"},
    {"engine.ebpf", "Falco's legacy eBPF probe; Lanner's eBPF driver reads engine.modern_ebpf"},
    {"engine.gvisor", ""},
    {"base_syscalls.all", ""},
    {"metrics.plugins_metrics_enabled", ""},
    {"metrics.jemalloc_stats_enabled", ""},
    {"http_output.max_consecutive_timeouts", ""},
    {"webserver.uid", ""},
    {"webserver.gid", ""},
};

std::string join(std::string_view parent, std::string_view key) {
    return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

}  // namespace

const std::vector<std::string>& config_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> out;
        Config cfg;
        KeyLister lister(out);
        cfg.describe(lister);
        return out;
    }();
    return keys;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
    for (size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (size_t i = 1; i <= n; ++i) {
        for (size_t j = 1; j <= m; ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

std::string_view closest(std::string_view word, std::span<const std::string_view> candidates) {
    // A third of the word's length, at least 1 and at most 3 edits: close
    // enough to be a slip, far enough not to suggest unrelated keys.
    const size_t limit = std::clamp<size_t>(word.size() / 3, 1, 3);
    std::string_view best;
    size_t best_distance = limit + 1;
    for (std::string_view c : candidates) {
        const size_t dist = edit_distance(word, c);
        if (dist < best_distance) {
            best = c;
            best_distance = dist;
        }
    }
    return best;
}

std::string unknown_key_message(std::string_view parent, std::string_view key,
                                std::span<const std::string_view> siblings) {
    const std::string path = join(parent, key);
    for (const auto& f : kFalcoOnly) {
        if (f.path != path) continue;
        std::string msg = "a Falco setting Lanner does not have; ignored";
        if (!f.instead.empty()) msg += " (" + std::string(f.instead) + ")";
        return msg;
    }
    if (const std::string_view near = closest(key, siblings); !near.empty())
        return "unknown key (did you mean '" + std::string(near) + "'?)";
    // A shortened key: buf_size for buf_size_preset.
    if (key.size() >= 3)
        for (std::string_view s : siblings)
            if (s.starts_with(key)) return "unknown key (did you mean '" + std::string(s) + "'?)";
    // The right key in the wrong section: listen_port at the top level.
    for (const auto& known : config_keys()) {
        const size_t dot = known.rfind('.');
        const std::string_view leaf = dot == std::string::npos
                                          ? std::string_view(known)
                                          : std::string_view(known).substr(dot + 1);
        if (leaf == key && known != path) return "unknown key (did you mean '" + known + "'?)";
    }
    return "unknown key";
}

}  // namespace lanner::config
