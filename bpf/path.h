/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * File system paths from kernel objects, as d_path() spells them: a walk up
 * the dentry tree that crosses mount points and stops at the task's root.
 * bpf_d_path() is not allowed from tracepoint programs, hence the walk.
 *
 * Like the kernel's prepend_path(), the path is built backwards from the end
 * of a scratch buffer, one component per step, then copied into the record
 * in one piece. Each step has the same shape, which keeps the verifier's
 * work linear in the number of steps.
 */
#ifndef LANNER_BPF_PATH_H
#define LANNER_BPF_PATH_H

#define PATH_WALK_STEPS 48	/* components plus mount crossings */

static __always_inline struct mount *path__real_mount(struct vfsmount *vfsmnt)
{
	return (struct mount *)((void *)vfsmnt - bpf_core_field_offset(struct mount, mnt));
}

static __always_inline struct vfsmount *path__vfsmount(struct mount *mnt)
{
	return (struct vfsmount *)((void *)mnt + bpf_core_field_offset(struct mount, mnt));
}

static __always_inline bool path__dentry_unlinked(struct dentry *d)
{
	return BPF_CORE_READ(d, d_parent) != d && !BPF_CORE_READ(d, d_hash.pprev);
}

/*
 * The same coarse range for every position, whatever steps led to it: lets
 * the verifier see the loop states of different walks as one (without it,
 * mount crossings and components multiply the states it explores).
 */
static __always_inline __u32 path__tail_bound(__u32 t)
{
	return record__bound(t, 2 * PBUF_END - 1);
}

/* Prepends `len` bytes of kernel memory; false when they do not fit. */
static __always_inline bool path__prepend(struct scratch *s, __u32 *tail, const void *src,
					  __u32 len)
{
	__u32 t = *tail;

	if (len > NAME_MAX_LEN || len > t)
		return false;
	t -= len;
	if (len && bpf_probe_read_kernel(&s->pbuf[record__bound(t, PBUF_MASK)],
					 len & NAME_MAX_LEN, src))
		return false;
	*tail = path__tail_bound(t);
	return true;
}

/*
 * Offsets into pbuf are masked with record__bound(), not a bare `& PBUF_MASK`:
 * clang drops a mask it can prove changes nothing (t is below PBUF_END after
 * the checks), and 6.1's verifier cannot follow that proof (after `t--` of a
 * t it only knows to be non-zero it sees any 32-bit value).
 */
static __always_inline bool path__prepend_char(struct scratch *s, __u32 *tail, char c)
{
	__u32 t = *tail;

	if (t == 0)
		return false;
	t--;
	s->pbuf[record__bound(t, PBUF_MASK)] = c;
	*tail = path__tail_bound(t);
	return true;
}

/* Prepends a NUL-terminated kernel string (a kernfs name), via the staging
 * buffer since its length is not known beforehand. */
static __always_inline bool path__prepend_str(struct scratch *s, __u32 *tail, const void *src)
{
	long n = bpf_probe_read_kernel_str(s->name, sizeof(s->name), src);

	if (n <= 0)
		return false;
	return path__prepend(s, tail, s->name, (__u32)n - 1);
}

/* Copies pbuf[tail..PBUF_END) into the record at the cursor; the bytes
 * copied (0 when there is no room). */
static __always_inline __u32 path__copy_out(struct scratch *s, __u32 tail)
{
	__u32 len = PBUF_END - tail, room = record__room(s, len);

	if (room < len || len == 0 || len > LN_MAX_PATH)
		return 0;
	if (bpf_probe_read_kernel(record__cursor(s), record__bound(len, 2 * LN_MAX_PATH - 1),
				  &s->pbuf[record__bound(tail, PBUF_MASK)]))
		return 0;
	return len;
}

/*
 * Builds the path of (dentry, vfsmnt) from the current task's root in pbuf;
 * returns where it starts. A pseudo file (memfd, anonymous inode) reads
 * "/NAME (deleted)" like the kernel's simple_dname(); with `mark_deleted` an
 * unlinked file gets the " (deleted)" suffix d_path() adds. *cut is set when
 * the path is incomplete.
 */
static __always_inline __u32 path__build(struct scratch *s, struct dentry *dentry,
					 struct vfsmount *vfsmnt, bool mark_deleted, bool *cut)
{
	const char deleted[] = " (deleted)";
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct dentry *root_dentry = BPF_CORE_READ(task, fs, root.dentry);
	struct vfsmount *root_mnt = BPF_CORE_READ(task, fs, root.mnt);
	struct mount *mnt = path__real_mount(vfsmnt);
	struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
	__u32 tail = PBUF_END;
	bool done = false;
	int i;

	bool pseudo = parent == dentry && dentry != BPF_CORE_READ(vfsmnt, mnt_root);
	if (pseudo || (mark_deleted && path__dentry_unlinked(dentry)))
		path__prepend(s, &tail, deleted, sizeof(deleted) - 1);

	for (i = 0; i < PATH_WALK_STEPS; i++) {
		if (dentry == root_dentry && vfsmnt == root_mnt) {
			done = true;
			break;
		}
		if (dentry == BPF_CORE_READ(vfsmnt, mnt_root)) {
			struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

			if (up == mnt) {	/* the namespace's root */
				done = true;
				break;
			}
			dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = up;
			vfsmnt = path__vfsmount(up);
			continue;
		}
		parent = BPF_CORE_READ(dentry, d_parent);
		if (!path__prepend(s, &tail, BPF_CORE_READ(dentry, d_name.name),
				   BPF_CORE_READ(dentry, d_name.len)) ||
		    !path__prepend_char(s, &tail, '/'))
			break;
		if (dentry == parent) {	/* a pseudo or disconnected dentry */
			done = true;
			break;
		}
		dentry = parent;
	}
	if (tail == PBUF_END || (tail < PBUF_END && s->pbuf[record__bound(tail, PBUF_MASK)] != '/'))
		path__prepend_char(s, &tail, '/');
	*cut = !done;
	return tail;
}

/* The path of (dentry, vfsmnt) as one CHARBUF parameter. */
static __always_inline void path__put(struct scratch *s, struct dentry *dentry,
				      struct vfsmount *vfsmnt, bool mark_deleted)
{
	bool cut = false;
	__u32 tail, n;

	if (!dentry || !vfsmnt) {
		record__put_empty(s);
		return;
	}
	tail = path__build(s, dentry, vfsmnt, mark_deleted, &cut);
	n = path__copy_out(s, tail);
	if (n == 0) {
		record__put_unreadable(s);
		return;
	}
	record__commit(s, n, cut);
}

/* The path of a struct file (its f_path). */
static __always_inline void path__put_file(struct scratch *s, struct file *f, bool mark_deleted)
{
	if (!f) {
		record__put_empty(s);
		return;
	}
	path__put(s, BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt), mark_deleted);
}

#endif /* LANNER_BPF_PATH_H */
