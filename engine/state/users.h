// Users and groups by id (user.name, user.homedir, user.shell, group.name).
//
// Loaded from the host's /etc/passwd and /etc/group at start (paths are
// configurable), or from the userinfo/groupinfo records of a capture's state
// section. The first such record replaces whatever was loaded from the host,
// so a replay names users as the captured machine did, on any machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lanner::state {

struct UserInfo {
    uint32_t uid = 0;
    uint32_t gid = 0;
    std::string name;
    std::string home;
    std::string shell;
};

struct GroupInfo {
    uint32_t gid = 0;
    std::string name;
};

struct LoadReport {
    bool opened = false;   // the file could be read
    size_t entries = 0;    // lines accepted
    size_t malformed = 0;  // lines skipped (wrong field count, bad number)
};

class UserTable {
  public:
    // Adds the users of a passwd(5) file; a missing file adds nothing.
    LoadReport load_passwd(const std::string& path);
    // A userinfo record: the first one drops the host's entries.
    void apply_record(const UserInfo& u);
    void put(const UserInfo& u) { by_uid_[u.uid] = u; }
    const UserInfo* find(uint32_t uid) const noexcept;
    size_t size() const noexcept { return by_uid_.size(); }
    // Entries ordered by uid (for writing a state section).
    std::vector<const UserInfo*> sorted() const;

  private:
    std::unordered_map<uint32_t, UserInfo> by_uid_;
    bool from_records_ = false;
};

class GroupTable {
  public:
    LoadReport load_group(const std::string& path);
    void apply_record(const GroupInfo& g);
    void put(const GroupInfo& g) { by_gid_[g.gid] = g; }
    const GroupInfo* find(uint32_t gid) const noexcept;
    size_t size() const noexcept { return by_gid_.size(); }
    std::vector<const GroupInfo*> sorted() const;

  private:
    std::unordered_map<uint32_t, GroupInfo> by_gid_;
    bool from_records_ = false;
};

}  // namespace lanner::state
