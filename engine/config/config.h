// Lanner's configuration: every key of lanner.yaml, with Falco's key names and
// Falco's defaults where Falco has the concept (see lanner.yaml at the repo
// root, which documents each key; a test keeps the two in step).
//
// Each struct lists its keys in describe(), in file order. The loader, the
// renderer and the key listing are visitors over describe(), so a key added
// here is at once read, validated, rendered and required in lanner.yaml:
//   v("name", member)            a key
//   v("name", member, check)     a key whose value must also pass `check`
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config_checks.h"
#include "config/config_values.h"
#include "rules/priority.h"
#include "rules/ruleset.h"

namespace lanner::config {

inline constexpr const char* kDefaultConfigFile = "/etc/lanner/lanner.yaml";
inline constexpr const char* kDefaultConfigDir = "/etc/lanner/config.d";
inline constexpr const char* kDefaultRulesDir = "/etc/lanner/rules.d";

// A drop-in configuration file or directory (`config_files`), merged over
// the main file in order. Written as a path, or {path, strategy}.
struct ConfigFileRef {
    std::filesystem::path path;
    MergeStrategy strategy = MergeStrategy::Append;
    bool operator==(const ConfigFileRef&) const = default;
};

// One entry of `rules:`: `- disable: {rule: "Write below *"}` or
// `- enable: {tag: network}`. Applied in order after the rules load
// (apply_rule_selectors in config/rule_selection.h).
struct RuleSelector {
    enum class Op : uint8_t { Enable, Disable };
    Op op = Op::Enable;
    std::string rule;  // a rule name; '*' matches any run of characters
    std::string tag;   // a tag the rule must carry
    bool operator==(const RuleSelector&) const = default;
};

// An `append_output` extra field: `- home: "${HOME}"` (a name and a format)
// or `- evt.hostname` (a field, named after itself: format is empty).
struct ExtraField {
    std::string name;
    std::string format;
    bool operator==(const ExtraField&) const = default;
};

struct AppendOutputMatch {
    std::string source;
    std::vector<std::string> tags;  // the rule must carry all of them
    std::string rule;
    template <class V>
    void describe(V& v) {
        v("source", source);
        v("tags", tags);
        v("rule", rule);
    }
    bool operator==(const AppendOutputMatch&) const = default;
};

struct AppendOutput {
    AppendOutputMatch match;
    std::string extra_output;
    std::vector<ExtraField> extra_fields;
    bool suggested_output = false;
    template <class V>
    void describe(V& v) {
        v("match", match);
        v("extra_output", extra_output);
        v("extra_fields", extra_fields);
        v("suggested_output", suggested_output);
    }
    bool operator==(const AppendOutput&) const = default;
};

struct OutputsQueue {
    // 0 selects Lanner's built-in bound (kDefaultOutputsQueueCapacity): the
    // queue is always bounded, where Falco's 0 means unbounded.
    uint64_t capacity = 0;
    template <class V>
    void describe(V& v) {
        v("capacity", capacity);
    }
};
inline constexpr uint64_t kDefaultOutputsQueueCapacity = 2048;

struct SimpleOutput {
    bool enabled = true;
    template <class V>
    void describe(V& v) {
        v("enabled", enabled);
    }
};

struct FileOutput {
    bool enabled = false;
    bool keep_alive = false;
    std::string filename = "./events.txt";
    template <class V>
    void describe(V& v) {
        v("enabled", enabled);
        v("keep_alive", keep_alive);
        v("filename", filename);
    }
};

struct ProgramOutput {
    bool enabled = false;
    bool keep_alive = false;
    std::string program;
    template <class V>
    void describe(V& v) {
        v("enabled", enabled);
        v("keep_alive", keep_alive);
        v("program", program);
    }
};

// Lanner's durable delivery for http_output: undeliverable alerts are
// appended under `dir` (empty: no spool) and replayed in order.
struct Spool {
    std::string dir;
    ByteSize max_size{64ull << 20};
    template <class V>
    void describe(V& v) {
        v("dir", dir);
        v("max_size", max_size, checks::positive_size);
    }
};

struct HttpOutput {
    bool enabled = false;
    std::string url;
    std::string user_agent = "lanner";
    bool insecure = false;
    std::string ca_cert;
    std::string ca_bundle;
    std::string ca_path = "/etc/ssl/certs";
    bool mtls = false;
    std::string client_cert = "/etc/ssl/certs/client.crt";
    std::string client_key = "/etc/ssl/certs/client.key";
    bool echo = false;
    bool compress_uploads = false;
    bool keep_alive = false;
    Spool spool;
    template <class V>
    void describe(V& v) {
        v("enabled", enabled);
        v("url", url, checks::http_url);
        v("user_agent", user_agent);
        v("insecure", insecure);
        v("ca_cert", ca_cert);
        v("ca_bundle", ca_bundle);
        v("ca_path", ca_path);
        v("mtls", mtls);
        v("client_cert", client_cert);
        v("client_key", client_key);
        v("echo", echo);
        v("compress_uploads", compress_uploads);
        v("keep_alive", keep_alive);
        v("spool", spool);
    }
};

// A per-rule throttle override: the first entry whose `rule` matches a rule
// name ('*' wildcards) gives that rule's rate and burst; what it leaves out
// comes from the global throttle.
struct ThrottleRule {
    std::string rule;
    std::optional<double> rate;
    std::optional<uint32_t> burst;
    template <class V>
    void describe(V& v) {
        v("rule", rule);
        v("rate", rate, checks::non_negative);
        v("burst", burst, checks::positive_u32);
    }
    bool operator==(const ThrottleRule&) const = default;
};

// Per-rule token buckets: each rule may raise `burst` alerts at once and
// regains `rate` alerts per second; 0 turns throttling off.
struct Throttle {
    double rate = 0;
    uint32_t burst = 1000;
    std::vector<ThrottleRule> rules;
    template <class V>
    void describe(V& v) {
        v("rate", rate, checks::non_negative);
        v("burst", burst, checks::positive_u32);
        v("rules", rules);
    }
};

struct Webserver {
    bool enabled = true;
    uint32_t threadiness = 0;  // 0: one per online CPU
    uint32_t listen_port = 8765;
    std::string listen_address = "127.0.0.1";  // Falco's is 0.0.0.0
    std::string k8s_healthz_endpoint = "/healthz";
    bool prometheus_metrics_enabled = false;
    bool ssl_enabled = false;
    std::string ssl_certificate = "/etc/lanner/lanner.pem";
    template <class V>
    void describe(V& v) {
        v("enabled", enabled);
        v("threadiness", threadiness);
        v("listen_port", listen_port, checks::port);
        v("listen_address", listen_address, checks::ip_address);
        v("k8s_healthz_endpoint", k8s_healthz_endpoint, checks::url_path);
        v("prometheus_metrics_enabled", prometheus_metrics_enabled);
        v("ssl_enabled", ssl_enabled);
        v("ssl_certificate", ssl_certificate);
    }
};

struct Metrics {
    bool enabled = false;
    std::chrono::milliseconds interval = std::chrono::hours(1);
    bool output_rule = true;
    std::string output_file;
    bool rules_counters_enabled = true;
    bool resource_utilization_enabled = true;
    bool state_counters_enabled = true;
    bool kernel_event_counters_enabled = true;
    bool kernel_event_counters_per_cpu_enabled = false;
    bool libbpf_stats_enabled = true;
    bool convert_memory_to_mb = true;
    bool include_empty_values = false;
    template <class V>
    void describe(V& v) {
        v("enabled", enabled);
        v("interval", interval, checks::metrics_interval);
        v("output_rule", output_rule);
        v("output_file", output_file);
        v("rules_counters_enabled", rules_counters_enabled);
        v("resource_utilization_enabled", resource_utilization_enabled);
        v("state_counters_enabled", state_counters_enabled);
        v("kernel_event_counters_enabled", kernel_event_counters_enabled);
        v("kernel_event_counters_per_cpu_enabled", kernel_event_counters_per_cpu_enabled);
        v("libbpf_stats_enabled", libbpf_stats_enabled);
        v("convert_memory_to_mb", convert_memory_to_mb);
        v("include_empty_values", include_empty_values);
    }
};

struct SyscallEventDrops {
    double threshold = 0.1;  // fraction of events dropped in the last second
    std::vector<DropAction> actions{DropAction::Log, DropAction::Alert};
    double rate = 0.03333;  // messages per second
    uint32_t max_burst = 1;
    bool simulate_drops = false;
    template <class V>
    void describe(V& v) {
        v("threshold", threshold, checks::fraction);
        v("actions", actions);
        v("rate", rate, checks::non_negative);
        v("max_burst", max_burst);
        v("simulate_drops", simulate_drops);
    }
};

// Lanner's alerts about lost alerts: a sink whose queue overflowed or whose
// deliveries failed. Actions as syscall_event_drops (exit stops the engine);
// the messages share one token bucket of `max_burst`, refilled at `rate`.
struct OutputDrops {
    std::vector<DropAction> actions{DropAction::Log, DropAction::Alert};
    double rate = 0.03333;  // messages per second
    uint32_t max_burst = 1;
    template <class V>
    void describe(V& v) {
        v("actions", actions);
        v("rate", rate, checks::non_negative);
        v("max_burst", max_burst);
    }
};

// Falco's buf_size_preset: the ring size per CPU, 1 MiB << (preset - 1)
// for presets 1..10 (1 MiB .. 512 MiB). Lanner defaults to 3 (4 MiB) for
// the module and 2 (2 MiB) for eBPF; lanner.yaml says why.
uint32_t ring_bytes_for_preset(uint32_t preset) noexcept;

struct KmodEngine {
    uint32_t buf_size_preset = 3;
    bool drop_failed_exit = false;
    template <class V>
    void describe(V& v) {
        v("buf_size_preset", buf_size_preset, checks::buf_size_preset);
        v("drop_failed_exit", drop_failed_exit);
    }
};

struct ModernEbpfEngine {
    // CPUs sharing one ring; 0 is one ring for all. Lanner's default is 1 (a
    // ring per CPU, what its eBPF driver implements); Falco's is 2.
    uint32_t cpus_for_each_buffer = 1;
    uint32_t buf_size_preset = 2;
    bool drop_failed_exit = false;
    template <class V>
    void describe(V& v) {
        v("cpus_for_each_buffer", cpus_for_each_buffer);
        v("buf_size_preset", buf_size_preset, checks::buf_size_preset);
        v("drop_failed_exit", drop_failed_exit);
    }
};

struct ReplayEngine {
    std::string capture_file;
    template <class V>
    void describe(V& v) {
        v("capture_file", capture_file);
    }
};

struct Engine {
    EngineKind kind = EngineKind::Auto;
    KmodEngine kmod;
    ModernEbpfEngine modern_ebpf;  // the eBPF driver's settings (engine.kind: ebpf)
    ReplayEngine replay;
    template <class V>
    void describe(V& v) {
        v("kind", kind);
        v("kmod", kmod);
        v("modern_ebpf", modern_ebpf);
        v("replay", replay);
    }
    // Ring bytes per CPU for the driver that runs (`running` is kmod or ebpf).
    uint32_t ring_bytes_per_cpu(EngineKind running) const noexcept;
};

struct BaseSyscalls {
    std::vector<std::string> custom_set;  // syscall names; "!name" removes one
    bool repair = false;
    template <class V>
    void describe(V& v) {
        v("custom_set", custom_set);
        v("repair", repair);
    }
};

struct Config {
    std::vector<ConfigFileRef> config_files;  // the shipped lanner.yaml names config.d
    bool watch_config_files = true;
    std::vector<std::filesystem::path> rules_files{kDefaultRulesDir};
    std::vector<RuleSelector> rules;
    Engine engine;
    bool time_format_iso_8601 = false;
    rules::Priority priority = rules::Priority::Debug;  // minimum rule priority
    bool json_output = false;
    bool json_include_output_property = true;
    bool json_include_tags_property = true;
    bool json_include_message_property = false;
    bool json_include_output_fields_property = true;
    bool buffered_outputs = false;
    rules::RuleMatching rule_matching = rules::RuleMatching::First;
    OutputsQueue outputs_queue;
    std::vector<AppendOutput> append_output;
    Throttle throttle;
    SimpleOutput stdout_output;
    SimpleOutput syslog_output;
    FileOutput file_output;
    HttpOutput http_output;
    ProgramOutput program_output;
    Webserver webserver;
    bool log_stderr = true;
    bool log_syslog = true;
    LogLevel log_level = LogLevel::Info;
    SyscallEventDrops syscall_event_drops;
    OutputDrops output_drops;
    Metrics metrics;
    BaseSyscalls base_syscalls;

    template <class V>
    void describe(V& v) {
        v("config_files", config_files);
        v("watch_config_files", watch_config_files);
        v("rules_files", rules_files);
        v("rules", rules);
        v("engine", engine);
        v("time_format_iso_8601", time_format_iso_8601);
        v("priority", priority);
        v("json_output", json_output);
        v("json_include_output_property", json_include_output_property);
        v("json_include_tags_property", json_include_tags_property);
        v("json_include_message_property", json_include_message_property);
        v("json_include_output_fields_property", json_include_output_fields_property);
        v("buffered_outputs", buffered_outputs);
        v("rule_matching", rule_matching);
        v("outputs_queue", outputs_queue);
        v("append_output", append_output);
        v("throttle", throttle);
        v("stdout_output", stdout_output);
        v("syslog_output", syslog_output);
        v("file_output", file_output);
        v("http_output", http_output);
        v("program_output", program_output);
        v("webserver", webserver);
        v("log_stderr", log_stderr);
        v("log_syslog", log_syslog);
        v("log_level", log_level);
        v("syscall_event_drops", syscall_event_drops);
        v("output_drops", output_drops);
        v("metrics", metrics);
        v("base_syscalls", base_syscalls);
    }

    // outputs_queue.capacity with 0 resolved to the built-in bound.
    uint64_t outputs_queue_capacity() const noexcept {
        return outputs_queue.capacity ? outputs_queue.capacity : kDefaultOutputsQueueCapacity;
    }
};

}  // namespace lanner::config
