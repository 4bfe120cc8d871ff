/* SPDX-License-Identifier: GPL-2.0-only */
/* What every program source of the driver includes, in order. */
#ifndef LANNER_BPF_H
#define LANNER_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "lanner/schema.h"
#include "lanner/driver_abi.h"

#include "compat.h"
#include "shared.h"
#include "maps.h"
#include "task.h"	/* before record.h, which uses task__have_btf() */
#include "record.h"
#include "syscall_args.h"
#include "path.h"
#include "fd.h"
#include "sock.h"

/* A filler: tail-called by the dispatcher for one event type. Its name,
 * fill_<event>, is how user space finds it (engine/source/bpf_driver.cpp). */
#define FILLER(event) \
	SEC("tp_btf/sys_exit") int BPF_PROG(fill_##event, struct pt_regs *regs, long ret)

/* Starts the record of event EV in a filler; leaves the filler if it cannot. */
#define BEGIN_RECORD(EV)							\
	struct scratch *s = record__begin(SCRATCH_SYS_EXIT, LN_EVT_##EV,	\
					  LN_##EV##_NPARAMS);			\
	if (!s)									\
		return 0

#define ARG(i) syscall__arg(regs, i)

#endif /* LANNER_BPF_H */
