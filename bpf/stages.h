/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * Tail-call slots of the snapshot stages in the `fillers` program array,
 * after the event types. Shared with user space, which places the programs
 * named stage_<name> there (names in ln_bpf_stage_names below) (engine/source/bpf_driver.cpp). Splitting the
 * snapshot keeps each program within the verifier's complexity limit.
 */
#ifndef LANNER_BPF_STAGES_H
#define LANNER_BPF_STAGES_H

enum ln_bpf_stage {
	LN_STAGE_CWD = 0,	/* cwd, fdlimit, comm */
	LN_STAGE_CGROUP = 1,	/* one cgroup subsystem per run, then the ids */
	LN_STAGE_EXEPATH = 2,	/* trusted_exepath and start times */
	LN_STAGE_END_CLONE = 3,	/* clone family: flags, submit */
	LN_STAGE_END_EXEC = 4,	/* execve/execveat: env, flags, filename..., submit */
	LN_STAGE_COUNT = 5,
};

/* Program name of each stage, for user space. */
#define LN_BPF_STAGE_NAMES \
	{ "stage_cwd", "stage_cgroup", "stage_exepath", "stage_end_clone", "stage_end_exec" }

#define LN_STAGE_SLOT(stage) (LN_EVT_MAX + (stage))
#define LN_FILLER_SLOTS (LN_EVT_MAX + LN_STAGE_COUNT)

#endif /* LANNER_BPF_STAGES_H */
