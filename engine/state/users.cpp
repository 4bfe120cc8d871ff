#include "state/users.h"

#include <algorithm>
#include <charconv>
#include <fstream>

namespace lanner::state {

namespace {

// Splits a colon-separated line into at most `max` fields; returns the count.
size_t split_fields(std::string_view line, std::string_view* out, size_t max) {
    size_t n = 0;
    while (n < max) {
        const size_t colon = line.find(':');
        out[n++] = line.substr(0, colon);
        if (colon == std::string_view::npos) break;
        line.remove_prefix(colon + 1);
    }
    return n;
}

bool parse_id(std::string_view s, uint32_t& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

// Calls f(line) for each line that is not blank or a comment.
template <typename F>
LoadReport for_each_line(const std::string& path, F&& f) {
    LoadReport r;
    std::ifstream in(path);
    if (!in) return r;
    r.opened = true;
    std::string line;
    while (std::getline(in, line)) {
        std::string_view l(line);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        if (l.empty() || l.front() == '#') continue;
        if (f(l))
            ++r.entries;
        else
            ++r.malformed;
    }
    return r;
}

template <typename Map>
auto values_of(const Map& m) {
    std::vector<const typename Map::mapped_type*> v;
    v.reserve(m.size());
    for (const auto& [id, e] : m) v.push_back(&e);
    return v;
}

}  // namespace

LoadReport UserTable::load_passwd(const std::string& path) {
    return for_each_line(path, [&](std::string_view l) {
        std::string_view f[7];
        UserInfo u;
        if (split_fields(l, f, 7) != 7 || f[0].empty() || !parse_id(f[2], u.uid) ||
            !parse_id(f[3], u.gid))
            return false;
        u.name = f[0];
        u.home = f[5];
        u.shell = f[6];
        // The first entry for a uid wins, as getpwuid(3) would return it.
        by_uid_.try_emplace(u.uid, std::move(u));
        return true;
    });
}

void UserTable::apply_record(const UserInfo& u) {
    if (!from_records_) {
        by_uid_.clear();
        from_records_ = true;
    }
    by_uid_[u.uid] = u;
}

const UserInfo* UserTable::find(uint32_t uid) const noexcept {
    auto it = by_uid_.find(uid);
    return it == by_uid_.end() ? nullptr : &it->second;
}

std::vector<const UserInfo*> UserTable::sorted() const {
    auto v = values_of(by_uid_);
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->uid < b->uid; });
    return v;
}

LoadReport GroupTable::load_group(const std::string& path) {
    return for_each_line(path, [&](std::string_view l) {
        std::string_view f[4];
        GroupInfo g;
        if (split_fields(l, f, 4) != 4 || f[0].empty() || !parse_id(f[2], g.gid)) return false;
        g.name = f[0];
        by_gid_.try_emplace(g.gid, std::move(g));
        return true;
    });
}

void GroupTable::apply_record(const GroupInfo& g) {
    if (!from_records_) {
        by_gid_.clear();
        from_records_ = true;
    }
    by_gid_[g.gid] = g;
}

const GroupInfo* GroupTable::find(uint32_t gid) const noexcept {
    auto it = by_gid_.find(gid);
    return it == by_gid_.end() ? nullptr : &it->second;
}

std::vector<const GroupInfo*> GroupTable::sorted() const {
    auto v = values_of(by_gid_);
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->gid < b->gid; });
    return v;
}

}  // namespace lanner::state
