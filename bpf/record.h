/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building one record (include/lanner/schema.h) in scratch memory and
 * publishing it to this CPU's ring. A filler calls record__begin(), then one
 * record__put_*() per parameter in table order, then record__submit().
 *
 * Every write is bounded twice: by the record limit (a value that does not
 * fit is cut and marked partial) and by masking the offset, which is what
 * lets the verifier prove the access stays inside the scratch value.
 */
#ifndef LANNER_BPF_RECORD_H
#define LANNER_BPF_RECORD_H

#define HDR_SIZE ((__u32)sizeof(struct ln_event_hdr))

/* x & mask, kept even where the compiler can prove it changes nothing: the
 * verifier tracks ranges more coarsely and needs the explicit bound. */
static __always_inline __u32 record__bound(__u32 x, __u32 mask)
{
	barrier_var(x);
	return x & mask;
}

static __always_inline struct scratch *record__scratch(enum scratch_slot slot)
{
	__u32 key = bpf_get_smp_processor_id() * SCRATCH_SLOTS + slot;

	return bpf_map_lookup_elem(&scratch_map, &key);
}

/* This CPU's counters of one producer; plain increments (maps.h says why). */
static __always_inline struct ln_bpf_producer_counters *record__counters(__u32 producer)
{
	__u32 zero = 0;
	struct ln_bpf_cpu_counters *c = bpf_map_lookup_elem(&counters, &zero);

	if (!c || producer >= LN_BPF_PRODUCERS)
		return NULL;
	return &c->producer[producer];
}

static __always_inline void record__count_drop(enum scratch_slot producer,
					       enum ln_drop_cause cause)
{
	struct ln_bpf_producer_counters *c = record__counters(producer);

	if (!c)
		return;
	c->produced++;
	c->drops[cause & (LN_DROP_CAUSE_MAX - 1)]++;
	c->pending_lost++;
}

/* Starts a record; NULL (and a drop counted) when no scratch is available. */
static __always_inline struct scratch *record__begin(enum scratch_slot slot, __u16 type,
						     __u16 nparams)
{
	struct scratch *s = record__scratch(slot);

	if (!s) {
		record__count_drop(slot, LN_DROP_OTHER);
		return NULL;
	}
	s->st.type = type;
	s->st.nparams = nparams;
	s->st.idx = 0;
	s->st.flags = 0;
	s->st.pos = HDR_SIZE + 2 * (__u32)nparams;
	s->st.producer = slot;
	return s;
}

static __always_inline void record__set_len(struct scratch *s, __u32 len)
{
	__u32 i = s->st.idx;

	if (i >= LN_MAX_EVENT_PARAMS)
		return;
	*(__u16 *)&s->buf[HDR_SIZE + 2 * (i & 63)] = (__u16)len;
	if (len & LN_PLEN_PARTIAL)
		s->st.flags |= LN_EF_PARTIAL;
	s->st.idx = i + 1;
}

/* Room for a value of up to `want` bytes; returns the bytes usable (0: none). */
static __always_inline __u32 record__room(struct scratch *s, __u32 want)
{
	__u32 pos = s->st.pos;

	if (pos >= REC_LIMIT)
		return 0;
	if (want > REC_LIMIT - pos)
		want = REC_LIMIT - pos;
	return want;
}

static __always_inline __u8 *record__cursor(struct scratch *s)
{
	return &s->buf[s->st.pos & REC_MASK];
}

/* An absent value (fixed-size parameters: not available in this context). */
static __always_inline void record__put_empty(struct scratch *s)
{
	record__set_len(s, 0);
}

/* An unreadable value: empty and marked partial. */
static __always_inline void record__put_unreadable(struct scratch *s)
{
	record__set_len(s, LN_PLEN_PARTIAL);
}

#define RECORD_PUT_FIXED(name, type)						\
	static __always_inline void record__put_##name(struct scratch *s, type v) \
	{									\
		if (record__room(s, sizeof(type)) < sizeof(type)) {		\
			record__put_unreadable(s);				\
			return;							\
		}								\
		*(type *)record__cursor(s) = v;					\
		s->st.pos += sizeof(type);					\
		record__set_len(s, sizeof(type));				\
	}

RECORD_PUT_FIXED(u8, __u8)
RECORD_PUT_FIXED(u16, __u16)
RECORD_PUT_FIXED(u32, __u32)
RECORD_PUT_FIXED(u64, __u64)

static __always_inline void record__put_s64(struct scratch *s, __s64 v)
{
	record__put_u64(s, (__u64)v);
}

static __always_inline void record__put_s32(struct scratch *s, __s32 v)
{
	record__put_u32(s, (__u32)v);
}

/* Arguments passed as C int (fds, pids) are stored sign-extended. */
static __always_inline void record__put_int_arg(struct scratch *s, unsigned long arg)
{
	record__put_s64(s, (__s64)(int)arg);
}

/* Marks the parameter just written as incomplete. */
static __always_inline void record__mark_partial(struct scratch *s)
{
	__u32 i = s->st.idx;

	if (i == 0 || i > LN_MAX_EVENT_PARAMS)
		return;
	*(__u16 *)&s->buf[HDR_SIZE + 2 * ((i - 1) & 63)] |= LN_PLEN_PARTIAL;
	s->st.flags |= LN_EF_PARTIAL;
}

/* Commits `n` bytes just written at the cursor as the current parameter. */
static __always_inline void record__commit(struct scratch *s, __u32 n, bool partial)
{
	s->st.pos += n;
	record__set_len(s, n | (partial ? LN_PLEN_PARTIAL : 0));
}

/*
 * A NUL-terminated string from user (or kernel) memory, stored without the
 * NUL, at most `max` bytes; a string of at most `max` bytes is complete (as
 * the module keeps it), a longer one is cut and marked partial, an
 * unreadable one is empty and partial. NULL pointers give an empty,
 * complete value.
 */
static __always_inline void record__put_str(struct scratch *s, const void *src, __u32 max,
					    bool user)
{
	/* The NUL, and one byte more: bpf_probe_read_*_str() always ends the
	 * copy with a NUL, so only a read one byte past `max` tells a string
	 * of exactly `max` bytes from a longer one. */
	__u32 want = max + 2, room, len;
	long n;

	if (!src) {
		record__put_empty(s);
		return;
	}
	room = record__room(s, want);
	if (room > REC_MAX_WRITE - 1)
		room = REC_MAX_WRITE - 1;
	room = record__bound(room, REC_MAX_WRITE - 1);
	if (room == 0) {
		record__put_unreadable(s);
		return;
	}
	if (user)
		n = bpf_probe_read_user_str(record__cursor(s), room, src);
	else
		n = bpf_probe_read_kernel_str(record__cursor(s), room, src);
	if (n < 0) {
		record__put_unreadable(s);
		return;
	}
	/* n counts the NUL, except for an empty user string on older
	 * kernels (6.1 among them), whose strncpy_from_user_nofault()
	 * returns 0 for it. */
	len = n > 0 ? (__u32)(n - 1) : 0;
	if (len > max)
		record__commit(s, record__bound(max, REC_MAX_WRITE - 1), true);
	else	/* filling a room cut short by the record's end is a cut too */
		record__commit(s, record__bound(len, REC_MAX_WRITE - 1),
			       (__u32)n >= room && room < want);
}

static __always_inline void record__put_user_str(struct scratch *s, const void *src, __u32 max)
{
	record__put_str(s, src, max, true);
}

static __always_inline void record__put_kernel_str(struct scratch *s, const void *src, __u32 max)
{
	record__put_str(s, src, max, false);
}

/* `len` bytes of memory, cut to `max` (marked partial when cut). */
static __always_inline void record__put_bytes(struct scratch *s, const void *src, __u64 len,
					      __u32 max, bool user)
{
	bool cut = len > max;
	__u32 n = cut ? max : (__u32)len;
	__u32 room = record__room(s, n);
	long err;

	if (room < n) {
		cut = true;
		n = room;
	}
	if (n > REC_MAX_WRITE - 1) {
		cut = true;
		n = REC_MAX_WRITE - 1;
	}
	n = record__bound(n, REC_MAX_WRITE - 1);
	if (n == 0) {
		record__set_len(s, cut ? LN_PLEN_PARTIAL : 0);
		return;
	}
	if (!src) {	/* bytes to read, but nowhere: as the module, unreadable */
		record__put_unreadable(s);
		return;
	}
	if (user)
		err = bpf_probe_read_user(record__cursor(s), n, src);
	else
		err = bpf_probe_read_kernel(record__cursor(s), n, src);
	if (err) {
		record__put_unreadable(s);
		return;
	}
	record__commit(s, n, cut);
}

/*
 * Waking the reader for every record costs the traced task more than the
 * record itself (an irq_work and a scheduler wake-up each time the reader
 * has caught up). The reader polls on a short timeout instead
 * (engine/source/bpf_source.cpp), and a producer wakes it once for every
 * cfg_wakeup_bytes it has written, which bounds how much can pile up
 * between two polls without asking the ring how full it is
 * (bpf_ringbuf_query() is one more helper call per record).
 */
static __always_inline __u64 record__wakeup_flag(struct ln_bpf_producer_counters *c, __u32 len)
{
	__u64 bytes = c->unwoken_bytes + len;

	if (bytes < cfg_wakeup_bytes) {
		c->unwoken_bytes = bytes;
		return BPF_RB_NO_WAKEUP;
	}
	c->unwoken_bytes = 0;
	return BPF_RB_FORCE_WAKEUP;
}

/*
 * Publishes the record to this CPU's ring. Counts it as produced; on
 * failure counts the drop by cause. The header's `lost` carries the drops of
 * this producer on this CPU not yet reported; they are subtracted only once
 * a record carrying them is out, so the sum of `lost` fields plus what is
 * still pending always equals the drops counted (a saturated `lost` leaves
 * the rest pending).
 */
static __always_inline int record__submit_as(struct scratch *s, struct task_struct *t);

static __always_inline int record__submit(struct scratch *s)
{
	return record__submit_as(s, NULL);
}

/* record__submit() for the current task `t` (task__current_btf(); NULL:
 * asks the kernel), whose ids are then plain loads instead of a helper
 * call: bpf_get_current_pid_tgid() reads the same two fields. */
static __always_inline int record__submit_as(struct scratch *s, struct task_struct *t)
{
	struct ln_bpf_producer_counters *c = record__counters(s->st.producer);
	struct ln_event_hdr *h = (struct ln_event_hdr *)s->buf;
	__u32 cpu = bpf_get_smp_processor_id();
	__u32 pos = s->st.pos;
	__u64 lost, tid_pid;
	__u32 len, reported;
	void *ring;

	if (!c)
		return 0;
	if (s->st.idx != s->st.nparams || pos > REC_LIMIT) {
		record__count_drop(s->st.producer,
				   s->st.idx != s->st.nparams ? LN_DROP_OTHER : LN_DROP_TOO_BIG);
		return 0;
	}
	len = LN_ALIGN_UP(pos);
	if (len > REC_LIMIT) {
		record__count_drop(s->st.producer, LN_DROP_TOO_BIG);
		return 0;
	}
	*(__u64 *)&s->buf[pos & REC_MASK] = 0;	/* padding */

	ring = bpf_map_lookup_elem(&rings, &cpu);
	if (!ring) {
		record__count_drop(s->st.producer, LN_DROP_OTHER);
		return 0;
	}

	lost = c->pending_lost;
	if (task__have_btf() && t)
		tid_pid = (__u64)(__u32)t->tgid << 32 | (__u32)t->pid;
	else
		tid_pid = bpf_get_current_pid_tgid();
	h->ts = (cfg_bench_omit & LN_BENCH_OMIT_TIMESTAMP) ? 0 : bpf_ktime_get_boot_ns();
	h->tid = (__u32)tid_pid;
	h->pid = (__u32)(tid_pid >> 32);
	h->len = len;
	h->type = s->st.type;
	h->nparams = s->st.nparams;
	reported = lost > 0xffffffffULL ? 0xffffffffU : (__u32)lost;
	h->lost = reported;
	h->cpu = (__u16)cpu;
	h->flags = s->st.flags | (lost > 0xffffffffULL ? LN_EF_LOST_SAT : 0);

	c->produced++;
	if (cfg_bench_omit & LN_BENCH_OMIT_RING_WRITE) {
		c->delivered++;
		return 0;
	}
	if (bpf_ringbuf_output(ring, s->buf, len, record__wakeup_flag(c, len))) {
		c->drops[LN_DROP_RING_FULL]++;
		c->pending_lost++;
		return 0;
	}
	c->delivered++;
	c->pending_lost -= reported;
	return 0;
}

#endif /* LANNER_BPF_RECORD_H */
