/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fillers: turn the current syscall (or exiting task) into a record.
 * fill.c walks the event's row of event_sources.h; the kinds that need code
 * live in fill_task.c (the task snapshot), fill_net.c (sockets) and
 * fill_special.c (per-event values). Values follow docs/driver-semantics.md.
 */
#ifndef LANNER_KMOD_FILL_H
#define LANNER_KMOD_FILL_H

#include <linux/kernel.h>
#include <linux/time64.h>
#include <linux/types.h>

#include "lanner/driver_abi.h"
#include "record.h"

struct file;

/* Fills the record for r->type; returns its length, 0 if it did not fit. */
u32 ln_fill_record(struct ln_rec *r);

/* The event id of each syscall number, 0 for untraced ones. */
extern const u16 ln_syscall_event[LN_SYSCALL_MAX];

void ln_fill_task_field(struct ln_rec *r, unsigned int field);
void ln_fill_special(struct ln_rec *r, unsigned int idx);
void ln_fill_sockaddr(struct ln_rec *r, const void __user *uaddr, long len);

/* Syscall argument i of the current syscall (read once per record). */
static inline unsigned long ln_arg(const struct ln_rec *r, unsigned int i)
{
	return i < ARRAY_SIZE(r->args) ? r->args[i] : 0;
}

void ln_fill_init(void);

/* Writes the path of `path` (d_path, from the task's root). */
struct path;
void ln_put_path(struct ln_rec *r, const struct path *path);

/* fill_net.c */
void ln_fill_net_special(struct ln_rec *r, unsigned int idx);
void ln_fill_socketpair_sock(struct ln_rec *r, bool peer);

static inline u64 ln_timespec_ns(struct timespec64 ts)
{
	return (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

#endif /* LANNER_KMOD_FILL_H */
