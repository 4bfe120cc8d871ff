/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Facts about a task, read with CO-RE (docs/driver-semantics.md fixes what
 * each one means).
 */
#ifndef LANNER_BPF_TASK_H
#define LANNER_BPF_TASK_H

static __always_inline struct task_struct *task__current(void)
{
	return (struct task_struct *)bpf_get_current_task();
}

/*
 * Whether bpf_get_current_task_btf() exists (5.11): it gives the current
 * task as a pointer the verifier types (BTF), whose fields, and the fields
 * of the objects they point to, are read with plain loads instead of one
 * bpf_probe_read_kernel() call each (about 30 ns a call on the development
 * host: docs/performance.md). The hot paths use it where it exists and
 * CO-RE reads before; the test is a constant once libbpf has relocated it,
 * so the verifier follows one branch and never looks at the other one
 * (5.10 never sees the call to a helper it lacks).
 */
#define task__have_btf() bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf)

/* The current task as a typed pointer, NULL where the kernel cannot give
 * one (task__have_btf()). */
static __always_inline struct task_struct *task__current_btf(void)
{
	if (task__have_btf())
		return bpf_get_current_task_btf();
	return NULL;
}

/* A 32-bit syscall (TS_COMPAT): numbered differently, not traced. */
static __always_inline bool task__in_compat_syscall(void)
{
	if (task__have_btf())
		return bpf_get_current_task_btf()->thread_info.status & LN_TS_COMPAT;
	return BPF_CORE_READ(task__current(), thread_info.status) & LN_TS_COMPAT;
}

/* The number of `pid` at namespace level `level`, 0 when not visible there
 * (pid_nr_ns()). */
static __always_inline __s64 task__pid_nr_at(struct pid *pid, unsigned int level,
					     struct pid_namespace *ns)
{
	struct upid *up;

	if (!pid || BPF_CORE_READ(pid, level) < level || level > 32)
		return 0;
	up = (struct upid *)((void *)pid + bpf_core_field_offset(struct pid, numbers)) + level;
	if (BPF_CORE_READ(up, ns) != ns)
		return 0;
	return BPF_CORE_READ(up, nr);
}

static __always_inline struct pid *task__signal_pid(struct task_struct *t, int type)
{
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	struct pid *p = NULL;

	bpf_core_read(&p, sizeof(p), &sig->pids[type & 3]);
	return p;
}

/* The thread's own pid namespace level and namespace. */
static __always_inline unsigned int task__pid_level(struct task_struct *t,
						    struct pid_namespace **ns)
{
	struct pid *tp = BPF_CORE_READ(t, thread_pid);
	unsigned int level = BPF_CORE_READ(tp, level);
	struct upid *up;

	if (level > 32)
		level = 0;
	up = (struct upid *)((void *)tp + bpf_core_field_offset(struct pid, numbers)) + level;
	*ns = BPF_CORE_READ(up, ns);
	return level;
}

static __always_inline __s64 task__global_pid_of(struct pid *p)
{
	struct upid *up;

	if (!p)
		return 0;
	up = (struct upid *)((void *)p + bpf_core_field_offset(struct pid, numbers));
	return BPF_CORE_READ(up, nr);
}

static __always_inline __u64 task__cap(const kernel_cap_t *cap)
{
	__u64 v = 0;

	/* kernel_cap_t is one u64 since 6.3, two u32 (same bytes) before. */
	bpf_probe_read_kernel(&v, sizeof(v), cap);
	return v;
}

static __always_inline __u32 task__tty(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	struct tty_driver *drv;
	__u32 major, minor;

	if (!tty)
		return 0;
	drv = BPF_CORE_READ(tty, driver);
	major = BPF_CORE_READ(drv, major);
	minor = BPF_CORE_READ(drv, minor_start) + BPF_CORE_READ(tty, index);
	return (major << LN_MINORBITS) | minor;
}

static __always_inline __u32 task__loginuid(struct task_struct *t)
{
	if (bpf_core_field_exists(t->loginuid))
		return BPF_CORE_READ(t, loginuid.val);
	return 0xffffffffU;
}

static __always_inline __u64 task__fdlimit(struct task_struct *t)
{
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	__u64 v = 0;

	bpf_core_read(&v, sizeof(v), &sig->rlim[LN_RLIMIT_NOFILE].rlim_cur);
	return v;
}

/* Inode times in ns since the epoch, whichever way this kernel stores them. */
static __always_inline __u64 task__inode_ctime(struct inode *ino)
{
	struct inode___pre66 *o66 = (void *)ino;
	struct inode___v66 *v66 = (void *)ino;
	struct inode___pre611 *o611 = (void *)ino;

	if (bpf_core_field_exists(ino->i_ctime_sec))
		return BPF_CORE_READ(ino, i_ctime_sec) * 1000000000ULL +
		       (BPF_CORE_READ(ino, i_ctime_nsec) & LN_CTIME_NSEC_MASK);
	if (bpf_core_field_exists(o611->__i_ctime))
		return BPF_CORE_READ(o611, __i_ctime.tv_sec) * 1000000000ULL +
		       BPF_CORE_READ(o611, __i_ctime.tv_nsec);
	if (bpf_core_field_exists(v66->__i_ctime))
		return BPF_CORE_READ(v66, __i_ctime.tv_sec) * 1000000000ULL +
		       BPF_CORE_READ(v66, __i_ctime.tv_nsec);
	return BPF_CORE_READ(o66, i_ctime.tv_sec) * 1000000000ULL +
	       BPF_CORE_READ(o66, i_ctime.tv_nsec);
}

static __always_inline __u64 task__inode_mtime(struct inode *ino)
{
	struct inode___pre66 *o66 = (void *)ino;
	struct inode___pre611 *o611 = (void *)ino;

	if (bpf_core_field_exists(ino->i_mtime_sec))
		return BPF_CORE_READ(ino, i_mtime_sec) * 1000000000ULL +
		       (BPF_CORE_READ(ino, i_mtime_nsec) & LN_CTIME_NSEC_MASK);
	if (bpf_core_field_exists(o611->__i_mtime))
		return BPF_CORE_READ(o611, __i_mtime.tv_sec) * 1000000000ULL +
		       BPF_CORE_READ(o611, __i_mtime.tv_nsec);
	return BPF_CORE_READ(o66, i_mtime.tv_sec) * 1000000000ULL +
	       BPF_CORE_READ(o66, i_mtime.tv_nsec);
}

/* The kernfs parent, named __parent since 6.15. */
static __always_inline struct kernfs_node *task__kn_parent(struct kernfs_node *kn)
{
	struct kernfs_node___pre615 *old = (void *)kn;

	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ(old, parent);
}

#endif /* LANNER_BPF_TASK_H */
