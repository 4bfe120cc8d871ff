/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * The Lanner event record: the one format that leaves every driver and every
 * capture file. Plain C, usable from the kernel module, the BPF program and
 * the C++ engine. docs/events.md describes it in prose.
 *
 *   struct ln_event_hdr          32 bytes, naturally aligned
 *   __u16 plen[nparams]          length of each parameter in bytes
 *   parameter bytes              concatenated, in table order
 *   padding                      zero bytes up to a multiple of 8
 *
 * Multi-byte values are little-endian (native on every supported architecture).
 */
#ifndef LANNER_SCHEMA_H
#define LANNER_SCHEMA_H

#if defined(__KERNEL__)
#include <linux/types.h>
#elif defined(__bpf__) || defined(__BPF__)
/* BPF programs include vmlinux.h first, which provides __u8 ... __u64. */
#else
#include <linux/types.h>
#endif

#include "events.h"

struct ln_event_hdr {
	__u64 ts;	/* CLOCK_BOOTTIME, ns */
	__u32 tid;	/* thread id in the initial pid namespace */
	__u32 pid;	/* thread group id in the initial pid namespace */
	__u32 len;	/* whole record, multiple of 8 */
	__u16 type;	/* enum ln_event_type */
	__u16 nparams;	/* entries in the length table that follows */
	__u32 lost;	/* records this CPU dropped since the previous delivered one */
	__u16 cpu;	/* CPU that produced the record */
	__u16 flags;	/* LN_EF_* */
};

/* Header flags. */
#define LN_EF_PARTIAL	(1U << 0)	/* some parameter is truncated or unreadable */
#define LN_EF_LOST_SAT	(1U << 1)	/* 'lost' saturated at 0xffffffff */

/*
 * The top bit of a parameter length marks the value as incomplete: truncated
 * to a bound or, when the remaining length is 0, unreadable (the read of user
 * memory failed). A fixed-size parameter is either its full size or 0 (absent).
 */
#define LN_PLEN_PARTIAL	0x8000U
#define LN_PLEN_MASK	0x7fffU

/* Bounds that drivers apply when copying variable-length values. */
#define LN_MAX_PATH		4096	/* PATH_MAX */
#define LN_MAX_ARGS		4096	/* argv bytes kept per exec */
#define LN_MAX_ENV		4096	/* environment bytes kept per exec */
#define LN_MAX_CGROUPS		1024	/* cgroup lines kept per process */
#define LN_DEFAULT_SNAPLEN	80	/* BYTEBUF bytes kept (data, img) */
#define LN_MAX_SNAPLEN		16384

/* Largest record a driver may produce; readers reject anything bigger. */
#define LN_MAX_EVENT_SIZE	(64 * 1024)

/* Record length rounding. */
#define LN_RECORD_ALIGN		8
#define LN_ALIGN_UP(x)		(((x) + (LN_RECORD_ALIGN - 1)) & ~(__u32)(LN_RECORD_ALIGN - 1))

/*
 * SOCKADDR and SOCKTUPLE encoding: the first byte is the address family, as
 * Linux numbers it (AF_UNIX 1, AF_INET 2, AF_INET6 10). Addresses are in
 * network byte order, ports in host (little-endian) order.
 *   SOCKADDR  inet:  family, addr[4], port[2]                    7 bytes
 *             inet6: family, addr[16], port[2]                  19 bytes
 *             unix:  family, path bytes (abstract names keep the leading NUL)
 *   SOCKTUPLE inet:  family, caddr[4], cport[2], saddr[4], sport[2]      13 bytes
 *             inet6: family, caddr[16], cport[2], saddr[16], sport[2]    37 bytes
 *             unix:  family, source[8], peer[8] (kernel socket ids), path bytes
 * In a tuple, "c" is the client (the connecting side) and "s" the server.
 */
#define LN_AF_UNIX	1
#define LN_AF_INET	2
#define LN_AF_INET6	10
#define LN_SOCKADDR_INET_LEN	7
#define LN_SOCKADDR_INET6_LEN	19
#define LN_SOCKTUPLE_INET_LEN	13
#define LN_SOCKTUPLE_INET6_LEN	37
#define LN_SOCKTUPLE_UNIX_MIN	17

/* Layout pins: drivers, captures and the engine rely on these exact offsets. */
#if defined(__cplusplus)
#define LN_STATIC_ASSERT(c, m) static_assert(c, m)
#else
#define LN_STATIC_ASSERT(c, m) _Static_assert(c, m)
#endif
LN_STATIC_ASSERT(sizeof(struct ln_event_hdr) == 32, "ln_event_hdr is 32 bytes");
LN_STATIC_ASSERT(__builtin_offsetof(struct ln_event_hdr, tid) == 8, "tid at 8");
LN_STATIC_ASSERT(__builtin_offsetof(struct ln_event_hdr, len) == 16, "len at 16");
LN_STATIC_ASSERT(__builtin_offsetof(struct ln_event_hdr, type) == 20, "type at 20");
LN_STATIC_ASSERT(__builtin_offsetof(struct ln_event_hdr, lost) == 24, "lost at 24");
LN_STATIC_ASSERT(__builtin_offsetof(struct ln_event_hdr, flags) == 30, "flags at 30");
LN_STATIC_ASSERT(LN_MAX_EVENT_PARAMS <= 64, "parameter table fits the bound readers use");

#endif /* LANNER_SCHEMA_H */
