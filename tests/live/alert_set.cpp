#include "alert_set.h"

#include <boost/test/unit_test.hpp>
#include <sstream>
#include <stdexcept>

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

const nlohmann::json& AlertSet::raised_by(const std::string& rule, long pid) const {
    const std::string p = std::to_string(pid);
    const nlohmann::json* a = first(rule, "proc.pid", p);
    BOOST_REQUIRE_MESSAGE(a, "no '" << rule << "' alert" << about("proc.pid", p));
    return *a;
}

const nlohmann::json& AlertSet::raised_in(const std::string& rule, const std::string& container_id,
                                          const std::string& proc_name) const {
    for (const nlohmann::json* a : of(rule, "container.id", container_id))
        if (field(*a, "proc.name") == proc_name) return *a;
    BOOST_FAIL("no '" << rule << "' alert for " << proc_name
                      << about("container.id", container_id));
    throw std::logic_error("unreachable");
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
