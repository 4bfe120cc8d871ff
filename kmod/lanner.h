/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interfaces of the Lanner kernel module.
 *
 * A session exists while /dev/lanner is open (one reader at a time): it owns
 * a ring per possible CPU, the interest set and the snap length. Probes are
 * attached only while a session captures, so nothing runs in the traced
 * processes' paths when no reader is attached, and unloading the module is
 * refused while the device is open (the file holds a module reference).
 */
#ifndef LANNER_KMOD_LANNER_H
#define LANNER_KMOD_LANNER_H

#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "lanner/driver_abi.h"

struct ln_session;

/* One CPU's ring (include/lanner/driver_abi.h describes the user view). */
struct ln_ring {
	struct ln_ring_producer *prod;	/* page mapped read-only to the reader */
	struct ln_ring_consumer *cons;	/* page mapped read-write */
	struct page *prod_page;
	struct page *cons_page;
	struct page **pages;		/* the data pages */
	unsigned int nr_pages;
	u8 *data;			/* data pages mapped twice, back to back */
	u32 size;			/* bytes of data, a power of two */
	u64 pending_lost;		/* drops not yet reported by a record */
	bool busy;			/* a probe is writing (re-entry guard) */
	struct irq_work wakeup;		/* wakes the reader outside the probe */
	struct ln_session *session;
};

struct ln_session {
	struct ln_ring **rings;		/* nr_cpu_ids entries, one per possible CPU */
	u32 data_size;
	wait_queue_head_t wait;
	DECLARE_BITMAP(interest, LN_SYSCALL_MAX);
	u32 sources;			/* LN_SRC_* */
	u32 snaplen;
	bool capturing;
	struct mutex lock;		/* serialises ioctls */
};

/* ring.c */
struct ln_ring *ln_ring_alloc(int cpu, u32 size, struct ln_session *s);
void ln_ring_free(struct ln_ring *ring);
void ln_ring_emit(struct ln_ring *ring, u16 type, struct pt_regs *regs, long ret);
bool ln_ring_readable(struct ln_ring *ring);

/* tracepoints.c */
int ln_tracepoints_init(void);
int ln_capture_start(struct ln_session *s);
void ln_capture_stop(struct ln_session *s);

/* device.c */
int ln_device_init(umode_t mode);
void ln_device_exit(void);

/* main.c: module parameters */
extern u32 ln_param_ring_bytes;

#endif /* LANNER_KMOD_LANNER_H */
