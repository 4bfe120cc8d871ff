// SPDX-License-Identifier: GPL-2.0-only
/* The generic filler: one parameter at a time, as event_sources.h says. */

#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/path.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "event_sources.h"
#include "fill.h"
#include "lanner/syscalls.h"

#define LN_SYSCALL_ENTRY(nr, ev) \
	[nr] = ev,
const u16 ln_syscall_event[LN_SYSCALL_MAX] = { LN_SYSCALL_EVENT_TABLE(LN_SYSCALL_ENTRY) };

static const struct ln_event_sources *ln_rows[LN_EVT_MAX];

/* Builds the event-id index of event_sources.h's rows (at module load). */
void ln_fill_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ln_event_sources_table); i++)
		ln_rows[ln_event_sources_table[i].type] = &ln_event_sources_table[i];
}


void ln_put_path(struct ln_rec *r, const struct path *path)
{
	u32 room = min_t(u32, ln_rec_room(r), LN_MAX_PATH);
	char *p;

	if (r->overflow)
		return;
	if (!room) {
		r->overflow = true;
		return;
	}
	/* d_path writes at the end of the buffer: move the result down. */
	p = d_path(path, ln_rec_cursor(r), room);
	if (IS_ERR(p)) {
		if (room < LN_MAX_PATH)
			r->overflow = true;
		else
			ln_put_unreadable(r);
		return;
	}
	room = strlen(p);
	memmove(ln_rec_cursor(r), p, room);
	ln_put_written(r, room, false);
}

/* DEV, inode number or path of the file behind the returned fd. */
static void ln_fill_res_file(struct ln_rec *r, unsigned int kind)
{
	struct file *file;
	struct inode *inode;

	if (r->ret < 0) {
		ln_put_empty(r);
		return;
	}
	file = fget(r->ret);
	if (!file) {
		ln_put_unreadable(r);
		return;
	}
	inode = file_inode(file);
	if (kind == LN_K_RES_DEV)
		ln_put_int(r, inode->i_sb->s_dev, 4);
	else if (kind == LN_K_RES_INO)
		ln_put_int(r, inode->i_ino, 8);
	else
		ln_put_path(r, &file->f_path);
	fput(file);
}

static void ln_fill_user_int(struct ln_rec *r, const struct ln_param_src *src)
{
	const u8 __user *base = (const u8 __user *)ln_arg(r, src->arg);
	const void __user *at = base + LN_USER_OFFSET(src->aux);
	union {
		s32 s32;
		u32 u32;
		u64 u64;
	} v;

	if ((src->aux & LN_USER_ON_SUCCESS) && r->ret < 0) {
		ln_put_empty(r);
		return;
	}
	switch (src->kind) {
	case LN_K_USER_S32:
		if (!ln_read_user(&v.s32, at, 4))
			break;
		ln_put_int(r, (s64)v.s32, src->size);
		return;
	case LN_K_USER_U32:
		if (!ln_read_user(&v.u32, at, 4))
			break;
		ln_put_int(r, v.u32, src->size);
		return;
	default:
		if (!ln_read_user(&v.u64, at, 8))
			break;
		ln_put_int(r, v.u64, src->size);
		return;
	}
	ln_put_unreadable(r);
}

static void ln_fill_bytes(struct ln_rec *r, const struct ln_param_src *src)
{
	u64 len;

	if (src->aux & LN_LEN_RES)
		len = r->ret > 0 ? r->ret : 0;
	else
		len = ln_arg(r, src->aux);
	ln_put_ubytes(r, (const void __user *)ln_arg(r, src->arg), len, r->snaplen);
}

static void ln_fill_param(struct ln_rec *r, const struct ln_param_src *src, unsigned int idx)
{
	switch (src->kind) {
	case LN_K_RES:
		ln_put_int(r, (u64)r->ret, 8);
		break;
	case LN_K_SINT:
		ln_put_int(r, (u64)(s64)(int)ln_arg(r, src->arg), src->size);
		break;
	case LN_K_UINT:
		ln_put_int(r, (u32)ln_arg(r, src->arg), src->size);
		break;
	case LN_K_ULONG:
		ln_put_int(r, ln_arg(r, src->arg), src->size);
		break;
	case LN_K_CONST:
		ln_put_int(r, src->aux, src->size);
		break;
	case LN_K_STR:
		ln_put_ustr(r, (const char __user *)ln_arg(r, src->arg), LN_MAX_PATH);
		break;
	case LN_K_BYTES:
		ln_fill_bytes(r, src);
		break;
	case LN_K_SOCKADDR:
		ln_fill_sockaddr(r, (const void __user *)ln_arg(r, src->arg),
				 (int)ln_arg(r, src->aux));
		break;
	case LN_K_USER_S32:
	case LN_K_USER_U32:
	case LN_K_USER_U64:
		ln_fill_user_int(r, src);
		break;
	case LN_K_RES_DEV:
	case LN_K_RES_INO:
	case LN_K_RES_PATH:
		ln_fill_res_file(r, src->kind);
		break;
	case LN_K_TASK:
		ln_fill_task_field(r, src->aux);
		break;
	case LN_K_SPECIAL:
		ln_fill_special(r, idx);
		break;
	default:
		ln_put_empty(r);
		break;
	}
}

u32 ln_fill_record(struct ln_rec *r)
{
	const struct ln_event_sources *row = r->type < LN_EVT_MAX ? ln_rows[r->type] : NULL;
	unsigned int i;

	if (!row)
		return 0;
	ln_rec_begin(r, row->nparams);
	for (i = 0; i < row->nparams && !r->overflow; i++)
		ln_fill_param(r, &row->params[i], i);
	return ln_rec_finish(r);
}
