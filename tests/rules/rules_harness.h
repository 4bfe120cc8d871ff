// Test support: a field class whose values a test sets (test.str, test.num,
// test.ip ...), registered on top of the default registry the way the
// phase-2 classes will be, and helpers to load rules from text and evaluate
// them on synthetic events.
#pragma once

#include <fcntl.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "event/event.h"
#include "event/record_builder.h"
#include "fields/default_registry.h"
#include "rules/rules_loader.h"

namespace lanner::test {

using fields::FieldType;

// One test field's values: absent when `present` is false.
struct TestValue {
    bool present = false;
    std::vector<std::string> text;
    std::vector<uint64_t> nums;
    std::vector<IpAddr> ips;
};

class TestFieldClass final : public fields::FieldClass {
  public:
    std::string_view name() const override { return "test"; }
    std::string_view description() const override { return "Values set by the test."; }
    std::span<const fields::FieldDef> fields() const override { return kDefs; }
    std::unique_ptr<fields::BoundField> bind(const fields::FieldDef& def,
                                             const fields::FieldArg& arg) const override {
        fields::ValueShape shape = fields::ValueShape::Single;
        if (def.name == "test.list") shape = fields::ValueShape::List;
        if (def.name == "test.any") shape = fields::ValueShape::AnyOf;
        return std::make_unique<Bound>(*this, def, arg, shape);
    }

    TestValue& operator[](const std::string& field) { return values_[field]; }
    void clear() { values_.clear(); }
    void set_text(const std::string& f, std::vector<std::string> v) {
        values_[f] = TestValue{true, std::move(v), {}, {}};
    }
    void set_num(const std::string& f, std::vector<uint64_t> v) {
        values_[f] = TestValue{true, {}, std::move(v), {}};
    }
    void set_ip(const std::string& f, const std::string& ip) {
        values_[f] = TestValue{true, {}, {}, {*IpAddr::parse(ip)}};
    }

  private:
    class Bound final : public fields::BoundField {
      public:
        Bound(const TestFieldClass& cls, const fields::FieldDef& def, fields::FieldArg arg,
              fields::ValueShape shape)
            : BoundField(def, std::move(arg), def.type, shape), cls_(cls) {}
        bool extract(const fields::EvalContext&, fields::FieldValues& out) const override {
            auto it = cls_.values_.find(std::string(def().name));
            if (it == cls_.values_.end() || !it->second.present) return false;
            for (const auto& s : it->second.text) out.add_copy(s);
            for (uint64_t n : it->second.nums) out.add_num(n);
            for (const auto& ip : it->second.ips) out.add_ip(ip);
            return true;
        }
        std::optional<uint64_t> flag_value(std::string_view symbol) const override {
            if (symbol == "A") return 1;
            if (symbol == "B") return 2;
            if (symbol == "C") return 4;
            return std::nullopt;
        }

      private:
        const TestFieldClass& cls_;
    };

    static constexpr fields::FieldDef kDefs[] = {
        {"test.str", FieldType::String, "a string"},
        // Marked as building its text, so the optimiser orders its checks last.
        fields::building_text({"test.str2", FieldType::String, "another string"}),
        {"test.bytes", FieldType::Bytes, "bytes"},
        {"test.num", FieldType::Int64, "a signed number"},
        {"test.num2", FieldType::Int64, "another signed number"},
        {"test.unum", FieldType::Uint64, "an unsigned number"},
        {"test.bool", FieldType::Bool, "a boolean"},
        {"test.ip", FieldType::IpAddr, "an address"},
        {"test.ip2", FieldType::IpAddr, "another address"},
        {"test.net", FieldType::IpNet, "an address compared with networks"},
        {"test.port", FieldType::Port, "a port"},
        {"test.flags", FieldType::Flags, "flags A=1 B=2 C=4"},
        {"test.list", FieldType::StringList, "a list", fields::ArgForm::Index},
        {"test.any", FieldType::String, "several candidates", fields::ArgForm::Index},
        {"test.keyed", FieldType::String, "takes a key", fields::ArgForm::Key, true},
    };
    std::map<std::string, TestValue> values_;
};

// A registry with evt.*, the pending classes and test.*.
struct TestRegistry {
    std::shared_ptr<fields::FieldRegistry> registry =
        fields::make_default_registry({nullptr, "testhost"});
    TestFieldClass* test = nullptr;
    TestRegistry() {
        auto cls = std::make_unique<TestFieldClass>();
        test = cls.get();
        registry->add(std::move(cls));
    }
};

// One decoded record that outlives the evaluation.
struct Record {
    std::vector<uint8_t> bytes;
    Event ev;
    explicit Record(const RecordBuilder& b) : bytes(b.build()) {
        if (Event::decode(bytes, ev)) throw Error("test record does not decode");
    }
};

// A default event for checks that do not look at it.
inline RecordBuilder some_openat() {
    return RecordBuilder("openat")
        .ts(1000)
        .thread(42, 42)
        .set("fd", 3)
        .set("dirfd", int64_t{AT_FDCWD})
        .set("name", "/etc/passwd")
        .set("flags", unsigned{O_RDONLY | O_CLOEXEC})
        .set("mode", 0u);
}

// A rules file with one rule "r" whose condition is `condition`.
inline std::string one_rule(const std::string& condition, const std::string& extra = "") {
    std::string yaml = "- rule: r\n  desc: d\n  output: o\n  priority: WARNING\n  condition: '";
    for (char c : condition) {
        if (c == '\'') yaml += '\'';
        yaml += c;
    }
    return yaml + "'\n" + extra;
}

struct Loaded {
    rules::LoadResult result;
    std::string all_messages() const {
        std::string s;
        for (const auto& d : result.diagnostics) s += d.to_string() + "\n";
        return s;
    }
    std::string first_error() const {
        for (const auto& d : result.diagnostics)
            if (d.severity == rules::Severity::Error) return d.to_string();
        return {};
    }
};

inline Loaded load(const TestRegistry& reg,
                   std::vector<std::pair<std::string, std::string>> files) {
    rules::RulesLoader loader(reg.registry);
    for (auto& [name, content] : files) loader.add_content(name, content);
    return Loaded{loader.load()};
}

inline Loaded load(const TestRegistry& reg, const std::string& content) {
    return load(reg, {{"rules.yaml", content}});
}

// Names of the rules matching `ev` (rule_matching: all).
inline std::vector<std::string> matching(const rules::LoadResult& r, const Event& ev) {
    rules::RuleEvaluator eval(r.ruleset, rules::RuleMatching::All);
    std::vector<const rules::CompiledRule*> out;
    eval.evaluate(ev, out);
    std::vector<std::string> names;
    for (const auto* rule : out) names.push_back(rule->name);
    return names;
}

}  // namespace lanner::test
