#include "event/sockaddr.h"

#include <arpa/inet.h>

#include <cstring>

#include "common/error.h"
#include "lanner/schema.h"

namespace lanner {

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
    std::string s(text);
    IpAddr a;
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
        a.family = LN_AF_INET;
        return a;
    }
    if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
        a.family = LN_AF_INET6;
        return a;
    }
    return std::nullopt;
}

std::string IpAddr::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == LN_AF_INET)
        inet_ntop(AF_INET, bytes.data(), buf, sizeof buf);
    else if (family == LN_AF_INET6)
        inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    return buf;
}

namespace {

size_t addr_len(uint8_t family) {
    return family == LN_AF_INET ? 4 : 16;
}

void put_endpoint(std::string& out, const Endpoint& e, uint8_t family) {
    out.append(reinterpret_cast<const char*>(e.ip.bytes.data()), addr_len(family));
    out.append(reinterpret_cast<const char*>(&e.port), 2);
}

Endpoint get_endpoint(const char* p, uint8_t family) {
    Endpoint e;
    e.ip.family = family;
    std::memcpy(e.ip.bytes.data(), p, addr_len(family));
    std::memcpy(&e.port, p + addr_len(family), 2);
    return e;
}

}  // namespace

std::string encode_sockaddr(const SockAddr& a) {
    std::string out;
    if (a.family == 0) return out;
    out.push_back(static_cast<char>(a.family));
    if (a.family == LN_AF_INET || a.family == LN_AF_INET6)
        put_endpoint(out, a.inet, a.family);
    else if (a.family == LN_AF_UNIX)
        out += a.unix_path;
    return out;
}

std::string encode_socktuple(const SockTuple& t) {
    std::string out;
    if (t.family == 0) return out;
    out.push_back(static_cast<char>(t.family));
    if (t.family == LN_AF_INET || t.family == LN_AF_INET6) {
        put_endpoint(out, t.client, t.family);
        put_endpoint(out, t.server, t.family);
    } else if (t.family == LN_AF_UNIX) {
        out.append(reinterpret_cast<const char*>(&t.unix_source), 8);
        out.append(reinterpret_cast<const char*>(&t.unix_peer), 8);
        out += t.unix_path;
    }
    return out;
}

std::optional<SockAddr> decode_sockaddr(std::string_view b) {
    if (b.empty()) return std::nullopt;
    SockAddr a;
    a.family = static_cast<uint8_t>(b[0]);
    if (a.family == LN_AF_INET || a.family == LN_AF_INET6) {
        const size_t need = 1 + addr_len(a.family) + 2;
        if (b.size() != need) return std::nullopt;
        a.inet = get_endpoint(b.data() + 1, a.family);
    } else if (a.family == LN_AF_UNIX) {
        a.unix_path = std::string(b.substr(1));
    }
    return a;
}

std::optional<SockTuple> decode_socktuple(std::string_view b) {
    if (b.empty()) return std::nullopt;
    SockTuple t;
    t.family = static_cast<uint8_t>(b[0]);
    if (t.family == LN_AF_INET || t.family == LN_AF_INET6) {
        const size_t one = addr_len(t.family) + 2;
        if (b.size() != 1 + 2 * one) return std::nullopt;
        t.client = get_endpoint(b.data() + 1, t.family);
        t.server = get_endpoint(b.data() + 1 + one, t.family);
    } else if (t.family == LN_AF_UNIX) {
        if (b.size() < LN_SOCKTUPLE_UNIX_MIN) return std::nullopt;
        std::memcpy(&t.unix_source, b.data() + 1, 8);
        std::memcpy(&t.unix_peer, b.data() + 9, 8);
        t.unix_path = std::string(b.substr(17));
    }
    return t;
}

static Endpoint endpoint(std::string_view ip, uint16_t port) {
    auto a = IpAddr::parse(ip);
    if (!a) throw Error("not an IP address: '{}'", ip);
    return Endpoint{*a, port};
}

std::string inet_sockaddr(std::string_view ip, uint16_t port) {
    SockAddr a;
    a.inet = endpoint(ip, port);
    a.family = a.inet.ip.family;
    return encode_sockaddr(a);
}

std::string inet_tuple(std::string_view cip, uint16_t cport, std::string_view sip, uint16_t sport) {
    SockTuple t;
    t.client = endpoint(cip, cport);
    t.server = endpoint(sip, sport);
    if (t.client.ip.family != t.server.ip.family)
        throw Error("tuple mixes address families: '{}' and '{}'", cip, sip);
    t.family = t.client.ip.family;
    return encode_socktuple(t);
}

std::string unix_sockaddr(std::string_view path) {
    SockAddr a;
    a.family = LN_AF_UNIX;
    a.unix_path = std::string(path);
    return encode_sockaddr(a);
}

}  // namespace lanner
