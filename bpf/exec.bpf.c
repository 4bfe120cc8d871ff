// SPDX-License-Identifier: GPL-2.0-only
/*
 * execve and execveat: on success the snapshot of the new image, on failure
 * of the unchanged caller (docs/driver-semantics.md). The filler writes the
 * head of the record, the snapshot stages the middle, stage_end_exec the rest.
 */
#include "lanner_bpf.h"
#include "snapshot.h"

static __always_inline int exec__head(void *ctx, struct scratch *s, long ret,
				      const char *const *argv)
{
	struct task_struct *t = task__current();

	record__put_s64(s, ret);
	if (ret == 0)
		snapshot__put_args_from_mm(s, BPF_CORE_READ(t, mm));
	else
		snapshot__put_args_from_argv(s, argv);
	snapshot__put_ids(s, t);
	return snapshot__next(ctx, s, LN_STAGE_CWD);
}

FILLER(execve)
{
	BEGIN_RECORD(EXECVE);
	return exec__head(ctx, s, ret, (const char *const *)ARG(1));
}

FILLER(execveat)
{
	BEGIN_RECORD(EXECVEAT);
	return exec__head(ctx, s, ret, (const char *const *)ARG(2));
}

/* bprm->filename, saved at sched_process_exec (sched.bpf.c). */
static __always_inline void exec__put_saved_filename(struct scratch *s, __u32 tid)
{
	struct exec_filename *v = bpf_map_lookup_elem(&exec_filenames, &tid);

	if (!v) {
		record__put_unreadable(s);
		return;
	}
	record__put_bytes(s, v->name, v->len, LN_MAX_PATH, false);
	if (v->partial)
		record__mark_partial(s);
	bpf_map_delete_elem(&exec_filenames, &tid);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(stage_end_exec, struct pt_regs *regs, long ret)
{
	struct scratch *s = record__scratch(SCRATCH_SYS_EXIT);
	struct task_struct *t = task__current();
	bool at;

	if (!s)
		return 0;
	at = s->st.type == LN_EVT_EXECVEAT;
	if (ret == 0)
		snapshot__put_env_from_mm(s, BPF_CORE_READ(t, mm));
	else
		snapshot__put_user_list(s, (const char *const *)ARG(at ? 3 : 2), LN_MAX_ENV, 0);
	record__put_u32(s, snapshot__exe_flags(t));
	if (ret == 0)
		exec__put_saved_filename(s, (__u32)bpf_get_current_pid_tgid());
	else
		record__put_user_str(s, (const char *)ARG(at ? 1 : 0), LN_MAX_PATH);
	if (at) {
		/* A successful exec replaced the registers: the arguments are gone. */
		if (ret == 0) {
			record__put_empty(s);
			record__put_empty(s);
		} else {
			record__put_int_arg(s, ARG(0));
			record__put_u32(s, ARG(4));
		}
	}
	return record__submit(s);
}
