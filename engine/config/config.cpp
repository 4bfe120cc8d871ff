#include "config/config.h"

namespace lanner::config {

uint32_t ring_bytes_for_preset(uint32_t preset) noexcept {
    // Falco's table: index 0 reserved, 1 -> 1 MiB ... 10 -> 512 MiB. Lanner's
    // drivers take the same bytes per CPU (kmod's ring_bytes parameter, the
    // eBPF driver's ring map size); out-of-range presets read as the default.
    if (preset < 1 || preset > 10) preset = 4;
    return (1u << 20) << (preset - 1);
}

uint32_t Engine::ring_bytes_per_cpu(EngineKind running) const noexcept {
    return ring_bytes_for_preset(running == EngineKind::Kmod ? kmod.buf_size_preset
                                                             : modern_ebpf.buf_size_preset);
}

}  // namespace lanner::config
