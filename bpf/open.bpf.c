// SPDX-License-Identifier: GPL-2.0-only
/* The open family: the path argument, flags and mode, and on success the
 * device and inode of the file opened. */
#include "lanner_bpf.h"
#include "hot_fillers.h"

FILLER(open)
{
	BEGIN_RECORD(OPEN);
	record__put_s64(s, ret);
	record__put_user_str(s, (const void *)ARG(0), LN_MAX_PATH);
	record__put_u32(s, ARG(1));
	record__put_u32(s, ARG(2));
	open__put_dev_ino(s, ret, NULL);
	return record__submit(s);
}

FILLER(openat)
{
	return hot__openat(regs, ret, task__current_btf());
}

FILLER(openat2)
{
	struct open_how how = {};

	BEGIN_RECORD(OPENAT2);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_user_str(s, (const void *)ARG(1), LN_MAX_PATH);
	if (bpf_probe_read_user(&how, sizeof(how), (const void *)ARG(2))) {
		record__put_unreadable(s);
		record__put_unreadable(s);
		record__put_unreadable(s);
	} else {
		record__put_u32(s, how.flags);
		record__put_u32(s, how.mode);
		record__put_u32(s, how.resolve);
	}
	open__put_dev_ino(s, ret, NULL);
	return record__submit(s);
}

FILLER(creat)
{
	BEGIN_RECORD(CREAT);
	record__put_s64(s, ret);
	record__put_user_str(s, (const void *)ARG(0), LN_MAX_PATH);
	record__put_u32(s, ARG(1));
	open__put_dev_ino(s, ret, NULL);
	return record__submit(s);
}

FILLER(open_by_handle_at)
{
	BEGIN_RECORD(OPEN_BY_HANDLE_AT);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u32(s, ARG(2));
	if (ret >= 0)
		path__put_file(s, fd__file(ret), false);
	else
		record__put_empty(s);
	return record__submit(s);
}
