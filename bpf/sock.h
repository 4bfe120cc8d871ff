/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SOCKADDR and SOCKTUPLE values (include/lanner/schema.h): from user memory
 * (the caller's address argument) or from the kernel socket.
 */
#ifndef LANNER_BPF_SOCK_H
#define LANNER_BPF_SOCK_H

#define UNIX_PATH_LEN 108

struct endpoint {
	__u8 addr[16];	/* network order; IPv4 uses the first 4 bytes */
	__u16 port;	/* host order */
	__u16 family;
};

static __always_inline __u32 sock__addr_len(__u16 family)
{
	return family == LN_AF_INET6 ? 16 : 4;
}

/* Parses a user sockaddr of `len` bytes into an endpoint; false when the
 * family is not inet or the memory is unreadable. */
static __always_inline bool sock__user_endpoint(const void *uaddr, __u64 len, __u16 *family,
						struct endpoint *ep)
{
	__u16 fam = 0;

	if (!uaddr || len < 2 || bpf_probe_read_user(&fam, sizeof(fam), uaddr))
		return false;
	*family = fam;
	ep->family = fam;
	if (fam == LN_AF_INET && len >= 8) {
		__u16 port = 0;

		bpf_probe_read_user(&port, 2, uaddr + 2);
		ep->port = bpf_ntohs(port);
		return !bpf_probe_read_user(ep->addr, 4, uaddr + 4);
	}
	if (fam == LN_AF_INET6 && len >= 24) {
		__u16 port = 0;

		bpf_probe_read_user(&port, 2, uaddr + 2);
		ep->port = bpf_ntohs(port);
		return !bpf_probe_read_user(ep->addr, 16, uaddr + 8);
	}
	return false;
}

static __always_inline void sock__put_endpoint(struct scratch *s, __u32 *pos,
					       const struct endpoint *ep, __u32 alen)
{
	if (alen == 16)
		__builtin_memcpy(&s->buf[*pos & REC_MASK], ep->addr, 16);
	else
		__builtin_memcpy(&s->buf[*pos & REC_MASK], ep->addr, 4);
	*pos += alen;
	*(__u16 *)&s->buf[*pos & REC_MASK] = ep->port;
	*pos += 2;
}

/* An inet tuple (client, server) as one parameter. */
static __always_inline void sock__put_inet_tuple(struct scratch *s, __u16 family,
						 const struct endpoint *client,
						 const struct endpoint *server)
{
	__u32 alen = sock__addr_len(family), pos = s->st.pos;
	__u32 total = 1 + 2 * (alen + 2);

	if (record__room(s, total) < total) {
		record__put_unreadable(s);
		return;
	}
	s->buf[pos & REC_MASK] = (__u8)family;
	pos++;
	sock__put_endpoint(s, &pos, client, alen);
	sock__put_endpoint(s, &pos, server, alen);
	record__commit(s, total, false);
}

/* Local and remote endpoints of an inet socket. */
static __always_inline void sock__endpoints(struct sock *sk, __u16 family, struct endpoint *local,
					    struct endpoint *remote)
{
	local->family = remote->family = family;
	if (family == LN_AF_INET6) {
		BPF_CORE_READ_INTO(&local->addr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&remote->addr, sk, __sk_common.skc_v6_daddr);
	} else {
		BPF_CORE_READ_INTO((__u32 *)local->addr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)remote->addr, sk, __sk_common.skc_daddr);
	}
	local->port = BPF_CORE_READ(sk, __sk_common.skc_num);
	remote->port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
}

/* The bound path of a unix socket into the record at the cursor; bytes. */
static __always_inline __u32 sock__unix_path(struct scratch *s, __u32 pos, struct sock *sk)
{
	struct unix_sock *us = (struct unix_sock *)sk;
	struct unix_address *ua = BPF_CORE_READ(us, addr);
	int len;
	__u32 n;

	if (!ua)
		return 0;
	len = BPF_CORE_READ(ua, len) - 2;	/* minus sun_family */
	if (len <= 0)
		return 0;
	n = len > UNIX_PATH_LEN ? UNIX_PATH_LEN : (__u32)len;
	if (bpf_probe_read_kernel(&s->buf[pos & REC_MASK], n & 127,
				  (void *)ua + bpf_core_field_offset(struct unix_address, name) + 2))
		return 0;
	/* A path name is stored with its NUL; an abstract name starts with one. */
	if (s->buf[pos & REC_MASK] != 0 && s->buf[(pos + n - 1) & REC_MASK] == 0)
		n--;
	return n;
}

static __always_inline void sock__put_unix_tuple(struct scratch *s, struct sock *sk)
{
	struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);
	__u32 pos = s->st.pos, n;

	if (record__room(s, LN_SOCKTUPLE_UNIX_MIN + UNIX_PATH_LEN) <
	    LN_SOCKTUPLE_UNIX_MIN + UNIX_PATH_LEN) {
		record__put_unreadable(s);
		return;
	}
	s->buf[pos & REC_MASK] = LN_AF_UNIX;
	*(__u64 *)&s->buf[(pos + 1) & REC_MASK] = (__u64)sk;
	*(__u64 *)&s->buf[(pos + 9) & REC_MASK] = (__u64)peer;
	n = peer ? sock__unix_path(s, pos + LN_SOCKTUPLE_UNIX_MIN, peer) : 0;
	if (n == 0)
		n = sock__unix_path(s, pos + LN_SOCKTUPLE_UNIX_MIN, sk);
	record__commit(s, LN_SOCKTUPLE_UNIX_MIN + n, false);
}

/* Just the family byte, for families without an address encoding. */
static __always_inline void sock__put_family_only(struct scratch *s, __u16 family)
{
	if (record__room(s, 1) < 1) {
		record__put_unreadable(s);
		return;
	}
	*record__cursor(s) = (__u8)family;
	record__commit(s, 1, false);
}

/*
 * The tuple of socket `sk`. `peer_override` (a user address argument,
 * parsed) replaces the remote endpoint when present; `local_is_client`
 * orients it (connect, send: yes; accept, recv: no).
 */
static __always_inline void sock__put_tuple(struct scratch *s, struct sock *sk,
					    const struct endpoint *peer_override,
					    bool local_is_client)
{
	struct endpoint local = {}, remote = {};
	__u16 family;

	if (!sk) {
		record__put_empty(s);
		return;
	}
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family == LN_AF_UNIX) {
		sock__put_unix_tuple(s, sk);
		return;
	}
	if (family != LN_AF_INET && family != LN_AF_INET6) {
		sock__put_family_only(s, family);
		return;
	}
	sock__endpoints(sk, family, &local, &remote);
	if (peer_override && peer_override->family == family)
		remote = *peer_override;
	if (local_is_client)
		sock__put_inet_tuple(s, family, &local, &remote);
	else
		sock__put_inet_tuple(s, family, &remote, &local);
}

/* A SOCKADDR parameter from a user address of `len` bytes. */
static __always_inline void sock__put_user_sockaddr(struct scratch *s, const void *uaddr,
						    __u64 len)
{
	struct endpoint ep = {};
	__u16 family = 0;
	__u32 pos, alen, total;

	if (!uaddr || len < 2) {
		record__put_empty(s);
		return;
	}
	if (sock__user_endpoint(uaddr, len, &family, &ep)) {
		alen = sock__addr_len(family);
		total = 1 + alen + 2;
		if (record__room(s, total) < total) {
			record__put_unreadable(s);
			return;
		}
		pos = s->st.pos;
		s->buf[pos & REC_MASK] = (__u8)family;
		pos++;
		sock__put_endpoint(s, &pos, &ep, alen);
		record__commit(s, total, false);
		return;
	}
	if (family == 0 && bpf_probe_read_user(&family, sizeof(family), uaddr)) {
		record__put_unreadable(s);
		return;
	}
	if (family == LN_AF_UNIX) {
		__u32 n = len - 2 > UNIX_PATH_LEN ? UNIX_PATH_LEN : (__u32)(len - 2);

		if (record__room(s, 1 + UNIX_PATH_LEN) < 1 + UNIX_PATH_LEN) {
			record__put_unreadable(s);
			return;
		}
		pos = s->st.pos;
		s->buf[pos & REC_MASK] = LN_AF_UNIX;
		if (n && bpf_probe_read_user(&s->buf[(pos + 1) & REC_MASK], n & 127, uaddr + 2)) {
			record__put_unreadable(s);
			return;
		}
		/* A path name ends at its NUL; an abstract name is all n bytes. */
		if (n && s->buf[(pos + 1) & REC_MASK] != 0) {
			long l = bpf_probe_read_user_str(&s->buf[(pos + 1) & REC_MASK],
							 (n + 1) & 255, uaddr + 2);

			n = l > 0 ? (__u32)l - 1 : 0;
		}
		record__commit(s, 1 + n, false);
		return;
	}
	sock__put_family_only(s, family);
}

#endif /* LANNER_BPF_SOCK_H */
