/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * What the BPF programs and their loader (engine/source/bpf_driver.cpp)
 * share besides include/lanner: the per-CPU counters' layout and the
 * tail-call slots of the snapshot stages.
 */
#ifndef LANNER_BPF_SHARED_H
#define LANNER_BPF_SHARED_H

#if !defined(__bpf__) && !defined(__BPF__)
#include <linux/types.h>
#endif

#include "lanner/driver_abi.h"

/* One per CPU, in the `counters` per-CPU array. */
struct ln_bpf_cpu_counters {
	__u64 produced;			/* records the programs tried to write */
	__u64 delivered;		/* records that reached the ring */
	__u64 drops[LN_DROP_CAUSE_MAX];	/* records lost, by cause */
	__u64 pending_lost;		/* drops not yet reported in a record's 'lost' */
};

/*
 * The snapshot stages sit in the `fillers` program array after the event
 * types; user space places the programs named in LN_BPF_STAGE_NAMES there.
 * Splitting the snapshot keeps each program within the verifier's limits.
 */
enum ln_bpf_stage {
	LN_STAGE_CWD = 0,	/* cwd, fdlimit, comm */
	LN_STAGE_CGROUP = 1,	/* one cgroup subsystem per run, then the ids */
	LN_STAGE_EXEPATH = 2,	/* trusted_exepath and start times */
	LN_STAGE_END_CLONE = 3,	/* clone family: flags, submit */
	LN_STAGE_END_EXEC = 4,	/* execve/execveat: env, flags, filename..., submit */
	LN_STAGE_COUNT = 5,
};

#define LN_BPF_STAGE_NAMES \
	{ "stage_cwd", "stage_cgroup", "stage_exepath", "stage_end_clone", "stage_end_exec" }

#define LN_STAGE_SLOT(stage) ((int)LN_EVT_MAX + (int)(stage))
#define LN_FILLER_SLOTS ((int)LN_EVT_MAX + (int)LN_STAGE_COUNT)

/* Scratch rows per CPU: one per attached program that builds records
 * (sys_exit, sched_process_exit, sched_process_exec; see maps.h). */
#define LN_BPF_SCRATCH_SLOTS 3

/* Filler programs are named this prefix followed by the event's name. */
#define LN_BPF_FILLER_PREFIX "fill_"

#endif /* LANNER_BPF_SHARED_H */
