// SPDX-License-Identifier: GPL-2.0-only
/* Per-event values that no generic kind covers (LN_K_SPECIAL). */

#include <linux/auxvec.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/prctl.h>
#include <linux/sched.h>

#include "event_sources.h"
#include "fill.h"

/*
 * A successful exec's filename is bprm->filename. The kernel copies that
 * string onto the new image's stack before loading it (bprm->exec, since
 * the exec-in-one-pass rework) and the ELF loader publishes its address as
 * AT_EXECFN in mm->saved_auxv, so it is read there at exit: no per-thread
 * state between sched_process_exec and the syscall's exit is needed.
 */
static void ln_fill_exec_filename(struct ln_rec *r)
{
	struct mm_struct *mm = current->mm;
	unsigned int i;

	if (r->ret != 0) {
		ln_put_ustr(r, (const char __user *)ln_arg(r, r->type == LN_EVT_EXECVEAT ? 1 : 0),
			    LN_MAX_PATH);
		return;
	}
	for (i = 0; mm && i + 1 < AT_VECTOR_SIZE && mm->saved_auxv[i] != AT_NULL; i += 2) {
		if (mm->saved_auxv[i] == AT_EXECFN) {
			ln_put_ustr(r, (const char __user *)mm->saved_auxv[i + 1], LN_MAX_PATH);
			return;
		}
	}
	ln_put_unreadable(r);
}

static void ln_fill_procexit(struct ln_rec *r, unsigned int idx)
{
	int status = current->exit_code;

	switch (idx) {
	case LN_P_PROCEXIT_STATUS:
		ln_put_int(r, (s64)status, 8);
		break;
	case LN_P_PROCEXIT_RET:
		ln_put_int(r, (s64)(status >> 8), 8);
		break;
	case LN_P_PROCEXIT_SIG:
		ln_put_int(r, status & 0x7f, 1);
		break;
	case LN_P_PROCEXIT_CORE:
		ln_put_int(r, (status & 0x80) ? 1 : 0, 1);
		break;
	default:
		/* reaper_tid: 0, "unknown" (docs/kernels.md). */
		ln_put_int(r, 0, 8);
		break;
	}
}

/* The pipe's inode, through the first fd the call wrote. */
static void ln_fill_pipe_ino(struct ln_rec *r)
{
	struct file *file;
	int fd;

	if (r->ret < 0) {
		ln_put_empty(r);
		return;
	}
	if (!ln_read_user(&fd, (const void __user *)ln_arg(r, 0), sizeof(fd))) {
		ln_put_unreadable(r);
		return;
	}
	file = fget(fd);
	if (!file) {
		ln_put_unreadable(r);
		return;
	}
	ln_put_int(r, file_inode(file)->i_ino, 8);
	fput(file);
}

/* PR_SET_NAME / PR_GET_NAME pass a string; every other option an integer. */
static void ln_fill_prctl(struct ln_rec *r, unsigned int idx)
{
	int option = ln_arg(r, 0);
	bool is_name = option == PR_SET_NAME || option == PR_GET_NAME;

	if (idx == LN_P_PRCTL_ARG2_STR) {
		if (is_name)
			ln_put_ustr(r, (const char __user *)ln_arg(r, 1), TASK_COMM_LEN - 1);
		else
			ln_put_empty(r);
	} else {
		if (is_name)
			ln_put_empty(r);
		else
			ln_put_int(r, ln_arg(r, 1), 8);
	}
}

/* The option's value as the call returned it: an int (or a 64-bit value). */
static void ln_fill_sockopt_val(struct ln_rec *r)
{
	const void __user *optval = (const void __user *)ln_arg(r, 3);
	u32 optlen;
	s64 v64;
	int v32;

	if (r->ret < 0 || !ln_read_user(&optlen, (const void __user *)ln_arg(r, 4), 4)) {
		ln_put_empty(r);
		return;
	}
	if (optlen == 8 && ln_read_user(&v64, optval, 8))
		ln_put_int(r, v64, 8);
	else if (optlen >= 4 && optlen != 8 && ln_read_user(&v32, optval, 4))
		ln_put_int(r, (s64)v32, 8);
	else
		ln_put_empty(r);
}

void ln_fill_special(struct ln_rec *r, unsigned int idx)
{
	switch (r->type) {
	case LN_EVT_EXECVE:
	case LN_EVT_EXECVEAT:
		ln_fill_exec_filename(r);
		break;
	case LN_EVT_PROCEXIT:
		ln_fill_procexit(r, idx);
		break;
	case LN_EVT_PIPE:
	case LN_EVT_PIPE2:
		ln_fill_pipe_ino(r);
		break;
	case LN_EVT_PRCTL:
		ln_fill_prctl(r, idx);
		break;
	case LN_EVT_GETSOCKOPT:
		ln_fill_sockopt_val(r);
		break;
	case LN_EVT_SOCKETPAIR:
		ln_fill_socketpair_sock(r, idx == LN_P_SOCKETPAIR_PEER);
		break;
	default:
		ln_fill_net_special(r, idx);
		break;
	}
}
