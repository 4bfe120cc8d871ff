// SPDX-License-Identifier: GPL-2.0-only
/* Credentials, sessions and process control: set*id, setsid, setpgid,
 * capset (the values the kernel accepted), prctl. */
#include "lanner_bpf.h"

#define LN_PR_SET_NAME 15
#define LN_PR_GET_NAME 16
#define LN_TASK_COMM_LEN 16

FILLER(setuid)
{
	BEGIN_RECORD(SETUID);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	return record__submit(s);
}

FILLER(setgid)
{
	BEGIN_RECORD(SETGID);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	return record__submit(s);
}

FILLER(setreuid)
{
	BEGIN_RECORD(SETREUID);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(setregid)
{
	BEGIN_RECORD(SETREGID);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(setresuid)
{
	BEGIN_RECORD(SETRESUID);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	record__put_u32(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(setresgid)
{
	BEGIN_RECORD(SETRESGID);
	record__put_s64(s, ret);
	record__put_u32(s, ARG(0));
	record__put_u32(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(setsid)
{
	BEGIN_RECORD(SETSID);
	record__put_s64(s, ret);
	return record__submit(s);
}

FILLER(setpgid)
{
	BEGIN_RECORD(SETPGID);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_int_arg(s, ARG(1));
	return record__submit(s);
}

FILLER(capset)
{
	const struct cred *cred = BPF_CORE_READ(task__current(), cred);

	BEGIN_RECORD(CAPSET);
	record__put_s64(s, ret);
	record__put_u64(s, task__cap(&cred->cap_inheritable));
	record__put_u64(s, task__cap(&cred->cap_permitted));
	record__put_u64(s, task__cap(&cred->cap_effective));
	return record__submit(s);
}

FILLER(prctl)
{
	int option = ARG(0);

	BEGIN_RECORD(PRCTL);
	record__put_s64(s, ret);
	record__put_u32(s, option);
	/* arg2_str for the name options, arg2_int for the others; the other
	 * one empty (docs/driver-semantics.md). */
	if (option == LN_PR_SET_NAME || option == LN_PR_GET_NAME) {
		record__put_user_str(s, (const void *)ARG(1), LN_TASK_COMM_LEN - 1);
		record__put_empty(s);
	} else {
		record__put_empty(s);
		record__put_s64(s, ARG(1));
	}
	return record__submit(s);
}
