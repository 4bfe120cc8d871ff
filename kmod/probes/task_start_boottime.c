// SPDX-License-Identifier: GPL-2.0-only
/* 5.5, cf25e24db61c "time: Rename tsk->real_start_time to ->start_boottime" */
#include <linux/sched.h>
u64 ln_probe(struct task_struct *t);
u64 ln_probe(struct task_struct *t) { return t->start_boottime; }
