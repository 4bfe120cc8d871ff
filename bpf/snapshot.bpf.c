// SPDX-License-Identifier: GPL-2.0-only
/*
 * The middle of the task snapshot (TASK_SNAPSHOT in schema/events.py), as a
 * chain of tail-called stages so that each program stays within the
 * verifier's limits: cwd, one cgroup subsystem per run, the ids and
 * credentials, the executable's path. The event's filler wrote the values
 * before cwd; its end stage writes the rest and submits.
 */
#include "lanner_bpf.h"
#include "snapshot.h"

#define CGROUP_MAX_DEPTH 16

static __always_inline struct scratch *stage__scratch(void)
{
	return record__scratch(SCRATCH_SYS_EXIT);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(stage_cwd, struct pt_regs *regs, long ret)
{
	struct scratch *s = stage__scratch();
	struct task_struct *t = task__current();

	if (!s)
		return 0;
	path__put(s, BPF_CORE_READ(t, fs, pwd.dentry), BPF_CORE_READ(t, fs, pwd.mnt), false);
	record__put_u64(s, task__fdlimit(t));
	record__put_kernel_str(s, &t->comm, sizeof(t->comm) - 1);
	s->st.list_start = s->st.pos;
	s->st.list_index = 0;
	s->st.list_cut = 0;
	return snapshot__next(ctx, s, LN_STAGE_CGROUP);
}

/* Appends "SUBSYS=PATH\0" for subsystem `i` of the css_set; false when the
 * value was cut (out of room, unreadable, too deep). SUBSYS is the name
 * /proc/PID/cgroup shows (legacy_name: "blkio" for the io controller). */
static __always_inline bool cgroup__append(struct scratch *s, struct css_set *cset, int i,
					   __u32 limit)
{
	struct cgroup_subsys_state *css = NULL;
	struct kernfs_node *kn;
	__u32 tail = PBUF_END, n, pos;
	int j;

	bpf_core_read(&css, sizeof(css), &cset->subsys[i & 63]);
	if (!css)
		return true;
	kn = BPF_CORE_READ(css, cgroup, kn);
	for (j = 0; j < CGROUP_MAX_DEPTH; j++) {
		struct kernfs_node *parent = task__kn_parent(kn);

		if (!kn || !parent)
			break;
		if (!path__prepend_str(s, &tail, BPF_CORE_READ(kn, name)) ||
		    !path__prepend_char(s, &tail, '/'))
			return false;
		kn = parent;
	}
	if (j == CGROUP_MAX_DEPTH)
		return false;
	if ((tail == PBUF_END && !path__prepend_char(s, &tail, '/')) ||
	    !path__prepend_char(s, &tail, '=') ||
	    !path__prepend_str(s, &tail, BPF_CORE_READ(css, ss, legacy_name)))
		return false;
	pos = s->st.pos;
	if (pos + (PBUF_END - tail) + 1 > limit)
		return false;
	n = path__copy_out(s, tail);
	if (n == 0)
		return false;
	s->st.pos = pos + n;
	if (record__room(s, 1) < 1)
		return false;
	*record__cursor(s) = 0;
	s->st.pos++;
	return true;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(stage_cgroup, struct pt_regs *regs, long ret)
{
	struct scratch *s = stage__scratch();
	struct task_struct *t = task__current();
	int count = bpf_core_enum_value(enum cgroup_subsys_id, CGROUP_SUBSYS_COUNT);
	struct pid_namespace *ns = NULL;
	const struct cred *cred;
	struct pid *pgrp;
	struct inode *ino;
	unsigned int level;
	__u32 start, limit;
	int i;

	if (!s)
		return 0;
	start = s->st.list_start;
	limit = start + LN_MAX_CGROUPS;
	i = s->st.list_index;
	if (i < count && i < 32 && !s->st.list_cut) {
		if (!cgroup__append(s, BPF_CORE_READ(t, cgroups), i, limit))
			s->st.list_cut = 1;
		s->st.list_index = i + 1;
		if (i + 1 < count && !s->st.list_cut)
			return snapshot__next(ctx, s, LN_STAGE_CGROUP);
	}
	if (s->st.pos > limit)
		s->st.pos = limit;
	if (s->st.pos < start)
		s->st.pos = start;
	record__set_len(s, ((s->st.pos - start) & LN_PLEN_MASK) |
			       (s->st.list_cut ? LN_PLEN_PARTIAL : 0));

	level = task__pid_level(t, &ns);
	cred = BPF_CORE_READ(t, cred);
	pgrp = task__signal_pid(t, PIDTYPE_PGID);
	record__put_u32(s, task__tty(t));
	record__put_s64(s, task__global_pid_of(pgrp));
	record__put_s64(s, task__global_pid_of(task__signal_pid(t, PIDTYPE_SID)));
	record__put_u32(s, task__loginuid(t));
	record__put_u32(s, BPF_CORE_READ(cred, euid.val));
	record__put_u32(s, BPF_CORE_READ(cred, egid.val));
	record__put_s64(s, task__pid_nr_at(BPF_CORE_READ(t, thread_pid), level, ns));
	record__put_s64(s, task__pid_nr_at(task__signal_pid(t, PIDTYPE_TGID), level, ns));
	record__put_s64(s, task__pid_nr_at(pgrp, level, ns));
	record__put_u64(s, task__cap(&cred->cap_inheritable));
	record__put_u64(s, task__cap(&cred->cap_permitted));
	record__put_u64(s, task__cap(&cred->cap_effective));
	ino = BPF_CORE_READ(t, mm, exe_file, f_inode);
	if (ino) {
		record__put_u64(s, BPF_CORE_READ(ino, i_ino));
		record__put_u64(s, task__inode_ctime(ino));
		record__put_u64(s, task__inode_mtime(ino));
	} else {
		record__put_empty(s);
		record__put_empty(s);
		record__put_empty(s);
	}
	return snapshot__next(ctx, s, LN_STAGE_EXEPATH);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(stage_exepath, struct pt_regs *regs, long ret)
{
	struct scratch *s = stage__scratch();
	struct task_struct *t = task__current();
	struct pid_namespace *ns = NULL;
	struct task_struct *reaper;
	__u16 type;

	if (!s)
		return 0;
	path__put_file(s, BPF_CORE_READ(t, mm, exe_file), true);
	task__pid_level(t, &ns);
	reaper = BPF_CORE_READ(ns, child_reaper);
	record__put_u64(s, reaper ? BPF_CORE_READ(reaper, start_boottime) : 0);
	record__put_u64(s, BPF_CORE_READ(t, group_leader, start_boottime));
	type = s->st.type;
	if (type == LN_EVT_EXECVE || type == LN_EVT_EXECVEAT)
		return snapshot__next(ctx, s, LN_STAGE_END_EXEC);
	return snapshot__next(ctx, s, LN_STAGE_END_CLONE);
}
