// SPDX-License-Identifier: GPL-2.0-only
/*
 * The task snapshot of execve/execveat and the clone family: what the
 * current task is after the call (docs/driver-semantics.md, "Common
 * encodings"). Everything is read from the current task without sleeping:
 * RCU for the pointers that change (parent, exe_file, css_set, pid
 * namespace), the sighand lock for the controlling terminal, and the
 * _nofault copies for the task's own memory (argv, environment).
 */

#include <linux/audit.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/mount.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/tty.h>
#include <linux/uidgid.h>

#include "event_sources.h"
#include "fill.h"

/* Items of a failed exec's argv or envp followed (bpf/snapshot.h has the same). */
#define LN_EXEC_LIST_ITEMS 64

/* A failed exec still runs the caller's image: its argv is the argument. */
static bool ln_exec_failed(const struct ln_rec *r)
{
	return (r->type == LN_EVT_EXECVE || r->type == LN_EVT_EXECVEAT) && r->ret != 0;
}

static const char __user *const __user *ln_exec_argv(const struct ln_rec *r)
{
	return (const char __user *const __user *)ln_arg(r, r->type == LN_EVT_EXECVEAT ? 2 : 1);
}

static const char __user *const __user *ln_exec_envp(const struct ln_rec *r)
{
	return (const char __user *const __user *)ln_arg(r, r->type == LN_EVT_EXECVEAT ? 3 : 2);
}

static void ln_fill_exe(struct ln_rec *r)
{
	const char __user *const __user *argv = ln_exec_argv(r);
	struct mm_struct *mm = current->mm;
	const char __user *argv0 = NULL;
	u32 start = r->pos;
	u16 idx = r->idx;

	if (ln_exec_failed(r)) {
		/* Linux takes a NULL argv as an empty one. */
		if (argv && !ln_read_user(&argv0, argv, sizeof(argv0))) {
			ln_put_unreadable(r);
			return;
		}
		if (!argv0) {
			ln_put_empty(r);
			return;
		}
	} else if (mm) {
		argv0 = (const char __user *)mm->arg_start;
	} else {
		ln_put_empty(r);
		return;
	}
	ln_put_ustr(r, argv0, LN_MAX_PATH);
	if (!r->overflow && r->idx > idx) {
		r->exe_len = r->pos - start;
		r->exe_cut = r->flags & LN_EF_PARTIAL;
	}
}

/*
 * The strings of a NULL-terminated user pointer array (a failed exec's argv
 * or envp), each kept with its NUL, at most `max` bytes in all and
 * LN_EXEC_LIST_ITEMS items (the eBPF driver's bound, bpf/snapshot.h); the
 * first `skip` items are left out. A NULL array is an empty one, as Linux
 * takes it. The value is partial when cut or when a pointer cannot be read.
 */
static void ln_fill_list_from_user(struct ln_rec *r, const char __user *const __user *list,
				   u32 max, unsigned int skip)
{
	u32 budget = min_t(u32, max, ln_rec_room(r));
	const char __user *item;
	bool cut = true;	/* until the terminating NULL is seen */
	u32 used = 0;
	unsigned int i;
	long got;

	if (!list) {
		ln_put_empty(r);
		return;
	}
	for (i = 0; i < LN_EXEC_LIST_ITEMS; i++) {
		if (!ln_read_user(&item, list + i, sizeof(item)))
			break;
		if (!item) {
			cut = false;
			break;
		}
		if (i < skip)
			continue;
		if (used >= budget)
			break;
		got = ln_strncpy_user(ln_rec_cursor(r) + used, item, budget - used);
		if (got < 0)
			break;
		/* An item reaching the bound keeps what fits before it and a
		 * NUL, cut, also when it ends exactly there (as the eBPF
		 * driver's string read, which cannot tell the two apart). */
		if (got >= budget - used - 1) {
			ln_rec_cursor(r)[budget - 1] = '\0';
			used = budget;
			break;
		}
		used += got + 1;
	}
	if (cut && budget < max && used >= budget) {
		r->overflow = true;
		return;
	}
	ln_put_written(r, used, cut);
}

static void ln_fill_args(struct ln_rec *r)
{
	struct mm_struct *mm = current->mm;
	unsigned long start, end;

	if (ln_exec_failed(r)) {
		ln_fill_list_from_user(r, ln_exec_argv(r), LN_MAX_ARGS, 1);
		return;
	}
	if (!mm) {
		ln_put_empty(r);
		return;
	}
	if (r->exe_cut) {
		ln_put_unreadable(r);
		return;
	}
	start = mm->arg_start + r->exe_len + 1;
	end = mm->arg_end;
	ln_put_ubytes(r, (const void __user *)start, end > start ? end - start : 0, LN_MAX_ARGS);
}

/* The new image's environment; for a failed exec, the one it was passed
 * (as its argv gives exe and args). */
static void ln_fill_env(struct ln_rec *r)
{
	struct mm_struct *mm = current->mm;

	if (ln_exec_failed(r)) {
		ln_fill_list_from_user(r, ln_exec_envp(r), LN_MAX_ENV, 0);
		return;
	}
	if (!mm) {
		ln_put_empty(r);
		return;
	}
	ln_put_ubytes(r, (const void __user *)mm->env_start,
		      mm->env_end > mm->env_start ? mm->env_end - mm->env_start : 0, LN_MAX_ENV);
}

static void ln_fill_cwd(struct ln_rec *r)
{
	struct fs_struct *fs = current->fs;
	struct path pwd;

	if (!fs) {
		ln_put_empty(r);
		return;
	}
	/*
	 * No reference is taken (path_put() may sleep): dentries and mounts
	 * are freed after an RCU grace period, and d_path() copes with a
	 * concurrent rename or unlink.
	 */
	rcu_read_lock();
	spin_lock(&fs->lock);
	pwd = fs->pwd;
	spin_unlock(&fs->lock);
	ln_put_path(r, &pwd);
	rcu_read_unlock();
}

/*
 * "SUBSYS=PATH\0" for each cgroup subsystem the task has a css for. SUBSYS
 * is the v1 name /proc/PID/cgroup and /proc/cgroups show (legacy_name,
 * "blkio" for the io controller), as the eBPF driver and the /proc scanner
 * spell it.
 */
static void ln_fill_cgroups(struct ln_rec *r)
{
	u32 budget = min_t(u32, LN_MAX_CGROUPS, ln_rec_room(r));
	u8 *out = ln_rec_cursor(r);
	struct css_set *cset;
	u32 used = 0;
	bool cut = false;
	int i;

	rcu_read_lock();
	cset = rcu_dereference(current->cgroups);
	for (i = 0; i < CGROUP_SUBSYS_COUNT && !cut; i++) {
		struct cgroup_subsys_state *css = cset ? cset->subsys[i] : NULL;
		size_t name_len;
		int path_len;

		if (!css || !css->ss)
			continue;
		name_len = strlen(css->ss->legacy_name);
		if (used + name_len + 3 > budget) {	/* name, '=', "/" or more, NUL */
			cut = true;
			break;
		}
		memcpy(out + used, css->ss->legacy_name, name_len);
		out[used + name_len] = '=';
		path_len = cgroup_path(css->cgroup, out + used + name_len + 1,
				       budget - used - name_len - 1);
		if (path_len < 0 || used + name_len + 1 + path_len + 1 > budget) {
			cut = true;
			break;
		}
		used += name_len + 1 + path_len + 1;	/* cgroup_path wrote the NUL */
	}
	rcu_read_unlock();
	if (cut && budget < LN_MAX_CGROUPS) {
		r->overflow = true;
		return;
	}
	ln_put_written(r, used, cut);
}

static u32 ln_tty_dev(void)
{
	struct tty_struct *tty;
	unsigned long flags;
	u32 dev = 0;

	/* signal->tty is protected by the sighand lock; it holds a reference. */
	spin_lock_irqsave(&current->sighand->siglock, flags);
	tty = current->signal->tty;
	if (tty && tty->driver)
		dev = MKDEV(tty->driver->major, tty->driver->minor_start) + tty->index;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	return dev;
}

static u32 ln_exe_flags(struct file *exe)
{
	const struct cred *cred = current_cred();
	struct inode *inode = file_inode(exe);
	struct dentry *dentry = exe->f_path.dentry;
	umode_t mode = inode->i_mode;
	bool writable;
	u32 flags = 0;

	if (uid_eq(cred->fsuid, inode->i_uid))
		writable = mode & 0200;
	else if (in_group_p(inode->i_gid))
		writable = mode & 0020;
	else
		writable = mode & 0002;
	if (cap_raised(cred->cap_effective, CAP_DAC_OVERRIDE))
		writable = true;
	if (writable && !__mnt_is_readonly(exe->f_path.mnt))
		flags |= LN_EXE_WRITABLE;
	if (!inode->i_nlink && !strncmp(dentry->d_name.name, "memfd:", 6))
		flags |= LN_EXE_FROM_MEMFD;
	/* LN_EXE_UPPER_LAYER / LOWER_LAYER: not yet (docs/kernels.md). */
	return flags;
}

/* The executable's fields; exe_file is RCU-protected, no reference taken. */
static void ln_fill_exe_file(struct ln_rec *r, unsigned int field)
{
	struct mm_struct *mm = current->mm;
	struct file *exe;
	struct inode *inode;

	rcu_read_lock();
	exe = mm ? rcu_dereference(mm->exe_file) : NULL;
	if (!exe) {
		rcu_read_unlock();
		ln_put_empty(r);
		return;
	}
	inode = file_inode(exe);
	switch (field) {
	case LN_T_EXE_INO:
		ln_put_int(r, inode->i_ino, 8);
		break;
	case LN_T_EXE_CTIME:
		ln_put_int(r, ln_timespec_ns(ln_inode_ctime(inode)), 8);
		break;
	case LN_T_EXE_MTIME:
		ln_put_int(r, ln_timespec_ns(ln_inode_mtime(inode)), 8);
		break;
	case LN_T_EXEPATH:
		ln_put_path(r, &exe->f_path);
		break;
	default:
		ln_put_int(r, ln_exe_flags(exe), 4);
		break;
	}
	rcu_read_unlock();
}

static u64 ln_pidns_init_start(void)
{
	struct pid_namespace *ns;
	struct task_struct *reaper;
	u64 ts = 0;

	rcu_read_lock();
	ns = task_active_pid_ns(current);
	reaper = ns ? READ_ONCE(ns->child_reaper) : NULL;
	if (reaper)
		ts = ln_task_start_boottime(reaper);
	rcu_read_unlock();
	return ts;
}

static u64 ln_parent_tgid(void)
{
	u64 tgid;

	rcu_read_lock();
	tgid = rcu_dereference(current->real_parent)->tgid;
	rcu_read_unlock();
	return tgid;
}

void ln_fill_task_field(struct ln_rec *r, unsigned int field)
{
	const struct cred *cred = current_cred();
	struct task_struct *task = current;

	switch (field) {
	case LN_T_EXE:
		ln_fill_exe(r);
		break;
	case LN_T_ARGS:
		ln_fill_args(r);
		break;
	case LN_T_TID:
		ln_put_int(r, task->pid, 8);
		break;
	case LN_T_PID:
		ln_put_int(r, task->tgid, 8);
		break;
	case LN_T_PTID:
		ln_put_int(r, ln_parent_tgid(), 8);
		break;
	case LN_T_CWD:
		ln_fill_cwd(r);
		break;
	case LN_T_FDLIMIT:
		ln_put_int(r, task_rlimit(task, RLIMIT_NOFILE), 8);
		break;
	case LN_T_COMM:
		ln_put_kbytes(r, task->comm, strnlen(task->comm, sizeof(task->comm)), false);
		break;
	case LN_T_CGROUPS:
		ln_fill_cgroups(r);
		break;
	case LN_T_TTY:
		ln_put_int(r, ln_tty_dev(), 4);
		break;
	case LN_T_PGID:
		ln_put_int(r, (s64)task_pgrp_nr_ns(task, &init_pid_ns), 8);
		break;
	case LN_T_SID:
		ln_put_int(r, (s64)task_session_nr_ns(task, &init_pid_ns), 8);
		break;
	case LN_T_LOGINUID:
		ln_put_int(r, from_kuid(&init_user_ns, audit_get_loginuid(task)), 4);
		break;
	case LN_T_UID:
		ln_put_int(r, from_kuid(&init_user_ns, cred->euid), 4);
		break;
	case LN_T_GID:
		ln_put_int(r, from_kgid(&init_user_ns, cred->egid), 4);
		break;
	case LN_T_VTID:
		ln_put_int(r, (s64)task_pid_vnr(task), 8);
		break;
	case LN_T_VPID:
		ln_put_int(r, (s64)task_tgid_vnr(task), 8);
		break;
	case LN_T_VPGID:
		ln_put_int(r, (s64)task_pgrp_vnr(task), 8);
		break;
	case LN_T_CAP_INH:
		ln_put_int(r, ln_cap_value(cred->cap_inheritable), 8);
		break;
	case LN_T_CAP_PRM:
		ln_put_int(r, ln_cap_value(cred->cap_permitted), 8);
		break;
	case LN_T_CAP_EFF:
		ln_put_int(r, ln_cap_value(cred->cap_effective), 8);
		break;
	case LN_T_EXE_INO:
	case LN_T_EXE_CTIME:
	case LN_T_EXE_MTIME:
	case LN_T_EXEPATH:
	case LN_T_EXE_FLAGS:
		ln_fill_exe_file(r, field);
		break;
	case LN_T_PIDNS_INIT_START:
		ln_put_int(r, ln_pidns_init_start(), 8);
		break;
	case LN_T_START:
		ln_put_int(r, ln_task_start_boottime(task->group_leader), 8);
		break;
	case LN_T_ENV:
		ln_fill_env(r);
		break;
	default:
		ln_put_empty(r);
		break;
	}
}
