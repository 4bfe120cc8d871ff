// Lists, macros and rules as read from the rules files, after append and
// override have been applied, before compilation.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/priority.h"
#include "rules/source_text.h"

namespace lanner::rules {

struct ListInfo {
    struct Item {
        std::string text;
        Origin origin;
    };
    std::string name;
    std::vector<Item> items;
    Origin origin;            // where the current definition starts
    uint32_t index = 0;       // order of the first definition
    uint32_t visibility = 0;  // order of the latest definition, append or override
};

struct MacroInfo {
    std::string name;
    MappedText condition;
    Origin origin;
    uint32_t index = 0;
    // A macro may use the macros defined (first) before its latest
    // definition or append, as in Falco.
    uint32_t visibility = 0;
};

// One of `fields`, `comps` or a value of an exception: a string or a list.
struct ExceptionEntry {
    bool present = false;
    bool is_list = false;
    std::string text;
    std::vector<ExceptionEntry> items;
    Origin origin;
};

struct ExceptionInfo {
    std::string name;
    ExceptionEntry fields;
    ExceptionEntry comps;
    std::vector<ExceptionEntry> values;
    Origin origin;
};

struct RuleInfo {
    std::string name;
    MappedText condition;
    MappedText output;
    std::string description;
    Priority priority = Priority::Debug;
    std::vector<std::string> tags;  // sorted, unique
    bool enabled = true;
    bool warn_evttypes = true;
    bool skip_if_unknown_filter = false;
    std::string source = "syscall";
    std::vector<ExceptionInfo> exceptions;
    Origin origin;
    uint32_t index = 0;
};

// Items by name in definition order; a redefinition keeps the first
// definition's place (Falco's order for evaluation and listing).
template <typename T>
class ItemTable {
  public:
    T* find(const std::string& name) {
        auto it = by_name_.find(name);
        return it == by_name_.end() ? nullptr : &items_[it->second];
    }
    const T* find(const std::string& name) const {
        auto it = by_name_.find(name);
        return it == by_name_.end() ? nullptr : &items_[it->second];
    }
    // Inserts or replaces; returns the stored item.
    T& put(T item) {
        auto it = by_name_.find(item.name);
        if (it != by_name_.end()) return items_[it->second] = std::move(item);
        by_name_.emplace(item.name, items_.size());
        items_.push_back(std::move(item));
        return items_.back();
    }
    size_t position(const std::string& name) const { return by_name_.at(name); }
    const std::vector<T>& items() const noexcept { return items_; }
    std::vector<T>& items() noexcept { return items_; }

  private:
    std::vector<T> items_;
    std::unordered_map<std::string, size_t> by_name_;
};

// Everything read from the rules files of one load.
struct RuleCollection {
    ItemTable<ListInfo> lists;
    ItemTable<MacroInfo> macros;
    ItemTable<RuleInfo> rules;
    uint32_t next_index = 0;  // shared by lists, macros and rules, as in Falco

    // Where each item was last defined (not appended to): a second
    // definition in the same file is an error.
    std::unordered_map<std::string, uint32_t> list_file, macro_file, rule_file;
};

}  // namespace lanner::rules
