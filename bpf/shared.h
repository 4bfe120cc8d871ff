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

/*
 * The record producers: the attached programs that build records, each with
 * its scratch row and its counters on every CPU (bpf/maps.h).
 */
enum ln_bpf_producer {
	LN_PRODUCER_SYS_EXIT = 0,	/* sys_exit, its fillers and stages */
	LN_PRODUCER_PROC_EXIT = 1,	/* sched_process_exit */
	LN_PRODUCER_PROC_EXEC = 2,	/* sched_process_exec (scratch only) */
	LN_BPF_PRODUCERS = 3,
};

/*
 * What one producer counted on one CPU. Only that producer's program writes
 * it, and never two runs of it at once on a CPU (bpf/maps.h says why), so
 * the counts are plain increments and still exact.
 */
struct ln_bpf_producer_counters {
	__u64 produced;			/* records the program tried to write */
	__u64 delivered;		/* records that reached the ring */
	__u64 drops[LN_DROP_CAUSE_MAX];	/* records lost, by cause */
	__u64 pending_lost;		/* drops not yet reported in a record's 'lost' */
	__u64 unwoken_bytes;		/* written since it last woke the reader */
};

/* One per CPU, in the `counters` per-CPU array; the CPU's counts are the
 * sums over its producers. */
struct ln_bpf_cpu_counters {
	struct ln_bpf_producer_counters producer[LN_BPF_PRODUCERS];
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

/* Scratch rows per CPU: one per producer (see maps.h). */
#define LN_BPF_SCRATCH_SLOTS LN_BPF_PRODUCERS

/*
 * Benchmark only (bench/bpf/bpf_bench breakdown): parts of the openat and
 * close records the dispatcher leaves out, to measure what each costs. The
 * engine never sets them. The verifier reads the frozen value, so at 0 it
 * drops the branches that omit: what remains per check is a load and a test.
 */
enum ln_bench_omit {
	LN_BENCH_OMIT_PATH = 1,		/* openat's path: empty, no user read */
	LN_BENCH_OMIT_DEV_INO = 2,	/* openat's dev and ino: empty */
	LN_BENCH_OMIT_TIMESTAMP = 4,	/* header ts 0, no clock read */
	LN_BENCH_OMIT_RING_WRITE = 8,	/* built, counted delivered, not written */
};

/* Filler programs are named this prefix followed by the event's name. */
#define LN_BPF_FILLER_PREFIX "fill_"

#endif /* LANNER_BPF_SHARED_H */
