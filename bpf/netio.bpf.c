// SPDX-License-Identifier: GPL-2.0-only
/* Socket data: send* and recv*. `data` is the first snaplen bytes of the
 * (first) buffer; the tuple's server is the destination for sends and the
 * local side for receives (docs/driver-semantics.md). */
#include "lanner_bpf.h"

#define MSG_IOV_SUMMED 64	/* as the module sums them */

static __always_inline __u64 netio__min(__u64 a, __u64 b)
{
	return a < b ? a : b;
}

/* A user address argument of `len` bytes as the peer endpoint, if inet. */
static __always_inline bool netio__peer(const void *uaddr, __u64 len, struct endpoint *ep)
{
	__u16 family = 0;

	return uaddr && sock__user_endpoint(uaddr, len, &family, ep);
}

/* The total the message's first MSG_IOV_SUMMED buffers offer; unreadable
 * (empty, partial) when one of their iovecs cannot be read. */
static __always_inline void netio__put_iov_total(struct scratch *s, const struct user_msghdr *m)
{
	__u64 total = 0;
	int i;

	for (i = 0; i < MSG_IOV_SUMMED; i++) {
		struct iovec iov = {};

		if (i >= m->msg_iovlen)
			break;
		if (bpf_probe_read_user(&iov, sizeof(iov), &m->msg_iov[i])) {
			record__put_unreadable(s);
			return;
		}
		total += iov.iov_len;
	}
	record__put_u32(s, (__u32)total);
}

/* The first `limit` bytes of the message's first iovec: empty without
 * buffers, unreadable when the iovec cannot be read. */
static __always_inline void netio__put_iov_data(struct scratch *s, const struct user_msghdr *m,
						__u64 limit)
{
	struct iovec iov = {};

	if (m->msg_iovlen == 0) {
		record__put_empty(s);
		return;
	}
	if (bpf_probe_read_user(&iov, sizeof(iov), m->msg_iov)) {
		record__put_unreadable(s);
		return;
	}
	record__put_bytes(s, iov.iov_base, netio__min(iov.iov_len, limit), cfg_snaplen, true);
}

FILLER(sendto)
{
	long fd = (int)ARG(0);
	struct endpoint peer = {};
	bool has_peer = netio__peer((const void *)ARG(4), (__u32)ARG(5), &peer);

	BEGIN_RECORD(SENDTO);
	record__put_s64(s, ret);
	record__put_bytes(s, (const void *)ARG(1), ARG(2), cfg_snaplen, true);
	record__put_s64(s, fd);
	record__put_u32(s, ARG(2));
	sock__put_tuple(s, fd__sock(fd), has_peer ? &peer : NULL, true);
	return record__submit(s);
}

FILLER(recvfrom)
{
	long fd = (int)ARG(0);
	struct endpoint peer = {};
	bool has_peer = false;
	__u32 alen = 0;

	BEGIN_RECORD(RECVFROM);
	record__put_s64(s, ret);
	if (ret > 0)
		record__put_bytes(s, (const void *)ARG(1), ret, cfg_snaplen, true);
	else
		record__put_empty(s);
	/* The source address, when the kernel filled it in. */
	if (ARG(4) && !bpf_probe_read_user(&alen, sizeof(alen), (const void *)ARG(5)))
		has_peer = netio__peer((const void *)ARG(4), alen, &peer);
	sock__put_tuple(s, fd__sock(fd), has_peer ? &peer : NULL, false);
	record__put_s64(s, fd);
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(sendmsg)
{
	long fd = (int)ARG(0);
	struct user_msghdr m = {};
	struct endpoint peer = {};
	bool has_peer = false, ok;

	BEGIN_RECORD(SENDMSG);
	ok = !bpf_probe_read_user(&m, sizeof(m), (const void *)ARG(1));
	record__put_s64(s, ret);
	if (ok)
		netio__put_iov_data(s, &m, ~0ULL);
	else
		record__put_unreadable(s);
	record__put_s64(s, fd);
	if (ok) {
		netio__put_iov_total(s, &m);
		has_peer = netio__peer(m.msg_name, (__u32)m.msg_namelen, &peer);
	} else {
		record__put_unreadable(s);
	}
	sock__put_tuple(s, fd__sock(fd), has_peer ? &peer : NULL, true);
	return record__submit(s);
}

FILLER(recvmsg)
{
	long fd = (int)ARG(0);
	struct user_msghdr m = {};
	struct endpoint peer = {};
	bool has_peer = false, ok;

	BEGIN_RECORD(RECVMSG);
	ok = !bpf_probe_read_user(&m, sizeof(m), (const void *)ARG(1));
	record__put_s64(s, ret);
	if (ok) {
		netio__put_iov_total(s, &m);
		if (ret > 0)
			netio__put_iov_data(s, &m, ret);
		else
			record__put_empty(s);
		has_peer = netio__peer(m.msg_name, (__u32)m.msg_namelen, &peer);
	} else {
		record__put_unreadable(s);
		record__put_unreadable(s);
	}
	sock__put_tuple(s, fd__sock(fd), has_peer ? &peer : NULL, false);
	record__put_s64(s, fd);
	return record__submit(s);
}

/* sendmmsg/recvmmsg: the first message, recorded as sendmsg/recvmsg record
 * theirs: size is the total its buffers offer, data what its first buffer
 * holds (for a receive, at most the msg_len the kernel stored). */
static __always_inline void netio__put_mmsg(struct scratch *s, long ret, long fd,
					    const struct mmsghdr *umm, bool send)
{
	struct mmsghdr mm = {};
	struct endpoint peer = {};
	bool has_peer = false;

	if (bpf_probe_read_user(&mm, sizeof(mm), umm)) {
		record__put_unreadable(s);
		record__put_unreadable(s);
		record__put_unreadable(s);
		return;
	}
	if (!send && ret <= 0)
		record__put_empty(s);
	else
		netio__put_iov_data(s, &mm.msg_hdr, send ? ~0ULL : mm.msg_len);
	netio__put_iov_total(s, &mm.msg_hdr);
	if (send || ret >= 0)
		has_peer = netio__peer(mm.msg_hdr.msg_name, (__u32)mm.msg_hdr.msg_namelen, &peer);
	sock__put_tuple(s, fd__sock(fd), has_peer ? &peer : NULL, send);
}

FILLER(sendmmsg)
{
	long fd = (int)ARG(0);

	BEGIN_RECORD(SENDMMSG);
	record__put_s64(s, ret);
	record__put_s64(s, fd);
	record__put_u32(s, ARG(2));
	netio__put_mmsg(s, ret, fd, (const struct mmsghdr *)ARG(1), true);
	return record__submit(s);
}

FILLER(recvmmsg)
{
	long fd = (int)ARG(0);

	BEGIN_RECORD(RECVMMSG);
	record__put_s64(s, ret);
	record__put_s64(s, fd);
	record__put_u32(s, ARG(2));
	netio__put_mmsg(s, ret, fd, (const struct mmsghdr *)ARG(1), false);
	return record__submit(s);
}
