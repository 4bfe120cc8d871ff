// user.* and group.*: the effective user and group of the thread and the
// audit login user of its process, named from the tracker's user and group
// tables (the host's /etc/passwd and /etc/group, or a capture's state
// section). As in Falco, uid and gid 0 are root even where no table says so;
// other ids without an entry have no name (absent).
//
// The tables describe the host: a process in a container whose image has
// its own /etc/passwd may see other names for the same ids.
#include "fields/state_field_class.h"
#include "fields/state_fields.h"

namespace lanner::fields {
namespace {

using FT = FieldType;
using state::GroupInfo;
using state::UserInfo;

constexpr FieldDef field(std::string_view name, FieldType type, std::string_view description) {
    return FieldDef{name, type, description};
}

enum UserId : unsigned { Uid, Name, Homedir, Shell, Loginuid, Loginname, kUserCount };

constexpr FieldDef kUser[] = {
    field("user.uid", FT::Uint64, "Effective user id of the thread."),
    field("user.name", FT::String, "Name of the effective user."),
    field("user.homedir", FT::String, "Home directory of the effective user."),
    field("user.shell", FT::String, "Login shell of the effective user."),
    field("user.loginuid", FT::Int64,
          "Audit login uid (auid) of the process: the user who logged in, kept across su and "
          "sudo; -1 when unset (daemons)."),
    field("user.loginname", FT::String, "Name of the audit login user."),
};
static_assert(std::size(kUser) == kUserCount, "kUser and UserId disagree");

class UserFieldClass final : public StateFieldClass {
  public:
    explicit UserFieldClass(const StateView& view)
        : StateFieldClass("user", "The effective user of the thread and the login user.", kUser,
                          view) {}

    bool extract(unsigned id, const BoundField&, const EvalContext& ctx,
                 FieldValues& out) const override {
        const state::Thread* t = thread();
        // A thread known only from a record header: its credentials are unknown.
        if (t == nullptr || t->process->partial) return false;
        const state::Process& p = *t->process;
        const bool has_login = !p.partial && p.loginuid != state::kNoLoginUid;
        if (memo_.stale(ctx)) {
            user_ = tracker()->user(t->uid);
            login_ = has_login ? tracker()->user(p.loginuid) : nullptr;
        }
        switch (id) {
            case Uid:
                out.add_num(t->uid);
                return true;
            case Name:
                return put_name(out, user_, t->uid);
            case Homedir:
                if (user_ != nullptr && !user_->home.empty()) {
                    out.add_view(user_->home);
                    return true;
                }
                if (t->uid != 0) return false;
                out.add_view("/root");
                return true;
            case Shell:
                if (user_ == nullptr || user_->shell.empty()) return false;
                out.add_view(user_->shell);
                return true;
            case Loginuid:
                out.add_int(has_login ? int64_t{p.loginuid} : -1);
                return true;
            case Loginname:
                return has_login && put_name(out, login_, p.loginuid);
            default:
                return false;
        }
    }

  private:
    static bool put_name(FieldValues& out, const UserInfo* u, uint32_t uid) {
        if (u != nullptr && !u->name.empty()) {
            out.add_view(u->name);
            return true;
        }
        if (uid != 0) return false;
        out.add_view("root");
        return true;
    }

    // The users of the current event, looked up once for all fields.
    mutable EventMemo memo_;
    mutable const UserInfo* user_ = nullptr;
    mutable const UserInfo* login_ = nullptr;
};

enum GroupId : unsigned { Gid, GroupName, kGroupCount };

constexpr FieldDef kGroup[] = {
    field("group.gid", FT::Uint64, "Effective group id of the thread."),
    field("group.name", FT::String, "Name of the effective group."),
};
static_assert(std::size(kGroup) == kGroupCount, "kGroup and GroupId disagree");

class GroupFieldClass final : public StateFieldClass {
  public:
    explicit GroupFieldClass(const StateView& view)
        : StateFieldClass("group", "The effective group of the thread.", kGroup, view) {}

    bool extract(unsigned id, const BoundField&, const EvalContext&,
                 FieldValues& out) const override {
        const state::Thread* t = thread();
        if (t == nullptr || t->process->partial) return false;
        if (id == Gid) {
            out.add_num(t->gid);
            return true;
        }
        const GroupInfo* g = tracker()->group(t->gid);
        if (g != nullptr && !g->name.empty()) {
            out.add_view(g->name);
            return true;
        }
        if (t->gid != 0) return false;
        out.add_view("root");
        return true;
    }
};

}  // namespace

std::unique_ptr<FieldClass> make_user_fields(const StateView& view) {
    return std::make_unique<UserFieldClass>(view);
}

std::unique_ptr<FieldClass> make_group_fields(const StateView& view) {
    return std::make_unique<GroupFieldClass>(view);
}

}  // namespace lanner::fields
