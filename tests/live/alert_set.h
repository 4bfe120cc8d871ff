// The JSON alerts of a live run, searched by rule and by an output field
// (the pid or container an action ran in).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lanner::live {

// An output field of an alert as text: numbers and booleans printed, "<NA>"
// for a field without a value, "<missing>" when the alert lacks the key.
std::string field(const nlohmann::json& alert, const std::string& key);

class AlertSet {
  public:
    explicit AlertSet(std::vector<nlohmann::json> alerts) : alerts_(std::move(alerts)) {}

    // Alerts of `rule` whose output field `key` reads `value`.
    std::vector<const nlohmann::json*> of(const std::string& rule, const std::string& key,
                                          const std::string& value) const;
    // The first of them, or nullptr.
    const nlohmann::json* first(const std::string& rule, const std::string& key,
                                const std::string& value) const;
    // The alert of `rule` raised by process `pid`, and the one raised by a
    // process named `proc_name` inside the container `container_id` (short
    // id); each fails the test case, listing the alerts it saw there, if
    // there is none.
    const nlohmann::json& raised_by(const std::string& rule, long pid) const;
    const nlohmann::json& raised_in(const std::string& rule, const std::string& container_id,
                                    const std::string& proc_name) const;
    // "rule: output" of every alert whose `key` reads `value`: what a failed
    // check prints.
    std::string about(const std::string& key, const std::string& value) const;
    size_t size() const { return alerts_.size(); }

  private:
    std::vector<nlohmann::json> alerts_;
};

}  // namespace lanner::live
