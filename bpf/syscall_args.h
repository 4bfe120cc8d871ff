/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Syscall arguments at exit. The registers saved at entry are intact at exit
 * (the return value goes to ax), except after a successful exec, which
 * replaces them with the new image's.
 */
#ifndef LANNER_BPF_SYSCALL_ARGS_H
#define LANNER_BPF_SYSCALL_ARGS_H

#if defined(__TARGET_ARCH_x86)
/*
 * The tracepoint's pt_regs argument is a pointer the verifier types (BTF),
 * on every kernel with tp_btf programs (5.5): its fields are read with
 * plain, CO-RE relocated loads, not one bpf_probe_read_kernel() call each
 * (a helper call costs about 30 ns on the development host:
 * docs/performance.md).
 */
static __always_inline unsigned long syscall__arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0: return regs->di;
	case 1: return regs->si;
	case 2: return regs->dx;
	case 3: return regs->r10;
	case 4: return regs->r8;
	default: return regs->r9;
	}
}

/* The hot path of every traced syscall: a plain load, as above. */
static __always_inline long syscall__nr(struct pt_regs *regs)
{
	return regs->orig_ax;
}
#else
#error "the eBPF driver supports x86_64 only so far"
#endif

#define SYSCALL_ARG(i) syscall__arg(regs, i)

#endif /* LANNER_BPF_SYSCALL_ARGS_H */
