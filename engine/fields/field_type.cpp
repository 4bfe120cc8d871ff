#include "fields/field_type.h"

namespace lanner::fields {

std::string_view type_name(FieldType t) noexcept {
    switch (t) {
        case FieldType::String:
            return "string";
        case FieldType::Bytes:
            return "bytes";
        case FieldType::Int64:
            return "int64";
        case FieldType::Uint64:
            return "uint64";
        case FieldType::Bool:
            return "bool";
        case FieldType::IpAddr:
            return "ipaddr";
        case FieldType::IpNet:
            return "ipnet";
        case FieldType::Port:
            return "port";
        case FieldType::Flags:
            return "flags";
        case FieldType::AbsTime:
            return "abstime";
        case FieldType::RelTime:
            return "reltime";
        case FieldType::StringList:
            return "list";
    }
    return "?";
}

bool is_numeric(FieldType t) noexcept {
    switch (t) {
        case FieldType::Int64:
        case FieldType::Uint64:
        case FieldType::Port:
        case FieldType::Flags:
        case FieldType::AbsTime:
        case FieldType::RelTime:
            return true;
        default:
            return false;
    }
}

}  // namespace lanner::fields
