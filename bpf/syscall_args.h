/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Syscall arguments at exit. The registers saved at entry are intact at exit
 * (the return value goes to ax), except after a successful exec, which
 * replaces them with the new image's.
 */
#ifndef LANNER_BPF_SYSCALL_ARGS_H
#define LANNER_BPF_SYSCALL_ARGS_H

#if defined(__TARGET_ARCH_x86)
static __always_inline unsigned long syscall__arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0: return BPF_CORE_READ(regs, di);
	case 1: return BPF_CORE_READ(regs, si);
	case 2: return BPF_CORE_READ(regs, dx);
	case 3: return BPF_CORE_READ(regs, r10);
	case 4: return BPF_CORE_READ(regs, r8);
	default: return BPF_CORE_READ(regs, r9);
	}
}

/* The hot path of every traced syscall: a direct (BTF-typed, CO-RE
 * relocated) load instead of a bpf_probe_read_kernel() call. The tracepoint
 * argument is a trusted pointer, so the verifier allows it. */
static __always_inline long syscall__nr(struct pt_regs *regs)
{
	return regs->orig_ax;
}
#else
#error "the eBPF driver supports x86_64 only so far"
#endif

#define SYSCALL_ARG(i) syscall__arg(regs, i)

#endif /* LANNER_BPF_SYSCALL_ARGS_H */
