/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * What crosses between the engine and a driver, besides the records
 * themselves (schema.h): the interest set, drop causes, and the kernel
 * module's device interface (ring control pages, mmap offsets, ioctls).
 * The eBPF driver uses the interest-set and drop-cause definitions too.
 */
#ifndef LANNER_DRIVER_ABI_H
#define LANNER_DRIVER_ABI_H

#include "schema.h"
#include "syscalls.h"

#if defined(__KERNEL__)
#include <linux/ioctl.h>
#elif !defined(__bpf__) && !defined(__BPF__)
#include <linux/ioctl.h>
#endif

/* Version of the module's device interface; bumped on any change below. */
#define LN_DRIVER_API_VERSION 1

/*
 * Interest set: the syscalls whose exit produces a record, as a bitmap
 * indexed by syscall number, plus the non-syscall sources. A syscall outside
 * the set returns from the probe after one lookup.
 */
#define LN_INTEREST_WORDS (LN_SYSCALL_MAX / 64)
#define LN_SRC_PROCEXIT (1U << 0) /* sched_process_exit -> LN_EVT_PROCEXIT */

struct ln_interest {
	__u64 syscalls[LN_INTEREST_WORDS];
	__u32 sources;	/* LN_SRC_* */
	__u32 reserved;	/* must be 0 */
};

/* Why a record did not reach user space. Counted per CPU. */
enum ln_drop_cause {
	LN_DROP_RING_FULL = 0,	/* no room in the ring */
	LN_DROP_TOO_BIG = 1,	/* record larger than LN_MAX_EVENT_SIZE or the ring */
	LN_DROP_NESTED = 2,	/* producer busy on this CPU (re-entry), record skipped */
	LN_DROP_OTHER = 3,	/* any other failure inside the probe */
	LN_DROP_CAUSE_MAX = 4,
};

/* ---- kernel module device: /dev/lanner ---------------------------------- */

/*
 * Each possible CPU has a ring made of three mmap regions, selected by the
 * mmap offset LN_MMAP_OFFSET(cpu, region):
 *   PRODUCER  one page, read-only: struct ln_ring_producer
 *   CONSUMER  one page, read-write: struct ln_ring_consumer
 *   DATA      2 * data_size bytes, read-only: the data pages mapped twice back
 *             to back, so a record that wraps is still contiguous.
 * Positions are byte counts that only grow; offset in the data area is
 * position & (data_size - 1). The producer publishes a record by storing head
 * with release semantics after writing it; the consumer frees space by storing
 * tail (release) after reading.
 */
enum ln_mmap_region {
	LN_REGION_PRODUCER = 0,
	LN_REGION_CONSUMER = 1,
	LN_REGION_DATA = 2,
};
#define LN_MMAP_OFFSET(cpu, region) ((((__u64)(cpu) << 2) | (__u64)(region)) << 32)

struct ln_ring_producer {
	__u64 head;				/* bytes published */
	__u64 produced;				/* records the probes tried to write */
	__u64 delivered;			/* records published */
	__u64 drops[LN_DROP_CAUSE_MAX];		/* records lost, by cause */
	__u32 data_size;			/* power of two */
	__u32 watermark;			/* bytes pending before a waiting reader is woken */
};

struct ln_ring_consumer {
	__u64 tail;	/* bytes consumed */
	__u32 waiting;	/* 1 while the reader sleeps in poll() */
	__u32 reserved;
};

struct ln_version_info {
	__u32 api_version;	/* LN_DRIVER_API_VERSION */
	__u32 schema_version;	/* LN_SCHEMA_VERSION */
	__u32 nr_cpu_ids;	/* rings are indexed 0 .. nr_cpu_ids - 1 */
	__u32 data_size;	/* bytes of data per ring */
};

struct ln_cpu_stats {
	__u32 cpu;		/* in: which ring */
	__u32 online;		/* out: 1 if the ring exists */
	__u64 produced;
	__u64 delivered;
	__u64 drops[LN_DROP_CAUSE_MAX];
};

#define LN_IOCTL_MAGIC 'L'
#define LN_IOCTL_GET_VERSION	_IOR(LN_IOCTL_MAGIC, 1, struct ln_version_info)
#define LN_IOCTL_SET_INTEREST	_IOW(LN_IOCTL_MAGIC, 2, struct ln_interest)
#define LN_IOCTL_START		_IO(LN_IOCTL_MAGIC, 3)
#define LN_IOCTL_STOP		_IO(LN_IOCTL_MAGIC, 4)
#define LN_IOCTL_GET_STATS	_IOWR(LN_IOCTL_MAGIC, 5, struct ln_cpu_stats)
#define LN_IOCTL_SET_SNAPLEN	_IOW(LN_IOCTL_MAGIC, 6, __u32)

LN_STATIC_ASSERT(sizeof(struct ln_interest) % 8 == 0, "ln_interest is 8-byte sized");
LN_STATIC_ASSERT(sizeof(struct ln_ring_producer) % 8 == 0, "producer page struct is 8-byte sized");
LN_STATIC_ASSERT(sizeof(struct ln_ring_consumer) == 16, "consumer page struct is 16 bytes");

#endif /* LANNER_DRIVER_ABI_H */
