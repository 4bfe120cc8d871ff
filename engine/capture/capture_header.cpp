#include "capture/capture_header.h"

#include <cstring>

#include <fmt/format.h>

#include "capture/capture_error.h"
#include "capture/capture_format.h"
#include "common/error.h"

namespace lanner::capture {
namespace {

// Strings longer than this are rejected by the writer; they would only be a
// mistake (a host name is at most 64 bytes, a kernel release 64).
constexpr size_t kMaxHeaderString = 1024;

// First bytes of formats people may hand us by mistake, to say what they are.
std::string_view known_foreign_format(std::span<const uint8_t> b) {
    static constexpr uint8_t pcapng[4] = {0x0a, 0x0d, 0x0d, 0x0a};
    static constexpr uint8_t pcap_le[4] = {0xd4, 0xc3, 0xb2, 0xa1};
    static constexpr uint8_t gzip[2] = {0x1f, 0x8b};
    static constexpr uint8_t zstd[4] = {0x28, 0xb5, 0x2f, 0xfd};
    auto starts = [&](std::span<const uint8_t> m) {
        return b.size() >= m.size() && std::memcmp(b.data(), m.data(), m.size()) == 0;
    };
    if (starts(pcapng)) return " (this looks like a pcapng or Falco/sysdig .scap file)";
    if (starts(pcap_le)) return " (this looks like a pcap file)";
    if (starts(gzip)) return " (this looks gzip-compressed: decompress it first)";
    if (starts(zstd)) return " (this looks zstd-compressed: decompress it first)";
    return "";
}

template <typename T>
T load(std::span<const uint8_t> b, size_t off) {
    T v;
    std::memcpy(&v, b.data() + off, sizeof v);
    return v;
}

}  // namespace

std::vector<uint8_t> encode_header(const CaptureInfo& info) {
    const std::string_view strings[] = {info.hostname, info.kernel_release, info.driver};
    size_t len = sizeof(FileHeader);
    for (auto s : strings) {
        if (s.size() > kMaxHeaderString)
            throw Error("capture header: string of {} bytes is too long (limit {}): '{:.40}...'",
                        s.size(), kMaxHeaderString, s);
        len += s.size();
    }
    len = (len + 7) & ~size_t{7};

    std::vector<uint8_t> out(len, 0);
    FileHeader h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.header_len = static_cast<uint32_t>(len);
    h.format_major = kFormatMajor;
    h.format_minor = kFormatMinor;
    h.schema_version = LN_SCHEMA_VERSION;
    h.flags = info.flags;
    h.boot_time_ns = info.boot_time_ns;
    h.start_ts = info.start_ts;
    h.snaplen = info.snaplen;
    HeaderString* fields[] = {&h.hostname, &h.kernel, &h.driver};
    size_t at = sizeof(FileHeader);
    for (size_t i = 0; i < 3; ++i) {
        *fields[i] = {static_cast<uint16_t>(at), static_cast<uint16_t>(strings[i].size())};
        std::memcpy(out.data() + at, strings[i].data(), strings[i].size());
        at += strings[i].size();
    }
    std::memcpy(out.data(), &h, sizeof h);
    const uint32_t crc = file_header_checksum(out);
    std::memcpy(out.data() + offsetof(FileHeader, header_crc), &crc, sizeof crc);
    return out;
}

uint32_t check_header_start(std::span<const uint8_t> b, std::string_view name) {
    const size_t have = b.size();
    if (have == 0) throw CaptureError(name, 0, "the file is empty: no capture header");
    const size_t magic_have = have < sizeof kMagic ? have : sizeof kMagic;
    if (std::memcmp(b.data(), kMagic, magic_have) != 0)
        throw CaptureError(name, 0,
                           fmt::format("not a Lanner capture: the file does not start with the "
                                       "capture magic 89 4c 4e 43 41 50 0d 0a{}",
                                       known_foreign_format(b)));
    if (have < kHeaderStartBytes)
        throw CaptureError(name, have,
                           fmt::format("truncated header: the file ends after {} bytes, the "
                                       "header needs at least {}",
                                       have, sizeof(FileHeader)));
    const auto major = load<uint16_t>(b, offsetof(FileHeader, format_major));
    const auto minor = load<uint16_t>(b, offsetof(FileHeader, format_minor));
    if (major == 0)
        throw CaptureError(name, offsetof(FileHeader, format_major),
                           fmt::format("capture format version {}.{} is invalid", major, minor));
    if (major > kFormatMajor)
        throw CaptureError(name, offsetof(FileHeader, format_major),
                           fmt::format("capture format version {}.{} is newer than this reader "
                                       "(it reads format {}.x): use a newer lanner",
                                       major, minor, kFormatMajor));
    const auto len = load<uint32_t>(b, offsetof(FileHeader, header_len));
    if (len < sizeof(FileHeader) || len % 8 != 0 || len > kMaxHeaderLen)
        throw CaptureError(name, offsetof(FileHeader, header_len),
                           fmt::format("header length {} is invalid (a multiple of 8 in [{}, {}])",
                                       len, sizeof(FileHeader), kMaxHeaderLen));
    return len;
}

CaptureInfo decode_header(std::span<const uint8_t> b, std::string_view name, bool verify) {
    FileHeader h;
    std::memcpy(&h, b.data(), sizeof h);
    if (verify) {
        const uint32_t crc = file_header_checksum(b);
        if (crc != h.header_crc)
            throw CaptureError(name, offsetof(FileHeader, header_crc),
                               fmt::format("header checksum mismatch (stored {:08x}, computed "
                                           "{:08x}): the header is corrupt",
                                           h.header_crc, crc));
    }
    CaptureInfo info;
    info.format_major = h.format_major;
    info.format_minor = h.format_minor;
    info.schema_version = h.schema_version;
    if (info.schema_major() > LN_SCHEMA_VERSION_MAJOR)
        throw CaptureError(name, offsetof(FileHeader, schema_version),
                           fmt::format("event schema {}.{} is newer than this reader's major "
                                       "version (schema {}.{})",
                                       info.schema_major(), info.schema_minor(),
                                       LN_SCHEMA_VERSION_MAJOR, LN_SCHEMA_VERSION_MINOR));
    info.flags = h.flags;
    info.boot_time_ns = h.boot_time_ns;
    info.start_ts = h.start_ts;
    info.snaplen = h.snaplen;
    const struct {
        const HeaderString& field;
        size_t at;
        const char* what;
        std::string& out;
    } strings[] = {
        {h.hostname, offsetof(FileHeader, hostname), "host name", info.hostname},
        {h.kernel, offsetof(FileHeader, kernel), "kernel release", info.kernel_release},
        {h.driver, offsetof(FileHeader, driver), "driver", info.driver},
    };
    for (const auto& s : strings) {
        const size_t end = size_t{s.field.off} + s.field.len;
        if (s.field.len != 0 && (s.field.off < sizeof(FileHeader) || end > b.size()))
            throw CaptureError(
                name, s.at,
                fmt::format("{} string (offset {}, length {}) lies outside the "
                            "header's string area [{}, {})",
                            s.what, s.field.off, s.field.len, sizeof(FileHeader), b.size()));
        if (s.field.len != 0)
            s.out.assign(reinterpret_cast<const char*>(b.data()) + s.field.off, s.field.len);
    }
    return info;
}

}  // namespace lanner::capture
