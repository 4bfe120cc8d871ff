// SPDX-License-Identifier: GPL-2.0-only
/*
 * The probes and their attachment. Two tracepoints are used: sys_exit (one
 * record per traced syscall, at exit: docs/events.md) and sched_process_exit
 * (procexit). They are found by name with for_each_kernel_tracepoint() at
 * load and attached only while a reader captures.
 */

#include <linux/compat.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>

#include "compat.h"
#include "fill.h"
#include "lanner.h"

/* The capturing session; set before the probes attach, cleared after. */
static struct ln_session *ln_active;

static void ln_emit(struct ln_session *s, u16 type, struct pt_regs *regs, long ret)
{
	/*
	 * The ring is per CPU with a single producer. Tracepoint probes used
	 * to run with preemption disabled; since a363d27cdbc2 ("tracing: Allow
	 * system call tracepoints to handle page faults") syscall tracepoints
	 * may run preemptible, so the write is bracketed here on every kernel.
	 */
	preempt_disable();
	ln_ring_emit(s->rings[smp_processor_id()], type, regs, ret);
	preempt_enable();
}

static void ln_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	struct ln_session *s = READ_ONCE(ln_active);
	long nr;

	if (unlikely(!s))
		return;
	nr = syscall_get_nr(current, regs);
	if ((unsigned long)nr >= LN_SYSCALL_MAX || !test_bit(nr, s->interest))
		return;
	/* 32-bit tasks number syscalls differently: not traced. */
	if (unlikely(in_compat_syscall()))
		return;
	ln_emit(s, ln_syscall_event[nr], regs, ret);
}

static void ln_probe_process_exit(void *data, struct task_struct *task)
{
	struct ln_session *s = READ_ONCE(ln_active);

	if (unlikely(!s) || !(READ_ONCE(s->sources) & LN_SRC_PROCEXIT))
		return;
	ln_emit(s, LN_EVT_PROCEXIT, NULL, 0);
}

struct ln_tracepoint {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

static struct ln_tracepoint ln_tracepoints[] = {
	{ .name = "sys_exit", .probe = ln_probe_sys_exit },
	{ .name = "sched_process_exit", .probe = ln_probe_process_exit },
};

static void ln_find_tracepoint(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ln_tracepoints); i++)
		if (!strcmp(tp->name, ln_tracepoints[i].name))
			ln_tracepoints[i].tp = tp;
}

int ln_tracepoints_init(void)
{
	unsigned int i;

	for_each_kernel_tracepoint(ln_find_tracepoint, NULL);
	for (i = 0; i < ARRAY_SIZE(ln_tracepoints); i++) {
		if (!ln_tracepoints[i].tp) {
			pr_err("tracepoint %s not found (kernel without CONFIG_FTRACE_SYSCALLS?)\n",
			       ln_tracepoints[i].name);
			return -ENOENT;
		}
	}
	return 0;
}

int ln_capture_start(struct ln_session *s)
{
	unsigned int i;
	int err;

	if (s->capturing)
		return 0;
	WRITE_ONCE(ln_active, s);
	for (i = 0; i < ARRAY_SIZE(ln_tracepoints); i++) {
		err = tracepoint_probe_register(ln_tracepoints[i].tp, ln_tracepoints[i].probe, NULL);
		if (err) {
			pr_err("cannot attach to tracepoint %s: %d\n", ln_tracepoints[i].name, err);
			goto err_unregister;
		}
	}
	s->capturing = true;
	return 0;

err_unregister:
	while (i--)
		tracepoint_probe_unregister(ln_tracepoints[i].tp, ln_tracepoints[i].probe, NULL);
	tracepoint_synchronize_unregister();
	WRITE_ONCE(ln_active, NULL);
	return err;
}

void ln_capture_stop(struct ln_session *s)
{
	unsigned int i;

	if (!s->capturing)
		return;
	for (i = 0; i < ARRAY_SIZE(ln_tracepoints); i++)
		tracepoint_probe_unregister(ln_tracepoints[i].tp, ln_tracepoints[i].probe, NULL);
	/* No probe runs past this point: the rings may be freed. */
	tracepoint_synchronize_unregister();
	WRITE_ONCE(ln_active, NULL);
	s->capturing = false;
}
