// SPDX-License-Identifier: GPL-2.0-only
/* Sockets: creation, connection set-up, options. Tuples come from the
 * kernel socket after the call; addresses from the caller's memory. */
#include "lanner_bpf.h"

#define LN_EINPROGRESS 115

FILLER(socket)
{
	BEGIN_RECORD(SOCKET);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	record__put_u32(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(socketpair)
{
	int fds[2] = {};
	struct sock *sk;

	BEGIN_RECORD(SOCKETPAIR);
	record__put_s64(s, ret);
	if (ret < 0 || bpf_probe_read_user(fds, sizeof(fds), (const void *)ARG(3))) {
		record__put_empty(s);
		record__put_empty(s);
		record__put_empty(s);
		record__put_empty(s);
	} else {
		record__put_s64(s, fds[0]);
		record__put_s64(s, fds[1]);
		sk = fd__sock(fds[0]);
		record__put_u64(s, (__u64)sk);
		record__put_u64(s, sk && BPF_CORE_READ(sk, __sk_common.skc_family) == LN_AF_UNIX
					   ? (__u64)BPF_CORE_READ((struct unix_sock *)sk, peer)
					   : 0);
	}
	record__put_u32(s, ARG(0));
	record__put_u32(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(connect)
{
	long fd = (int)ARG(0);

	BEGIN_RECORD(CONNECT);
	record__put_s64(s, ret);
	if (ret == 0 || ret == -LN_EINPROGRESS)
		sock__put_tuple(s, fd__sock(fd), NULL, true);
	else
		record__put_empty(s);
	record__put_s64(s, fd);
	sock__put_user_sockaddr(s, (const void *)ARG(1), (__u32)ARG(2));
	return record__submit(s);
}

/* The new connection's tuple and the listening socket's queue. */
static __always_inline void accept__put(struct scratch *s, long ret, long listen_fd)
{
	struct sock *lsk = fd__sock(listen_fd);
	__u32 len = 0, max = 0;

	if (ret >= 0)
		sock__put_tuple(s, fd__sock(ret), NULL, false);
	else
		record__put_empty(s);
	if (lsk) {
		len = BPF_CORE_READ(lsk, sk_ack_backlog);
		max = BPF_CORE_READ(lsk, sk_max_ack_backlog);
	}
	record__put_u8(s, max ? (__u8)((__u64)len * 100 / max) : 0);
	record__put_u32(s, len);
	record__put_u32(s, max);
	record__put_s64(s, listen_fd);
}

FILLER(accept)
{
	BEGIN_RECORD(ACCEPT);
	record__put_s64(s, ret);
	accept__put(s, ret, (int)ARG(0));
	return record__submit(s);
}

FILLER(accept4)
{
	BEGIN_RECORD(ACCEPT4);
	record__put_s64(s, ret);
	accept__put(s, ret, (int)ARG(0));
	record__put_u32(s, ARG(3));
	return record__submit(s);
}

FILLER(bind)
{
	BEGIN_RECORD(BIND);
	record__put_s64(s, ret);
	sock__put_user_sockaddr(s, (const void *)ARG(1), (__u32)ARG(2));
	record__put_int_arg(s, ARG(0));
	return record__submit(s);
}

FILLER(listen)
{
	BEGIN_RECORD(LISTEN);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_s32(s, ARG(1));
	return record__submit(s);
}

FILLER(shutdown)
{
	BEGIN_RECORD(SHUTDOWN);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(getsockopt)
{
	__u32 optlen = 0;

	BEGIN_RECORD(GETSOCKOPT);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u32(s, ARG(1));
	record__put_u32(s, ARG(2));
	/* The value the kernel wrote, as a signed integer of optlen bytes. */
	if (bpf_probe_read_user(&optlen, sizeof(optlen), (const void *)ARG(4)) || ret < 0) {
		record__put_empty(s);
	} else if (optlen == 4) {
		__s32 v = 0;

		bpf_probe_read_user(&v, sizeof(v), (const void *)ARG(3));
		record__put_s64(s, v);
	} else if (optlen == 8) {
		__s64 v = 0;

		bpf_probe_read_user(&v, sizeof(v), (const void *)ARG(3));
		record__put_s64(s, v);
	} else {
		record__put_empty(s);
	}
	if (optlen || ret >= 0)
		record__put_u32(s, optlen);
	else
		record__put_empty(s);
	return record__submit(s);
}
