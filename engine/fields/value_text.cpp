#include "fields/value_text.h"

#include <arpa/inet.h>

#include <fmt/format.h>

#include "event/param_format.h"
#include "lanner/schema.h"

namespace lanner::fields {

void append_value_text(FieldType type, const Scalar& v, std::string& out) {
    auto it = std::back_inserter(out);
    switch (type) {
        case FieldType::String:
        case FieldType::StringList:
            out.append(v.str);
            return;
        case FieldType::Bytes:
            append_printable(v.str, out);
            return;
        case FieldType::Int64:
            fmt::format_to(it, "{}", v.as_int());
            return;
        case FieldType::Bool:
            out += v.num ? "true" : "false";
            return;
        case FieldType::IpAddr:
        case FieldType::IpNet: {
            char buf[INET6_ADDRSTRLEN] = {};
            const int af = v.ip.family == LN_AF_INET6 ? AF_INET6 : AF_INET;
            if (v.ip.family != 0 && inet_ntop(af, v.ip.bytes.data(), buf, sizeof buf)) out += buf;
            return;
        }
        case FieldType::Uint64:
        case FieldType::Port:
        case FieldType::Flags:
        case FieldType::AbsTime:
        case FieldType::RelTime:
            fmt::format_to(it, "{}", v.num);
            return;
    }
}

}  // namespace lanner::fields
