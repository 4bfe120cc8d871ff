// SPDX-License-Identifier: GPL-2.0-only
/* File system changes: directories, links, renames, modes, owners, the
 * working and root directories, mounts. Paths are read from user memory at
 * exit (docs/events.md explains why that is the same value as at entry). */
#include "lanner_bpf.h"

#define PATH_ARG(i) ((const void *)ARG(i))
#define PUT_PATH(i) record__put_user_str(s, PATH_ARG(i), LN_MAX_PATH)

FILLER(mkdir)
{
	BEGIN_RECORD(MKDIR);
	record__put_s64(s, ret);
	PUT_PATH(0);
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(mkdirat)
{
	BEGIN_RECORD(MKDIRAT);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	PUT_PATH(1);
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(rmdir)
{
	BEGIN_RECORD(RMDIR);
	record__put_s64(s, ret);
	PUT_PATH(0);
	return record__submit(s);
}

FILLER(unlink)
{
	BEGIN_RECORD(UNLINK);
	record__put_s64(s, ret);
	PUT_PATH(0);
	return record__submit(s);
}

FILLER(unlinkat)
{
	BEGIN_RECORD(UNLINKAT);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	PUT_PATH(1);
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(rename)
{
	BEGIN_RECORD(RENAME);
	record__put_s64(s, ret);
	PUT_PATH(0);
	PUT_PATH(1);
	return record__submit(s);
}

FILLER(renameat)
{
	BEGIN_RECORD(RENAMEAT);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	PUT_PATH(1);
	record__put_int_arg(s, ARG(2));
	PUT_PATH(3);
	return record__submit(s);
}

FILLER(renameat2)
{
	BEGIN_RECORD(RENAMEAT2);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	PUT_PATH(1);
	record__put_int_arg(s, ARG(2));
	PUT_PATH(3);
	record__put_u32(s, ARG(4));
	return record__submit(s);
}

FILLER(link)
{
	BEGIN_RECORD(LINK);
	record__put_s64(s, ret);
	PUT_PATH(0);
	PUT_PATH(1);
	return record__submit(s);
}

FILLER(linkat)
{
	BEGIN_RECORD(LINKAT);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	PUT_PATH(1);
	record__put_int_arg(s, ARG(2));
	PUT_PATH(3);
	record__put_u32(s, ARG(4));
	return record__submit(s);
}

FILLER(symlink)
{
	BEGIN_RECORD(SYMLINK);
	record__put_s64(s, ret);
	PUT_PATH(0);
	PUT_PATH(1);
	return record__submit(s);
}

FILLER(symlinkat)
{
	BEGIN_RECORD(SYMLINKAT);
	record__put_s64(s, ret);
	PUT_PATH(0);
	record__put_int_arg(s, ARG(1));
	PUT_PATH(2);
	return record__submit(s);
}

FILLER(chmod)
{
	BEGIN_RECORD(CHMOD);
	record__put_s64(s, ret);
	PUT_PATH(0);
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(fchmod)
{
	BEGIN_RECORD(FCHMOD);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u32(s, ARG(1));
	return record__submit(s);
}

FILLER(fchmodat)
{
	BEGIN_RECORD(FCHMODAT);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	PUT_PATH(1);
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(fchmodat2)
{
	BEGIN_RECORD(FCHMODAT2);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	PUT_PATH(1);
	record__put_u32(s, ARG(2));
	record__put_u32(s, ARG(3));
	return record__submit(s);
}

FILLER(chown)
{
	BEGIN_RECORD(CHOWN);
	record__put_s64(s, ret);
	PUT_PATH(0);
	record__put_u32(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(lchown)
{
	BEGIN_RECORD(LCHOWN);
	record__put_s64(s, ret);
	PUT_PATH(0);
	record__put_u32(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(fchown)
{
	BEGIN_RECORD(FCHOWN);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	record__put_u32(s, ARG(1));
	record__put_u32(s, ARG(2));
	return record__submit(s);
}

FILLER(fchownat)
{
	BEGIN_RECORD(FCHOWNAT);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	PUT_PATH(1);
	record__put_u32(s, ARG(2));
	record__put_u32(s, ARG(3));
	record__put_u32(s, ARG(4));
	return record__submit(s);
}

FILLER(chdir)
{
	BEGIN_RECORD(CHDIR);
	record__put_s64(s, ret);
	PUT_PATH(0);
	return record__submit(s);
}

FILLER(fchdir)
{
	BEGIN_RECORD(FCHDIR);
	record__put_s64(s, ret);
	record__put_int_arg(s, ARG(0));
	return record__submit(s);
}

FILLER(chroot)
{
	BEGIN_RECORD(CHROOT);
	record__put_s64(s, ret);
	PUT_PATH(0);
	return record__submit(s);
}

FILLER(mount)
{
	BEGIN_RECORD(MOUNT);
	record__put_s64(s, ret);
	PUT_PATH(0);
	PUT_PATH(1);
	record__put_user_str(s, PATH_ARG(2), NAME_MAX_LEN);
	record__put_u32(s, ARG(3));
	return record__submit(s);
}

FILLER(umount2)
{
	BEGIN_RECORD(UMOUNT2);
	record__put_s64(s, ret);
	PUT_PATH(0);
	record__put_u32(s, ARG(1));
	return record__submit(s);
}
