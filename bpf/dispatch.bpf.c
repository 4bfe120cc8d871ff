// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one program on the raw syscall exit tracepoint. It looks the syscall
 * up in the interest set and, for an interesting one, tail-calls the
 * event's filler. Everything else returns after that one lookup.
 */
#include "lanner_bpf.h"
#include "hot_fillers.h"

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	long nr = syscall__nr(regs);
	__u16 event;

	if ((unsigned long)nr >= LN_SYSCALL_MAX) {
		/*
		 * A successful exec may leave no syscall number behind (seen as
		 * -1 on this project's 6.18 host for fexecve-style execveat);
		 * the filename saved at sched_process_exec says it was an exec.
		 */
		__u32 tid = (__u32)bpf_get_current_pid_tgid();

		if (nr != -1 || !interest_exec_filename ||
		    !bpf_map_lookup_elem(&exec_filenames, &tid))
			return 0;
		bpf_tail_call(ctx, &fillers, LN_EVT_EXECVE);
		record__count_drop(SCRATCH_SYS_EXIT, LN_DROP_OTHER);
		return 0;
	}
	event = interest_syscall_event[nr];
	if (!event)
		return 0;
	/* 32-bit syscalls number differently: not traced (docs/driver-semantics.md). */
	if (task__have_btf()) {
		struct task_struct *t = bpf_get_current_task_btf();

		if (t->thread_info.status & LN_TS_COMPAT)
			return 0;
		/* The commonest records, without a tail call (hot_fillers.h). */
		if (event == LN_EVT_OPENAT)
			return hot__openat(regs, ret, t);
		if (event == LN_EVT_CLOSE)
			return hot__close(regs, ret, t);
	} else if (task__in_compat_syscall()) {
		return 0;
	}
	bpf_tail_call(ctx, &fillers, event);
	/* Only reached when the filler is missing. */
	record__count_drop(SCRATCH_SYS_EXIT, LN_DROP_OTHER);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
