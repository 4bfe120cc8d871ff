#include "alert_set.h"

#include <sstream>

namespace lanner::live {

std::string field(const nlohmann::json& alert, const std::string& key) {
    const auto fields = alert.find("output_fields");
    if (fields == alert.end() || !fields->contains(key)) return "<missing>";
    const nlohmann::json& v = (*fields)[key];
    if (v.is_null()) return "<NA>";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

std::vector<const nlohmann::json*> AlertSet::of(const std::string& rule, const std::string& key,
                                                const std::string& value) const {
    std::vector<const nlohmann::json*> found;
    for (const auto& a : alerts_)
        if (a.value("rule", "") == rule && field(a, key) == value) found.push_back(&a);
    return found;
}

const nlohmann::json* AlertSet::first(const std::string& rule, const std::string& key,
                                      const std::string& value) const {
    const auto found = of(rule, key, value);
    return found.empty() ? nullptr : found.front();
}

std::string AlertSet::about(const std::string& key, const std::string& value) const {
    std::ostringstream s;
    s << "\nalerts with " << key << "=" << value << ":";
    size_t n = 0;
    for (const auto& a : alerts_) {
        if (field(a, key) != value) continue;
        s << "\n  " << a.value("rule", "?") << ": " << a.value("output", "");
        ++n;
    }
    if (n == 0) s << " none (of " << alerts_.size() << " alerts)";
    return s.str();
}

}  // namespace lanner::live
