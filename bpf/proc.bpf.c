// SPDX-License-Identifier: GPL-2.0-only
/* Acting on other processes and namespaces: ptrace, signals, unshare, setns. */
#include "lanner_bpf.h"

FILLER(ptrace)
{
	BEGIN_RECORD(PTRACE);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	record__put_int_arg(s, ARG(1));
	record__put_u64(s, ARG(2));
	record__put_u64(s, ARG(3));
	return record__submit(s);
}

FILLER(kill)
{
	BEGIN_RECORD(KILL);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u8(s, ARG(1));
	return record__submit(s);
}

FILLER(tkill)
{
	BEGIN_RECORD(TKILL);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u8(s, ARG(1));
	return record__submit(s);
}

FILLER(tgkill)
{
	BEGIN_RECORD(TGKILL);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_int_arg(s, ARG(1));
	record__put_u8(s, ARG(2));
	return record__submit(s);
}

FILLER(unshare)
{
	BEGIN_RECORD(UNSHARE);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	return record__submit(s);
}

FILLER(setns)
{
	BEGIN_RECORD(SETNS);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u32(s, ARG(1));
	return record__submit(s);
}
