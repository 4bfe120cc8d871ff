// SPDX-License-Identifier: GPL-2.0-only
/* System-wide operations: bpf and kernel modules. */
#include "lanner_bpf.h"

#define MODULE_NAME_LEN 56

FILLER(bpf)
{
	BEGIN_RECORD(BPF);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	return record__submit(s);
}

FILLER(init_module)
{
	BEGIN_RECORD(INIT_MODULE);
	record__put_s64(s, ret);
	record__put_bytes(s, (const void *)ARG(0), ARG(1), cfg_snaplen, true);
	record__put_u64(s, ARG(1));
	record__put_user_str(s, (const void *)ARG(2), LN_MAX_PATH);
	return record__submit(s);
}

FILLER(finit_module)
{
	BEGIN_RECORD(FINIT_MODULE);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_user_str(s, (const void *)ARG(1), LN_MAX_PATH);
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(delete_module)
{
	BEGIN_RECORD(DELETE_MODULE);
	record__put_s64(s, ret);
	record__put_user_str(s, (const void *)ARG(0), MODULE_NAME_LEN - 1);
	record__put_u32(s, ARG(1));
	return record__submit(s);
}
