/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing one record in place, in the ring: the header, the parameter
 * length table, then each parameter in schema order. Every writer checks the
 * room left; a record that does not fit sets `overflow` and is dropped by the
 * ring (counted), never cut short. User memory is read with the _nofault
 * helpers (page faults disabled), so a probe never sleeps or faults.
 */
#ifndef LANNER_KMOD_RECORD_H
#define LANNER_KMOD_RECORD_H

#include <linux/types.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "lanner/schema.h"

struct pt_regs;

struct ln_rec {
	u8 *buf;		/* start of the record */
	u32 limit;		/* bytes the record may use */
	u32 pos;		/* where the next parameter's bytes go */
	u16 type;
	u16 nparams;
	u16 idx;		/* next parameter */
	u16 flags;		/* LN_EF_* */
	bool overflow;		/* did not fit: the record is dropped */
	struct pt_regs *regs;	/* the syscall's registers, NULL for procexit */
	long ret;		/* the syscall's result */
	u32 snaplen;
	unsigned long args[6];	/* the syscall's arguments */
	u32 exe_len;		/* length of the exe value, for the args after it */
	bool exe_cut;
};

void ln_rec_begin(struct ln_rec *r, u16 nparams);
/* Pads, writes the header; returns the record length (0 on overflow). */
u32 ln_rec_finish(struct ln_rec *r);

void ln_put_empty(struct ln_rec *r);
void ln_put_unreadable(struct ln_rec *r);
/* A fixed-size value: the low `size` bytes of v (little-endian). */
void ln_put_int(struct ln_rec *r, u64 v, u32 size);
/* Kernel bytes; `cut` marks the value partial. */
void ln_put_kbytes(struct ln_rec *r, const void *src, u32 len, bool cut);
/* A NUL-terminated user string, at most `max` bytes kept (partial when
 * longer or unreadable; empty and complete for a NULL pointer). */
void ln_put_ustr(struct ln_rec *r, const char __user *src, u32 max);
/* `len` user bytes, at most `max` kept (partial when cut). */
void ln_put_ubytes(struct ln_rec *r, const void __user *src, u64 len, u32 max);

/* Room left for the current parameter's bytes. */
static inline u32 ln_rec_room(const struct ln_rec *r)
{
	return r->limit - r->pos;
}

static inline u8 *ln_rec_cursor(const struct ln_rec *r)
{
	return r->buf + r->pos;
}

/* Ends the current parameter after writing `len` bytes at the cursor. */
void ln_put_written(struct ln_rec *r, u32 len, bool cut);

/*
 * strncpy_from_user() with page faults disabled: a missing page fails the
 * copy instead of being faulted in. (strncpy_from_user_nofault() does the
 * same but is not exported to modules.) Returns the string's length, `count`
 * when no NUL was found within `count` bytes, or -EFAULT.
 */
static inline long ln_strncpy_user(char *dst, const char __user *src, long count)
{
	long ret;

	pagefault_disable();
	ret = strncpy_from_user(dst, src, count);
	pagefault_enable();
	return ret;
}

/* Reads a fixed-size value from user memory without faulting. */
static inline bool ln_read_user(void *dst, const void __user *src, size_t size)
{
	return copy_from_user_nofault(dst, src, size) == 0;
}

#endif /* LANNER_KMOD_RECORD_H */
