// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scheduler tracepoints: procexit records, and the exec filename saved per
 * thread (the caller's pointer is gone by the syscall's exit).
 */
#include "lanner_bpf.h"

/* The thread that inherits the children (docs/driver-semantics.md). */
static __always_inline __s64 procexit__reaper(struct task_struct *t)
{
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	struct task_struct *up;
	struct pid_namespace *ns = NULL;
	int i;

	if (BPF_CORE_READ(t, children.next) == &t->children)
		return 0;	/* no children to hand over */
	if (BPF_CORE_READ(sig, live.counter) > 0)
		return BPF_CORE_READ(t, pid) != BPF_CORE_READ(t, tgid) ? BPF_CORE_READ(t, tgid) : 0;
	if (BPF_CORE_READ_BITFIELD_PROBED(sig, has_child_subreaper)) {
		up = BPF_CORE_READ(t, real_parent);
		for (i = 0; i < 16 && up; i++) {
			struct signal_struct *usig = BPF_CORE_READ(up, signal);

			if (BPF_CORE_READ_BITFIELD_PROBED(usig, is_child_subreaper) &&
			    !(BPF_CORE_READ(up, flags) & 0x4 /* PF_EXITING */))
				return BPF_CORE_READ(up, pid);
			if (BPF_CORE_READ(up, real_parent) == up)
				break;
			up = BPF_CORE_READ(up, real_parent);
		}
	}
	task__pid_level(t, &ns);
	up = BPF_CORE_READ(ns, child_reaper);
	return up ? BPF_CORE_READ(up, pid) : 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_process_exit, struct task_struct *p)
{
	struct task_struct *t = task__current();
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct scratch *s;
	__s64 status;

	if (!(interest_sources & LN_SRC_PROCEXIT))
		return 0;
	s = record__begin(SCRATCH_PROC_EXIT, LN_EVT_PROCEXIT, LN_PROCEXIT_NPARAMS);
	if (!s)
		return 0;
	status = BPF_CORE_READ(t, exit_code);
	record__put_s64(s, status);
	record__put_s64(s, status >> 8);
	record__put_u8(s, status & 0x7f);
	record__put_u8(s, (status >> 7) & 1);
	record__put_s64(s, procexit__reaper(t));
	record__submit(s);
	/* A thread that dies inside exec leaves no filename behind. */
	bpf_map_delete_elem(&exec_filenames, &tid);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(sched_process_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct scratch *s;
	struct exec_filename *v;
	long n;

	if (!interest_exec_filename)
		return 0;
	s = record__scratch(SCRATCH_PROC_EXEC);
	if (!s)
		return 0;
	v = (struct exec_filename *)s->buf;
	n = bpf_probe_read_kernel_str(v->name, sizeof(v->name), BPF_CORE_READ(bprm, filename));
	v->len = n > 0 ? (__u32)n - 1 : 0;
	v->partial = n <= 0 || n >= (long)sizeof(v->name);
	bpf_map_update_elem(&exec_filenames, &tid, v, BPF_ANY);
	return 0;
}
