/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The task snapshot that execve/execveat and the clone family carry
 * (TASK_SNAPSHOT in schema/events.py), plus the exec-only values.
 */
#ifndef LANNER_BPF_SNAPSHOT_H
#define LANNER_BPF_SNAPSHOT_H

#define ARGV_MAX_ITEMS 64	/* argv/envp pointers followed on a failed exec */

/* argv[0] and argv[1..] of the current image, from mm->arg_start..arg_end. */
static __always_inline void snapshot__put_args_from_mm(struct scratch *s, struct mm_struct *mm)
{
	unsigned long start = BPF_CORE_READ(mm, arg_start);
	unsigned long end = BPF_CORE_READ(mm, arg_end);
	__u32 before = s->st.pos;

	if (!mm || end <= start) {
		record__put_empty(s);
		record__put_empty(s);
		return;
	}
	record__put_user_str(s, (const void *)start, LN_MAX_PATH);
	/* argv[1..] starts after argv[0] and its NUL. */
	start += s->st.pos - before + 1;
	if (start >= end) {
		record__put_empty(s);
		return;
	}
	record__put_bytes(s, (const void *)start, end - start, LN_MAX_ARGS, true);
}

/* A list of user strings from a NULL-terminated pointer array, each stored
 * with its NUL, at most `max` bytes and ARGV_MAX_ITEMS items; the first
 * `skip` items are left out. A NULL array is an empty one (as Linux takes
 * it). The module (kmod/fill_task.c) reads the same way. */
static __always_inline void snapshot__put_user_list(struct scratch *s, const char *const *list,
						    __u32 max, int skip)
{
	__u32 start = s->st.pos, limit = start + max;
	bool cut = false, done = false;
	int i;

	if (!list) {
		record__put_empty(s);
		return;
	}
	for (i = 0; i < ARGV_MAX_ITEMS; i++) {
		const char *item = NULL;
		__u32 pos = s->st.pos, room;
		long n;

		if (bpf_probe_read_user(&item, sizeof(item), &list[i])) {
			cut = true;
			break;
		}
		if (!item) {
			done = true;
			break;
		}
		if (i < skip)
			continue;
		if (pos >= limit || pos >= REC_LIMIT) {
			cut = true;
			break;
		}
		room = limit - pos;
		if (room > REC_LIMIT - pos)
			room = REC_LIMIT - pos;
		if (room > LN_MAX_ARGS)
			room = LN_MAX_ARGS;
		n = bpf_probe_read_user_str(&s->buf[pos & REC_MASK], room, item);
		if (n < 0) {
			cut = true;
			break;
		}
		if (n == 0)	/* an empty item on older kernels (record__put_str) */
			n = 1;	/* its NUL is written all the same */
		s->st.pos = pos + (__u32)n;
		/* An item reaching the end of the room is cut (one ending
		 * exactly there too: the read cannot tell them apart). */
		if ((__u32)n >= room) {
			cut = true;
			break;
		}
	}
	if (!done)
		cut = true;
	record__set_len(s, ((s->st.pos - start) & LN_PLEN_MASK) | (cut ? LN_PLEN_PARTIAL : 0));
}

/* argv[0] and argv[1..] from the caller's pointers (a failed exec). */
static __always_inline void snapshot__put_args_from_argv(struct scratch *s,
							 const char *const *argv)
{
	const char *first = NULL;
	bool unreadable = argv && bpf_probe_read_user(&first, sizeof(first), &argv[0]);

	if (!unreadable && !first) {
		record__put_empty(s);
		record__put_empty(s);
		return;
	}
	if (unreadable)
		record__put_unreadable(s);
	else
		record__put_user_str(s, first, LN_MAX_PATH);
	/* One call only: the list's loop is the costliest part to verify. */
	snapshot__put_user_list(s, argv, LN_MAX_ARGS, 1);
}

static __always_inline void snapshot__put_env_from_mm(struct scratch *s, struct mm_struct *mm)
{
	unsigned long start = BPF_CORE_READ(mm, env_start);
	unsigned long end = BPF_CORE_READ(mm, env_end);

	if (!mm || end <= start) {
		record__put_empty(s);
		return;
	}
	record__put_bytes(s, (const void *)start, end - start, LN_MAX_ENV, true);
}

/* Hands the record to the next snapshot stage (snapshot.bpf.c). */
static __always_inline int snapshot__next(void *ctx, struct scratch *s, enum ln_bpf_stage stage)
{
	bpf_tail_call(ctx, &fillers, LN_STAGE_SLOT(stage));
	/* Only reached when the stage is missing. */
	record__count_drop(s->st.producer, LN_DROP_OTHER);
	return 0;
}

/* tid, pid, ptid: the snapshot values after exe and args. */
static __always_inline void snapshot__put_ids(struct scratch *s, struct task_struct *t)
{
	record__put_s64(s, BPF_CORE_READ(t, pid));
	record__put_s64(s, BPF_CORE_READ(t, tgid));
	record__put_s64(s, BPF_CORE_READ(t, real_parent, tgid));
}

/* LN_EXE_* facts about the current executable (docs/driver-semantics.md). */
static __always_inline __u32 snapshot__exe_flags(struct task_struct *t)
{
	struct file *exe = BPF_CORE_READ(t, mm, exe_file);
	const struct cred *cred = BPF_CORE_READ(t, cred);
	struct inode *ino;
	struct super_block *sb;
	struct dentry *dentry;
	__u32 flags = 0, mode, shift;
	char prefix[6] = {};

	if (!exe)
		return 0;
	ino = BPF_CORE_READ(exe, f_inode);
	sb = BPF_CORE_READ(ino, i_sb);
	dentry = BPF_CORE_READ(exe, f_path.dentry);

	/* Writable: the mode bits for the task's fsuid/fsgid, or DAC override,
	 * on a file system mounted read-write. */
	mode = BPF_CORE_READ(ino, i_mode);
	if (BPF_CORE_READ(ino, i_uid.val) == BPF_CORE_READ(cred, fsuid.val))
		shift = 6;
	else if (BPF_CORE_READ(ino, i_gid.val) == BPF_CORE_READ(cred, fsgid.val))
		shift = 3;
	else
		shift = 0;
	if (((mode >> shift) & 2) ||
	    (task__cap(&cred->cap_effective) & (1ULL << LN_CAP_DAC_OVERRIDE))) {
		struct vfsmount *mnt = BPF_CORE_READ(exe, f_path.mnt);

		if (!(BPF_CORE_READ(mnt, mnt_flags) & LN_MNT_READONLY) &&
		    !(BPF_CORE_READ(sb, s_flags) & LN_SB_RDONLY))
			flags |= LN_EXE_WRITABLE;
	}

	if (BPF_CORE_READ(sb, s_magic) == LN_OVERLAYFS_SUPER_MAGIC) {
		struct dentry *upper = NULL;

		bpf_probe_read_kernel(&upper, sizeof(upper),
				      (void *)ino + bpf_core_type_size(struct inode));
		flags |= upper ? LN_EXE_UPPER_LAYER : LN_EXE_LOWER_LAYER;
	}

	bpf_probe_read_kernel(prefix, sizeof(prefix), BPF_CORE_READ(dentry, d_name.name));
	if (prefix[0] == 'm' && prefix[1] == 'e' && prefix[2] == 'm' && prefix[3] == 'f' &&
	    prefix[4] == 'd' && prefix[5] == ':' && BPF_CORE_READ(ino, __i_nlink) == 0)
		flags |= LN_EXE_FROM_MEMFD;
	return flags;
}

#endif /* LANNER_BPF_SNAPSHOT_H */
