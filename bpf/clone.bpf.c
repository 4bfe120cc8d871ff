// SPDX-License-Identifier: GPL-2.0-only
/*
 * The clone family. Both the parent (res = child tid) and the child (res = 0)
 * return through the syscall exit, so each produces a record with the
 * snapshot of the task returning. The filler writes the head, the snapshot
 * stages the middle, stage_end_clone the flags.
 */
#include "lanner_bpf.h"
#include "snapshot.h"

#define LN_SIGCHLD 17
#define LN_CLONE_VM 0x00000100
#define LN_CLONE_VFORK 0x00004000

static __always_inline int clone__head(void *ctx, struct scratch *s, long ret)
{
	struct task_struct *t = task__current();

	record__put_s64(s, ret);
	snapshot__put_args_from_mm(s, BPF_CORE_READ(t, mm));
	snapshot__put_ids(s, t);
	return snapshot__next(ctx, s, LN_STAGE_CWD);
}

FILLER(clone)
{
	BEGIN_RECORD(CLONE);
	return clone__head(ctx, s, ret);
}

FILLER(clone3)
{
	BEGIN_RECORD(CLONE3);
	return clone__head(ctx, s, ret);
}

FILLER(fork)
{
	BEGIN_RECORD(FORK);
	return clone__head(ctx, s, ret);
}

FILLER(vfork)
{
	BEGIN_RECORD(VFORK);
	return clone__head(ctx, s, ret);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(stage_end_clone, struct pt_regs *regs, long ret)
{
	struct scratch *s = record__scratch(SCRATCH_SYS_EXIT);
	__u64 flags = 0;

	if (!s)
		return 0;
	switch (s->st.type) {
	case LN_EVT_CLONE:
		flags = ARG(0);
		break;
	case LN_EVT_CLONE3:
		/* struct clone_args starts with the 64-bit flags. */
		bpf_probe_read_user(&flags, sizeof(flags), (void *)ARG(0));
		break;
	case LN_EVT_FORK:
		flags = LN_SIGCHLD;
		break;
	default:
		flags = LN_CLONE_VFORK | LN_CLONE_VM | LN_SIGCHLD;
		break;
	}
	record__put_u32(s, (__u32)flags);
	return record__submit(s);
}
