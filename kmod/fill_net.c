// SPDX-License-Identifier: GPL-2.0-only
/*
 * Socket values: addresses from user memory (SOCKADDR), connection tuples
 * from the kernel socket (SOCKTUPLE), message buffers of the send/recv
 * family. Encodings: include/lanner/schema.h; which side is the client:
 * docs/driver-semantics.md. Sockets are looked up by fd with a reference
 * (sockfd_lookup/sockfd_put never sleep: the final fput is deferred).
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/inet_sock.h>
#include <net/sock.h>

#include "event_sources.h"
#include "fill.h"

struct ln_endpoint {
	u8 addr[16];	/* network order; IPv4 uses 4 bytes */
	u16 port;	/* host order */
};

static u32 ln_addr_len(u8 family)
{
	return family == LN_AF_INET ? 4 : 16;
}

static u8 *ln_put_endpoint(u8 *out, const struct ln_endpoint *e, u8 family)
{
	u32 n = ln_addr_len(family);

	memcpy(out, e->addr, n);
	memcpy(out + n, &e->port, 2);
	return out + n + 2;
}

/* Parses a user sockaddr already copied to `ss`; false if not inet. */
static bool ln_sockaddr_endpoint(const struct sockaddr_storage *ss, long len, u8 *family,
				 struct ln_endpoint *e)
{
	memset(e, 0, sizeof(*e));
	if (ss->ss_family == AF_INET && len >= 8) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)ss;

		memcpy(e->addr, &in->sin_addr, 4);
		e->port = ntohs(in->sin_port);
		*family = LN_AF_INET;
		return true;
	}
	if (ss->ss_family == AF_INET6 && len >= 24) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;

		memcpy(e->addr, &in6->sin6_addr, 16);
		e->port = ntohs(in6->sin6_port);
		*family = LN_AF_INET6;
		return true;
	}
	return false;
}

/* Copies a user sockaddr of `len` bytes; returns the bytes read, or -1. */
static long ln_read_sockaddr(struct sockaddr_storage *ss, const void __user *uaddr, long len)
{
	if (len > (long)sizeof(*ss))
		len = sizeof(*ss);
	memset(ss, 0, sizeof(*ss));
	if (!ln_read_user(ss, uaddr, len))
		return -1;
	return len;
}

void ln_fill_sockaddr(struct ln_rec *r, const void __user *uaddr, long len)
{
	struct sockaddr_storage ss;
	struct ln_endpoint e;
	u8 out[1 + 16 + 2];
	u8 family;

	if (!uaddr || len <= 0) {
		ln_put_empty(r);
		return;
	}
	len = ln_read_sockaddr(&ss, uaddr, len);
	if (len < (long)sizeof(ss.ss_family)) {
		ln_put_unreadable(r);
		return;
	}
	if (ln_sockaddr_endpoint(&ss, len, &family, &e)) {
		out[0] = family;
		ln_put_kbytes(r, out, ln_put_endpoint(out + 1, &e, family) - out, false);
	} else if (ss.ss_family == AF_UNIX) {
		const struct sockaddr_un *un = (const struct sockaddr_un *)&ss;
		u32 n = len - offsetof(struct sockaddr_un, sun_path);

		/* A path name stops at its NUL; an abstract name keeps its bytes. */
		if (n && un->sun_path[0])
			n = strnlen(un->sun_path, n);
		if (n + 1 > ln_rec_room(r)) {
			r->overflow = true;
			return;
		}
		*ln_rec_cursor(r) = LN_AF_UNIX;
		memcpy(ln_rec_cursor(r) + 1, un->sun_path, n);
		ln_put_written(r, n + 1, false);
	} else {
		out[0] = ss.ss_family;
		ln_put_kbytes(r, out, 1, false);
	}
}

static void ln_sock_local(struct sock *sk, struct ln_endpoint *e)
{
	const struct inet_sock *inet = inet_sk(sk);

	memset(e, 0, sizeof(*e));
	if (sk->sk_family == AF_INET)
		memcpy(e->addr, &inet->inet_saddr, 4);
#if IS_ENABLED(CONFIG_IPV6)
	else
		memcpy(e->addr, &sk->sk_v6_rcv_saddr, 16);
#endif
	e->port = ntohs(inet->inet_sport);
}

static void ln_sock_remote(struct sock *sk, struct ln_endpoint *e)
{
	const struct inet_sock *inet = inet_sk(sk);

	memset(e, 0, sizeof(*e));
	if (sk->sk_family == AF_INET)
		memcpy(e->addr, &inet->inet_daddr, 4);
#if IS_ENABLED(CONFIG_IPV6)
	else
		memcpy(e->addr, &sk->sk_v6_daddr, 16);
#endif
	e->port = ntohs(inet->inet_dport);
}

/* unix_peer() is private to af_unix.c before 6.x; the field is public. */
static struct sock *ln_unix_peer(struct sock *sk)
{
	return READ_ONCE(unix_sk(sk)->peer);
}

/* The bound path of a unix socket, or NULL; *len set to its bytes. */
static const char *ln_unix_path(struct sock *sk, u32 *len)
{
	/* Pairs with the release in unix_bind(): the address is complete. */
	struct unix_address *addr = sk ? smp_load_acquire(&unix_sk(sk)->addr) : NULL;
	u32 n;

	if (!addr || addr->len <= (int)offsetof(struct sockaddr_un, sun_path))
		return NULL;
	n = addr->len - offsetof(struct sockaddr_un, sun_path);
	if (addr->name->sun_path[0])
		n = strnlen(addr->name->sun_path, n);
	*len = n;
	return addr->name->sun_path;
}

static void ln_put_unix_tuple(struct ln_rec *r, struct sock *sk)
{
	struct sock *peer = ln_unix_peer(sk);
	const char *path;
	u64 src = (u64)(unsigned long)sk, dst = (u64)(unsigned long)peer;
	u32 n = 0;
	u8 *out;

	path = ln_unix_path(peer, &n);
	if (!path)
		path = ln_unix_path(sk, &n);
	if (!path)
		n = 0;
	if (LN_SOCKTUPLE_UNIX_MIN + n > ln_rec_room(r)) {
		r->overflow = true;
		return;
	}
	out = ln_rec_cursor(r);
	out[0] = LN_AF_UNIX;
	memcpy(out + 1, &src, 8);
	memcpy(out + 9, &dst, 8);
	if (n)
		memcpy(out + 17, path, n);
	ln_put_written(r, LN_SOCKTUPLE_UNIX_MIN + n, false);
}

/*
 * The tuple of `sk`. The client is the local side when local_is_client;
 * `remote`, when given, replaces the socket's peer (an address argument).
 */
static void ln_put_tuple(struct ln_rec *r, struct sock *sk, bool local_is_client,
			 const struct ln_endpoint *remote, u8 remote_family)
{
	struct ln_endpoint local, peer;
	u8 out[LN_SOCKTUPLE_INET6_LEN], family, *p;

	if (sk->sk_family == AF_UNIX) {
		ln_put_unix_tuple(r, sk);
		return;
	}
	if (sk->sk_family == AF_INET)
		family = LN_AF_INET;
	else if (IS_ENABLED(CONFIG_IPV6) && sk->sk_family == AF_INET6)
		family = LN_AF_INET6;
	else {
		ln_put_empty(r);
		return;
	}
	ln_sock_local(sk, &local);
	if (remote && remote_family == family)
		peer = *remote;
	else
		ln_sock_remote(sk, &peer);
	out[0] = family;
	p = ln_put_endpoint(out + 1, local_is_client ? &local : &peer, family);
	p = ln_put_endpoint(p, local_is_client ? &peer : &local, family);
	ln_put_kbytes(r, out, p - out, false);
}

static void ln_fill_fd_tuple(struct ln_rec *r, long fd, bool local_is_client,
			     const struct ln_endpoint *remote, u8 remote_family)
{
	struct socket *sock;
	int err;

	if (fd < 0) {
		ln_put_empty(r);
		return;
	}
	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		ln_put_empty(r);
		return;
	}
	if (sock->sk)
		ln_put_tuple(r, sock->sk, local_is_client, remote, remote_family);
	else
		ln_put_empty(r);
	sockfd_put(sock);
}

/* A tuple whose remote side may come from a user address (sendto, recvfrom). */
static void ln_fill_addr_tuple(struct ln_rec *r, const void __user *uaddr, long len,
			       bool local_is_client)
{
	struct sockaddr_storage ss;
	struct ln_endpoint e;
	u8 family = 0;
	bool have = false;

	if (uaddr && len > 0) {
		len = ln_read_sockaddr(&ss, uaddr, len);
		have = len > 0 && ln_sockaddr_endpoint(&ss, len, &family, &e);
	}
	ln_fill_fd_tuple(r, (int)ln_arg(r, 0), local_is_client, have ? &e : NULL, family);
}

static void ln_fill_accept_queue(struct ln_rec *r, unsigned int idx)
{
	struct socket *sock;
	u32 len, max;
	int err;

	sock = sockfd_lookup((int)ln_arg(r, 0), &err);
	if (!sock || !sock->sk) {
		if (sock)
			sockfd_put(sock);
		ln_put_empty(r);
		return;
	}
	len = READ_ONCE(sock->sk->sk_ack_backlog);
	max = READ_ONCE(sock->sk->sk_max_ack_backlog);
	sockfd_put(sock);
	if (idx == LN_P_ACCEPT_QUEUEPCT)
		ln_put_int(r, max ? (u8)(100ULL * len / max) : 0, 1);
	else
		ln_put_int(r, idx == LN_P_ACCEPT_QUEUELEN ? len : max, 4);
}

/* The message header of sendmsg/recvmsg, or the first one of the mmsg calls. */
static bool ln_read_msghdr(struct ln_rec *r, struct user_msghdr *msg)
{
	return ln_read_user(msg, (const void __user *)ln_arg(r, 1), sizeof(*msg));
}

static void ln_fill_msg_data(struct ln_rec *r, const struct user_msghdr *msg, bool recv,
			     u64 received)
{
	struct iovec iov;
	u64 len;

	if (!msg->msg_iovlen) {		/* no buffers: nothing, completely */
		ln_put_empty(r);
		return;
	}
	if (!ln_read_user(&iov, msg->msg_iov, sizeof(iov))) {
		ln_put_unreadable(r);
		return;
	}
	len = iov.iov_len;
	if (recv)
		len = min(len, received);
	ln_put_ubytes(r, iov.iov_base, len, r->snaplen);
}

/* Total bytes the message's buffers offer (the first 64 buffers). */
static void ln_fill_msg_size(struct ln_rec *r, const struct user_msghdr *msg)
{
	const struct iovec __user *uiov = msg->msg_iov;
	struct iovec iov;
	u64 total = 0;
	unsigned int i;

	for (i = 0; i < msg->msg_iovlen && i < 64; i++) {
		if (!ln_read_user(&iov, uiov + i, sizeof(iov))) {
			ln_put_unreadable(r);
			return;
		}
		total += iov.iov_len;
	}
	ln_put_int(r, (u32)total, 4);
}

/* sendmsg, sendmmsg, recvmsg, recvmmsg: data, size and tuple. */
static void ln_fill_msg(struct ln_rec *r, unsigned int what, bool recv, bool multi)
{
	struct user_msghdr msg;
	u64 received = r->ret > 0 ? r->ret : 0;
	u32 msg_len;

	if (!ln_read_msghdr(r, &msg)) {
		ln_put_unreadable(r);
		return;
	}
	if (multi && recv) {
		/* The kernel wrote the first message's length after the header. */
		const struct mmsghdr __user *m = (const void __user *)ln_arg(r, 1);

		received = (r->ret > 0 && ln_read_user(&msg_len, &m->msg_len, 4)) ? msg_len : 0;
	}
	switch (what) {
	case 0:
		if (recv && r->ret <= 0)
			ln_put_empty(r);
		else
			ln_fill_msg_data(r, &msg, recv, received);
		break;
	case 1:
		ln_fill_msg_size(r, &msg);
		break;
	default:
		ln_fill_addr_tuple(r, recv && r->ret < 0 ? NULL : msg.msg_name, msg.msg_namelen,
				   !recv);
		break;
	}
}

void ln_fill_socketpair_sock(struct ln_rec *r, bool peer)
{
	struct socket *sock;
	struct sock *sk;
	int fd, err;
	u64 v;

	if (r->ret < 0) {
		ln_put_empty(r);
		return;
	}
	if (!ln_read_user(&fd, (const void __user *)ln_arg(r, 3), sizeof(fd))) {
		ln_put_unreadable(r);
		return;
	}
	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		ln_put_unreadable(r);
		return;
	}
	sk = sock->sk;
	if (peer)
		v = sk && sk->sk_family == AF_UNIX ? (u64)(unsigned long)ln_unix_peer(sk) : 0;
	else
		v = (u64)(unsigned long)sk;
	sockfd_put(sock);
	ln_put_int(r, v, 8);
}

void ln_fill_net_special(struct ln_rec *r, unsigned int idx)
{
	switch (r->type) {
	case LN_EVT_CONNECT:
		/* A failed connect has no connection (outputs of a failed call
		 * are empty), except one still in progress. */
		if (r->ret == 0 || r->ret == -EINPROGRESS)
			ln_fill_fd_tuple(r, (int)ln_arg(r, 0), true, NULL, 0);
		else
			ln_put_empty(r);
		return;
	case LN_EVT_ACCEPT:
	case LN_EVT_ACCEPT4:
		if (idx == LN_P_ACCEPT_TUPLE)
			ln_fill_fd_tuple(r, r->ret, false, NULL, 0);
		else
			ln_fill_accept_queue(r, idx);
		return;
	case LN_EVT_SENDTO:
		ln_fill_addr_tuple(r, (const void __user *)ln_arg(r, 4), (int)ln_arg(r, 5), true);
		return;
	case LN_EVT_RECVFROM: {
		const void __user *uaddr = (const void __user *)ln_arg(r, 4);
		int addrlen = 0;

		/* The peer address counts only when the call filled it. */
		if (r->ret < 0 || !uaddr ||
		    !ln_read_user(&addrlen, (const void __user *)ln_arg(r, 5), sizeof(addrlen)))
			addrlen = 0;
		ln_fill_addr_tuple(r, addrlen > 0 ? uaddr : NULL, addrlen, false);
		return;
	}
	case LN_EVT_SENDMSG:
		ln_fill_msg(r, idx == LN_P_SENDMSG_DATA ? 0 : idx == LN_P_SENDMSG_SIZE ? 1 : 2,
			    false, false);
		return;
	case LN_EVT_RECVMSG:
		ln_fill_msg(r, idx == LN_P_RECVMSG_DATA ? 0 : idx == LN_P_RECVMSG_SIZE ? 1 : 2,
			    true, false);
		return;
	case LN_EVT_SENDMMSG:
		ln_fill_msg(r, idx == LN_P_SENDMMSG_DATA ? 0 : idx == LN_P_SENDMMSG_SIZE ? 1 : 2,
			    false, true);
		return;
	case LN_EVT_RECVMMSG:
		ln_fill_msg(r, idx == LN_P_RECVMMSG_DATA ? 0 : idx == LN_P_RECVMMSG_SIZE ? 1 : 2,
			    true, true);
		return;
	default:
		ln_put_empty(r);
		return;
	}
}
