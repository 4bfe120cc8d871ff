// SPDX-License-Identifier: GPL-2.0-only
/* Descriptor bookkeeping: close, dup, fcntl, pipes, and the calls that
 * create special descriptors (eventfd, signalfd, timerfd, epoll, inotify,
 * memfd, userfaultfd, pidfd, io_uring). */
#include "lanner_bpf.h"
#include "hot_fillers.h"

FILLER(close)
{
	return hot__close(regs, ret, task__current_btf());
}

FILLER(close_range)
{
	BEGIN_RECORD(CLOSE_RANGE);
	record__put_s64(s, ret);
	/* fds as int, like close() (docs/kernels.md): ~0U, "every fd", is -1 */
	record__put_int_arg(s, ARG(0));
	record__put_int_arg(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(dup)
{
	BEGIN_RECORD(DUP);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	return record__submit(s);
}

FILLER(dup2)
{
	BEGIN_RECORD(DUP2);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_int_arg(s, ARG(1));
	return record__submit(s);
}

FILLER(dup3)
{
	BEGIN_RECORD(DUP3);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_int_arg(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(fcntl)
{
	BEGIN_RECORD(FCNTL);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u32(s, ARG(1));
	record__put_u64(s, ARG(2));
	return record__submit(s);
}

/* The two descriptors written to the user array, and the pipe's inode;
 * empty when the call failed (the array was not written). */
static __always_inline void fd__put_pair(struct scratch *s, long ret, const int *ufds, bool ino)
{
	int fds[2] = {};

	if (ret < 0 || bpf_probe_read_user(fds, sizeof(fds), ufds)) {
		record__put_empty(s);
		record__put_empty(s);
		if (ino)
			record__put_empty(s);
		return;
	}
	record__put_s64(s, fds[0]);
	record__put_s64(s, fds[1]);
	if (ino) {
		struct inode *i = fd__inode(fds[0]);

		if (i)
			record__put_u64(s, BPF_CORE_READ(i, i_ino));
		else
			record__put_empty(s);
	}
}

FILLER(pipe)
{
	BEGIN_RECORD(PIPE);
	record__put_s64(s, ret);
	fd__put_pair(s, ret, (const int *)ARG(0), true);
	return record__submit(s);
}

FILLER(pipe2)
{
	BEGIN_RECORD(PIPE2);
	record__put_s64(s, ret);
	fd__put_pair(s, ret, (const int *)ARG(0), true);
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(eventfd)
{
	BEGIN_RECORD(EVENTFD);
	record__put_s64(s, ret);
	record__put_u64(s, (__u32)ARG(0));
	record__put_u32(s, 0);
	return record__submit(s);
}

FILLER(eventfd2)
{
	BEGIN_RECORD(EVENTFD2);
	record__put_s64(s, ret);
	record__put_u64(s, (__u32)ARG(0));
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

/* The signal mask the caller passed (a user pointer to a 64-bit set). */
static __always_inline void fd__put_sigmask(struct scratch *s, const void *umask)
{
	__u64 mask = 0;

	if (bpf_probe_read_user(&mask, sizeof(mask), umask))
		record__put_unreadable(s);
	else
		record__put_u64(s, mask);
}

FILLER(signalfd)
{
	BEGIN_RECORD(SIGNALFD);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	fd__put_sigmask(s, (const void *)ARG(1));
	record__put_u32(s, 0);
	return record__submit(s);
}

FILLER(signalfd4)
{
	BEGIN_RECORD(SIGNALFD4);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	fd__put_sigmask(s, (const void *)ARG(1));
	record__put_u32(s, ARG(3));
	return record__submit(s);
}

FILLER(timerfd_create)
{
	BEGIN_RECORD(TIMERFD_CREATE);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(epoll_create)
{
	BEGIN_RECORD(EPOLL_CREATE);
	record__put_s64(s, ret);
	record__put_s32(s, ARG(0));
	return record__submit(s);
}

FILLER(epoll_create1)
{
	BEGIN_RECORD(EPOLL_CREATE1);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	return record__submit(s);
}

FILLER(inotify_init)
{
	BEGIN_RECORD(INOTIFY_INIT);
	record__put_s64(s, ret);
	return record__submit(s);
}

FILLER(inotify_init1)
{
	BEGIN_RECORD(INOTIFY_INIT1);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	return record__submit(s);
}

FILLER(memfd_create)
{
	BEGIN_RECORD(MEMFD_CREATE);
	record__put_s64(s, ret);
	record__put_user_str(s, (const void *)ARG(0), LN_MAX_PATH);
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(userfaultfd)
{
	BEGIN_RECORD(USERFAULTFD);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	return record__submit(s);
}

FILLER(pidfd_open)
{
	BEGIN_RECORD(PIDFD_OPEN);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(pidfd_getfd)
{
	BEGIN_RECORD(PIDFD_GETFD);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_int_arg(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(io_uring_setup)
{
	struct io_uring_params p = {};

	BEGIN_RECORD(IO_URING_SETUP);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	/* The kernel fills in the ring sizes and features on success. */
	if (bpf_probe_read_user(&p, sizeof(p), (const void *)ARG(1))) {
		int i;

		for (i = 0; i < 6; i++)
			record__put_unreadable(s);
	} else {
		record__put_u32(s, p.sq_entries);
		record__put_u32(s, p.cq_entries);
		record__put_u32(s, p.flags);
		record__put_u32(s, p.sq_thread_cpu);
		record__put_u32(s, p.sq_thread_idle);
		record__put_u32(s, p.features);
	}
	return record__submit(s);
}
