/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The records of the syscalls nearly every workload makes most often,
 * openat and close, built by the dispatcher itself instead of a tail-called
 * filler. A tail call is an indirect jump, a retpoline on the development
 * host (spectre_v2 mitigation); skipping it saved about 5-10 ns per record
 * (bpf_bench probe, close(-1) at ~160 ns). The dispatcher also hands them
 * the task it fetched for the compat check. fill_openat and fill_close
 * build the same records from the same code, for the table's sake and for
 * kernels without bpf_get_current_task_btf(), where the dispatcher still
 * tail-calls them.
 */
#ifndef LANNER_BPF_HOT_FILLERS_H
#define LANNER_BPF_HOT_FILLERS_H

/* dev and ino of the file behind a new descriptor; empty on failure. `t`:
 * the current task (task__current_btf()). */
static __always_inline void open__put_dev_ino(struct scratch *s, long fd, struct task_struct *t)
{
	__u32 dev;
	__u64 nr;

	if (fd < 0 || !fd__file_dev_ino(t, fd, &dev, &nr)) {
		record__put_empty(s);
		record__put_empty(s);
		return;
	}
	record__put_u32(s, dev);
	record__put_u64(s, nr);
}

/* `t`: the current task, from task__current_btf(), so that one helper call
 * serves the compat check, the fd table and the record's ids. */
static __always_inline int hot__openat(struct pt_regs *regs, long ret, struct task_struct *t)
{
	BEGIN_RECORD(OPENAT);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	if (cfg_bench_omit & LN_BENCH_OMIT_PATH)
		record__put_empty(s);
	else
		record__put_user_str(s, (const void *)ARG(1), LN_MAX_PATH);
	record__put_u32(s, ARG(2));
	record__put_u32(s, ARG(3));
	if (cfg_bench_omit & LN_BENCH_OMIT_DEV_INO) {
		record__put_empty(s);
		record__put_empty(s);
	} else {
		open__put_dev_ino(s, ret, t);
	}
	return record__submit_as(s, t);
}

static __always_inline int hot__close(struct pt_regs *regs, long ret, struct task_struct *t)
{
	BEGIN_RECORD(CLOSE);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	return record__submit_as(s, t);
}

#endif /* LANNER_BPF_HOT_FILLERS_H */
