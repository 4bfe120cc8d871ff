/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every map and global of the driver. Each program source includes this
 * header; the definitions are weak so the static linker (bpftool gen object)
 * keeps one copy. User space (engine/source/bpf_driver.cpp) sizes the maps
 * and fills the rings, the filler table and the interest set before attach.
 */
#ifndef LANNER_BPF_MAPS_H
#define LANNER_BPF_MAPS_H

/* ---- tunables, set before load ------------------------------------------ */
const volatile __u32 cfg_snaplen __weak = LN_DEFAULT_SNAPLEN;
const volatile __u32 cfg_ncpus __weak = 1;	/* possible CPUs: scratch rows */
/* Bytes waiting in a ring before a record wakes the reader (record.h). */
const volatile __u32 cfg_wakeup_bytes __weak = 1;
/* enum ln_bench_omit: benchmark variants only (shared.h). */
const volatile __u32 cfg_bench_omit __weak = 0;

/* ---- interest set, written by user space while running ------------------ */
/* Syscall number -> event type to produce (0: not interesting). One load on
 * the fast path; kept in its own section so it is a map of its own. */
__u16 interest_syscall_event[LN_SYSCALL_MAX] SEC(".data.interest") __weak;
__u32 interest_sources SEC(".data.interest") __weak;		/* LN_SRC_* */
__u32 interest_exec_filename SEC(".data.interest") __weak;	/* save at exec */

/* ---- rings: one BPF ringbuf per possible CPU ----------------------------- */
struct ring_template {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);	/* replaced by the real size before load */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);		/* possible CPUs, set before load */
	__type(key, __u32);
	__array(values, struct ring_template);
} rings SEC(".maps") __weak;

/* ---- per-CPU counters ----------------------------------------------------- */
/*
 * One row per producer (bpf/shared.h), each written only by its program.
 * Plain increments are exact because a program never runs nested with
 * itself on a CPU:
 * - the programs are attached to process-context tracepoints only, so no
 *   interrupt can start another run of them;
 * - tracepoints run their BPF programs with preemption disabled: the
 *   tracepoint's own guard, and since syscall tracepoints may fault (6.13,
 *   a363d27cdbc2) the BPF probe disables it for them itself;
 * - where a run could still be preempted (a later kernel may allow it),
 *   bpf_trace_run() skips a second run of a program on a CPU where it is
 *   already running (prog->active, counted as recursion_misses, which the
 *   engine reports as missed runs), and migration stays disabled for the
 *   whole run, tail calls included.
 * Different programs can interleave on a CPU only where runs are
 * preemptible; they share no counter, and the ring's reservation is the
 * kernel's (locked). So no counter needs an atomic instruction; 'lost' is
 * therefore reported per producer: the next record of the same program on
 * that CPU carries its drops (docs/driver-semantics.md).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ln_bpf_cpu_counters);
} counters SEC(".maps") __weak;

/* ---- filler programs by event type, then the snapshot stages (stages.h) -- */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, LN_FILLER_SLOTS);
	__type(key, __u32);
	__type(value, __u32);
} fillers SEC(".maps") __weak;

/* ---- scratch space for building records ---------------------------------- */
/*
 * A record is built in scratch memory and copied into the ring once its
 * size is known (bpf_ringbuf_reserve needs a constant size). Scratch is
 * private to one producer per CPU: a program never runs nested with itself
 * on a CPU (see the counters above), and tail calls run inside their
 * caller's run, so a run can never have its scratch reused under it.
 * Programs attached to different tracepoints use different rows.
 * Rows: cpu * SCRATCH_SLOTS + slot.
 */
enum scratch_slot {
	SCRATCH_SYS_EXIT = LN_PRODUCER_SYS_EXIT,
	SCRATCH_PROC_EXIT = LN_PRODUCER_PROC_EXIT,
	SCRATCH_PROC_EXEC = LN_PRODUCER_PROC_EXEC,
	SCRATCH_SLOTS = LN_BPF_SCRATCH_SLOTS,
};

#define REC_LIMIT	32768			/* largest record this driver builds */
#define REC_MASK	(REC_LIMIT - 1)
#define REC_MAX_WRITE	LN_MAX_SNAPLEN		/* single copies stay below this */
#define PBUF_END	LN_MAX_PATH		/* paths are built backwards, ending here */
#define PBUF_MASK	(LN_MAX_PATH - 1)
#define NAME_MAX_LEN	255

struct rec_state {
	__u32 pos;		/* bytes written so far */
	__u16 type;
	__u16 nparams;
	__u16 idx;		/* next parameter */
	__u16 flags;		/* LN_EF_* */
	/* carried between the snapshot stages */
	__u32 list_start;	/* where the cgroups value began */
	__u16 list_index;	/* next cgroup subsystem */
	__u16 list_cut;
	__u32 producer;		/* enum scratch_slot: whose counters */
};

struct scratch {
	struct rec_state st;
	__u8 buf[REC_LIMIT + REC_MAX_WRITE];
	__u8 pbuf[PBUF_END + NAME_MAX_LEN + 1];	/* a path, built from its end */
	__u8 name[NAME_MAX_LEN + 1];		/* one component, staged */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCRATCH_SLOTS);	/* cpus * SCRATCH_SLOTS, set before load */
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps") __weak;

/* ---- per-thread exec filename, saved at sched_process_exec ---------------- */
struct exec_filename {
	__u32 len;		/* bytes in name, without the NUL */
	__u32 partial;
	char name[LN_MAX_PATH];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);	/* tid */
	__type(value, struct exec_filename);
} exec_filenames SEC(".maps") __weak;

#endif /* LANNER_BPF_MAPS_H */
