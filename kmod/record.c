// SPDX-License-Identifier: GPL-2.0-only
/* Record writer: see record.h. */

#include <linux/kernel.h>
#include <linux/string.h>

#include "record.h"

static inline __u16 *ln_plen(struct ln_rec *r)
{
	return (__u16 *)(r->buf + sizeof(struct ln_event_hdr));
}

void ln_rec_begin(struct ln_rec *r, u16 nparams)
{
	r->nparams = nparams;
	r->idx = 0;
	r->flags = 0;
	r->pos = sizeof(struct ln_event_hdr) + nparams * sizeof(__u16);
	r->overflow = r->pos > r->limit;
}

/* Closes the current parameter with `len` bytes written at the cursor. */
void ln_put_written(struct ln_rec *r, u32 len, bool cut)
{
	u16 plen = len;

	if (r->overflow || r->idx >= r->nparams)
		return;
	if (cut) {
		plen |= LN_PLEN_PARTIAL;
		r->flags |= LN_EF_PARTIAL;
	}
	ln_plen(r)[r->idx++] = plen;
	r->pos += len;
}

void ln_put_empty(struct ln_rec *r)
{
	ln_put_written(r, 0, false);
}

/* A value that could not be read: empty, marked partial. */
void ln_put_unreadable(struct ln_rec *r)
{
	ln_put_written(r, 0, true);
}

void ln_put_int(struct ln_rec *r, u64 v, u32 size)
{
	if (size > ln_rec_room(r)) {
		r->overflow = true;
		return;
	}
	/* Little-endian: the low bytes come first. */
	memcpy(ln_rec_cursor(r), &v, size);
	ln_put_written(r, size, false);
}

void ln_put_kbytes(struct ln_rec *r, const void *src, u32 len, bool cut)
{
	if (len > ln_rec_room(r)) {
		r->overflow = true;
		return;
	}
	memcpy(ln_rec_cursor(r), src, len);
	ln_put_written(r, len, cut);
}

void ln_put_ustr(struct ln_rec *r, const char __user *src, u32 max)
{
	u32 want = max + 1;	/* room for the NUL that proves the end */
	u32 n = min(want, ln_rec_room(r));
	long got;

	if (r->overflow)
		return;
	if (!src) {		/* nothing passed: empty, not unreadable */
		ln_put_empty(r);
		return;
	}
	if (n == 0) {
		r->overflow = true;
		return;
	}
	got = ln_strncpy_user(ln_rec_cursor(r), src, n);
	if (got < 0) {
		ln_put_unreadable(r);
		return;
	}
	if (got < n) {
		ln_put_written(r, got, false);
		return;
	}
	if (n < want) {		/* cut by the ring, not by the bound */
		r->overflow = true;
		return;
	}
	ln_put_written(r, max, true);
}

void ln_put_ubytes(struct ln_rec *r, const void __user *src, u64 len, u32 max)
{
	u32 n = len > max ? max : len;

	if (r->overflow)
		return;
	if (n > ln_rec_room(r)) {
		r->overflow = true;
		return;
	}
	if (n && copy_from_user_nofault(ln_rec_cursor(r), src, n)) {
		ln_put_unreadable(r);
		return;
	}
	ln_put_written(r, n, len > max);
}

u32 ln_rec_finish(struct ln_rec *r)
{
	struct ln_event_hdr *hdr = (struct ln_event_hdr *)r->buf;
	u32 len;

	/* A filler that left parameters out leaves them empty. */
	while (!r->overflow && r->idx < r->nparams)
		ln_put_empty(r);
	if (r->overflow)
		return 0;
	len = LN_ALIGN_UP(r->pos);
	if (len > r->limit) {
		r->overflow = true;
		return 0;
	}
	memset(r->buf + r->pos, 0, len - r->pos);
	hdr->len = len;
	hdr->type = r->type;
	hdr->nparams = r->nparams;
	hdr->flags = r->flags;
	return len;
}
