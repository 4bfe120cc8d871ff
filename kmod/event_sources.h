/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * Where each parameter of each event comes from: one row per event, one
 * entry per parameter, in schema order. The module's generic filler walks a
 * row and fills the record; the engine's unit tests include this header too
 * and check every row against the event table (sizes, kinds, counts), so the
 * module cannot drift from schema/events.py unnoticed.
 *
 * Integer arguments are read from the saved syscall registers and converted
 * as the kernel's C prototype declares them: an `int` (LN_K_SINT) is
 * sign-extended into an 8-byte parameter, an `unsigned int` (LN_K_UINT) is
 * zero-extended, an `unsigned long`/pointer (LN_K_ULONG) is taken whole; a
 * parameter narrower than the argument keeps its low bytes.
 *
 * Plain data, no kernel headers: usable from C (module) and C++ (tests).
 */
#ifndef LANNER_KMOD_EVENT_SOURCES_H
#define LANNER_KMOD_EVENT_SOURCES_H

#include "lanner/events.h"

enum ln_src_kind {
	LN_K_NONE = 0,		/* always empty */
	LN_K_RES,		/* the syscall's return value */
	LN_K_SINT,		/* argument `arg` as a C int */
	LN_K_UINT,		/* argument `arg` as a C unsigned int */
	LN_K_ULONG,		/* argument `arg` as a full register */
	LN_K_CONST,		/* the constant `aux` */
	LN_K_STR,		/* user string at argument `arg` (LN_MAX_PATH bound) */
	LN_K_BYTES,		/* user bytes at `arg`, length per `aux` (LN_LEN_*), snaplen bound */
	LN_K_SOCKADDR,		/* user sockaddr at `arg`, length in argument `aux` */
	LN_K_USER_S32,		/* C int at byte `aux` of the user struct at `arg` */
	LN_K_USER_U32,		/* __u32 at byte `aux` of the user struct at `arg` */
	LN_K_USER_U64,		/* __u64 at byte `aux` of the user struct at `arg` */
	LN_K_RES_DEV,		/* DEV of the file behind the returned fd */
	LN_K_RES_INO,		/* inode number of the file behind the returned fd */
	LN_K_RES_PATH,		/* path of the file behind the returned fd */
	LN_K_TASK,		/* a field of the current task, `aux` = LN_T_* */
	LN_K_SPECIAL,		/* computed by the event's own filler */
	LN_K_MAX,
};

/* LN_K_BYTES length: an argument index, or the result when positive. */
#define LN_LEN_RES 0x80u

/* LN_K_USER_*: read only when the call succeeded (outputs of the call). */
#define LN_USER_ON_SUCCESS 0x8000u
#define LN_USER_OFFSET(aux) ((aux) & 0x7fffu)

/* LN_K_TASK fields: the task snapshot of execve/clone (docs/driver-semantics.md). */
enum ln_task_field {
	LN_T_EXE, LN_T_ARGS, LN_T_TID, LN_T_PID, LN_T_PTID, LN_T_CWD, LN_T_FDLIMIT,
	LN_T_COMM, LN_T_CGROUPS, LN_T_TTY, LN_T_PGID, LN_T_SID, LN_T_LOGINUID,
	LN_T_UID, LN_T_GID, LN_T_VTID, LN_T_VPID, LN_T_VPGID, LN_T_CAP_INH,
	LN_T_CAP_PRM, LN_T_CAP_EFF, LN_T_EXE_INO, LN_T_EXE_CTIME, LN_T_EXE_MTIME,
	LN_T_EXEPATH, LN_T_PIDNS_INIT_START, LN_T_START, LN_T_ENV, LN_T_EXE_FLAGS,
	LN_T_MAX,
};

struct ln_param_src {
	unsigned char kind;	/* enum ln_src_kind */
	unsigned char arg;	/* syscall argument index, 0..5 */
	unsigned char size;	/* bytes of a fixed-size parameter, 0 if variable */
	unsigned char pad;
	unsigned int aux;	/* kind-specific, see above */
};

struct ln_event_sources {
	unsigned short type;	/* enum ln_event_type */
	unsigned short nparams;
	const struct ln_param_src *params;
};

#define LN_S_NONE(sz)		{ LN_K_NONE, 0, sz, 0, 0 }
#define LN_S_RES		{ LN_K_RES, 0, 8, 0, 0 }
#define LN_S_SINT(a, sz)	{ LN_K_SINT, a, sz, 0, 0 }
#define LN_S_UINT(a, sz)	{ LN_K_UINT, a, sz, 0, 0 }
#define LN_S_ULONG(a, sz)	{ LN_K_ULONG, a, sz, 0, 0 }
#define LN_S_CONST(v, sz)	{ LN_K_CONST, 0, sz, 0, v }
#define LN_S_STR(a)		{ LN_K_STR, a, 0, 0, 0 }
#define LN_S_BYTES(a, len)	{ LN_K_BYTES, a, 0, 0, len }
#define LN_S_SOCKADDR(a, l)	{ LN_K_SOCKADDR, a, 0, 0, l }
#define LN_S_USER_S32(a, o, sz)	{ LN_K_USER_S32, a, sz, 0, o }
#define LN_S_USER_U32(a, o, sz)	{ LN_K_USER_U32, a, sz, 0, o }
#define LN_S_USER_U64(a, o, sz)	{ LN_K_USER_U64, a, sz, 0, o }
#define LN_S_RES_DEV		{ LN_K_RES_DEV, 0, 4, 0, 0 }
#define LN_S_RES_INO		{ LN_K_RES_INO, 0, 8, 0, 0 }
#define LN_S_RES_PATH		{ LN_K_RES_PATH, 0, 0, 0, 0 }
#define LN_S_TASK(f, sz)	{ LN_K_TASK, 0, sz, 0, f }
#define LN_S_SPECIAL(sz)	{ LN_K_SPECIAL, 0, sz, 0, 0 }

/* The task snapshot shared by execve, execveat and the clone family. */
#define LN_S_TASK_SNAPSHOT \
	LN_S_TASK(LN_T_EXE, 0), LN_S_TASK(LN_T_ARGS, 0), LN_S_TASK(LN_T_TID, 8), \
	LN_S_TASK(LN_T_PID, 8), LN_S_TASK(LN_T_PTID, 8), LN_S_TASK(LN_T_CWD, 0), \
	LN_S_TASK(LN_T_FDLIMIT, 8), LN_S_TASK(LN_T_COMM, 0), \
	LN_S_TASK(LN_T_CGROUPS, 0), LN_S_TASK(LN_T_TTY, 4), \
	LN_S_TASK(LN_T_PGID, 8), LN_S_TASK(LN_T_SID, 8), \
	LN_S_TASK(LN_T_LOGINUID, 4), LN_S_TASK(LN_T_UID, 4), \
	LN_S_TASK(LN_T_GID, 4), LN_S_TASK(LN_T_VTID, 8), \
	LN_S_TASK(LN_T_VPID, 8), LN_S_TASK(LN_T_VPGID, 8), \
	LN_S_TASK(LN_T_CAP_INH, 8), LN_S_TASK(LN_T_CAP_PRM, 8), \
	LN_S_TASK(LN_T_CAP_EFF, 8), LN_S_TASK(LN_T_EXE_INO, 8), \
	LN_S_TASK(LN_T_EXE_CTIME, 8), LN_S_TASK(LN_T_EXE_MTIME, 8), \
	LN_S_TASK(LN_T_EXEPATH, 0), LN_S_TASK(LN_T_PIDNS_INIT_START, 8), \
	LN_S_TASK(LN_T_START, 8)

#define LN_S_EXEC_EXTRA \
	LN_S_TASK(LN_T_ENV, 0), LN_S_TASK(LN_T_EXE_FLAGS, 4), LN_S_SPECIAL(0)

/* Linux ABI constants used as values (fork/vfork clone flags). */
#define LN_SIGCHLD 17
#define LN_CLONE_VM 0x00000100
#define LN_CLONE_VFORK 0x00004000

/*
 * One row per event a driver produces. Each row is a static array named
 * ln_src_<event>; LN_EVENT_SOURCES_TABLE lists them for a lookup table.
 */
#define LN_ROW(name, ...) static const struct ln_param_src ln_src_##name[] = { __VA_ARGS__ }

LN_ROW(execve, LN_S_RES, LN_S_TASK_SNAPSHOT, LN_S_EXEC_EXTRA);
LN_ROW(execveat, LN_S_RES, LN_S_TASK_SNAPSHOT, LN_S_EXEC_EXTRA, LN_S_SINT(0, 8), LN_S_UINT(4, 4));
LN_ROW(clone, LN_S_RES, LN_S_TASK_SNAPSHOT, LN_S_ULONG(0, 4));
LN_ROW(clone3, LN_S_RES, LN_S_TASK_SNAPSHOT, LN_S_USER_U64(0, 0, 4));
LN_ROW(fork, LN_S_RES, LN_S_TASK_SNAPSHOT, LN_S_CONST(LN_SIGCHLD, 4));
LN_ROW(vfork, LN_S_RES, LN_S_TASK_SNAPSHOT,
	LN_S_CONST(LN_CLONE_VFORK | LN_CLONE_VM | LN_SIGCHLD, 4));
LN_ROW(procexit, LN_S_SPECIAL(8), LN_S_SPECIAL(8), LN_S_SPECIAL(1), LN_S_SPECIAL(1),
	LN_S_SPECIAL(8));
LN_ROW(open, LN_S_RES, LN_S_STR(0), LN_S_UINT(1, 4), LN_S_UINT(2, 4), LN_S_RES_DEV,
	LN_S_RES_INO);
LN_ROW(openat, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_UINT(2, 4), LN_S_UINT(3, 4),
	LN_S_RES_DEV, LN_S_RES_INO);
LN_ROW(openat2, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_USER_U64(2, 0, 4),
	LN_S_USER_U64(2, 8, 4), LN_S_USER_U64(2, 16, 4), LN_S_RES_DEV, LN_S_RES_INO);
LN_ROW(creat, LN_S_RES, LN_S_STR(0), LN_S_UINT(1, 4), LN_S_RES_DEV, LN_S_RES_INO);
LN_ROW(open_by_handle_at, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(2, 4), LN_S_RES_PATH);
LN_ROW(close, LN_S_RES, LN_S_SINT(0, 8));
LN_ROW(close_range, LN_S_RES, LN_S_SINT(0, 8), LN_S_SINT(1, 8), LN_S_UINT(2, 4));
LN_ROW(dup, LN_S_RES, LN_S_SINT(0, 8));
LN_ROW(dup2, LN_S_RES, LN_S_SINT(0, 8), LN_S_SINT(1, 8));
LN_ROW(dup3, LN_S_RES, LN_S_SINT(0, 8), LN_S_SINT(1, 8), LN_S_UINT(2, 4));
LN_ROW(fcntl, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(1, 4), LN_S_ULONG(2, 8));
LN_ROW(pipe, LN_S_RES, LN_S_USER_S32(0, LN_USER_ON_SUCCESS | 0, 8),
	LN_S_USER_S32(0, LN_USER_ON_SUCCESS | 4, 8), LN_S_SPECIAL(8));
LN_ROW(pipe2, LN_S_RES, LN_S_USER_S32(0, LN_USER_ON_SUCCESS | 0, 8),
	LN_S_USER_S32(0, LN_USER_ON_SUCCESS | 4, 8), LN_S_SPECIAL(8), LN_S_UINT(1, 4));
LN_ROW(eventfd, LN_S_RES, LN_S_UINT(0, 8), LN_S_CONST(0, 4));
LN_ROW(eventfd2, LN_S_RES, LN_S_UINT(0, 8), LN_S_UINT(1, 4));
LN_ROW(signalfd, LN_S_RES, LN_S_SINT(0, 8), LN_S_USER_U64(1, 0, 8), LN_S_CONST(0, 4));
LN_ROW(signalfd4, LN_S_RES, LN_S_SINT(0, 8), LN_S_USER_U64(1, 0, 8), LN_S_UINT(3, 4));
LN_ROW(timerfd_create, LN_S_RES, LN_S_UINT(0, 4), LN_S_UINT(1, 4));
LN_ROW(epoll_create, LN_S_RES, LN_S_SINT(0, 4));
LN_ROW(epoll_create1, LN_S_RES, LN_S_UINT(0, 4));
LN_ROW(inotify_init, LN_S_RES);
LN_ROW(inotify_init1, LN_S_RES, LN_S_UINT(0, 4));
LN_ROW(memfd_create, LN_S_RES, LN_S_STR(0), LN_S_UINT(1, 4));
LN_ROW(mkdir, LN_S_RES, LN_S_STR(0), LN_S_UINT(1, 4));
LN_ROW(mkdirat, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_UINT(2, 4));
LN_ROW(rmdir, LN_S_RES, LN_S_STR(0));
LN_ROW(unlink, LN_S_RES, LN_S_STR(0));
LN_ROW(unlinkat, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_UINT(2, 4));
LN_ROW(rename, LN_S_RES, LN_S_STR(0), LN_S_STR(1));
LN_ROW(renameat, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_SINT(2, 8), LN_S_STR(3));
LN_ROW(renameat2, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_SINT(2, 8), LN_S_STR(3),
	LN_S_UINT(4, 4));
LN_ROW(link, LN_S_RES, LN_S_STR(0), LN_S_STR(1));
LN_ROW(linkat, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_SINT(2, 8), LN_S_STR(3),
	LN_S_UINT(4, 4));
LN_ROW(symlink, LN_S_RES, LN_S_STR(0), LN_S_STR(1));
LN_ROW(symlinkat, LN_S_RES, LN_S_STR(0), LN_S_SINT(1, 8), LN_S_STR(2));
LN_ROW(chmod, LN_S_RES, LN_S_STR(0), LN_S_UINT(1, 4));
LN_ROW(fchmod, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(1, 4));
LN_ROW(fchmodat, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_UINT(2, 4));
LN_ROW(chown, LN_S_RES, LN_S_STR(0), LN_S_UINT(1, 4), LN_S_UINT(2, 4));
LN_ROW(lchown, LN_S_RES, LN_S_STR(0), LN_S_UINT(1, 4), LN_S_UINT(2, 4));
LN_ROW(fchown, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(1, 4), LN_S_UINT(2, 4));
LN_ROW(fchownat, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_UINT(2, 4), LN_S_UINT(3, 4),
	LN_S_UINT(4, 4));
LN_ROW(chdir, LN_S_RES, LN_S_STR(0));
LN_ROW(fchdir, LN_S_RES, LN_S_SINT(0, 8));
LN_ROW(chroot, LN_S_RES, LN_S_STR(0));
LN_ROW(mount, LN_S_RES, LN_S_STR(0), LN_S_STR(1), LN_S_STR(2), LN_S_ULONG(3, 4));
LN_ROW(umount2, LN_S_RES, LN_S_STR(0), LN_S_UINT(1, 4));
LN_ROW(socket, LN_S_RES, LN_S_UINT(0, 4), LN_S_UINT(1, 4), LN_S_UINT(2, 4));
LN_ROW(socketpair, LN_S_RES, LN_S_USER_S32(3, LN_USER_ON_SUCCESS | 0, 8),
	LN_S_USER_S32(3, LN_USER_ON_SUCCESS | 4, 8), LN_S_SPECIAL(8), LN_S_SPECIAL(8),
	LN_S_UINT(0, 4), LN_S_UINT(1, 4), LN_S_UINT(2, 4));
LN_ROW(connect, LN_S_RES, LN_S_SPECIAL(0), LN_S_SINT(0, 8), LN_S_SOCKADDR(1, 2));
LN_ROW(accept, LN_S_RES, LN_S_SPECIAL(0), LN_S_SPECIAL(1), LN_S_SPECIAL(4), LN_S_SPECIAL(4),
	LN_S_SINT(0, 8));
LN_ROW(accept4, LN_S_RES, LN_S_SPECIAL(0), LN_S_SPECIAL(1), LN_S_SPECIAL(4), LN_S_SPECIAL(4),
	LN_S_SINT(0, 8), LN_S_UINT(3, 4));
LN_ROW(bind, LN_S_RES, LN_S_SOCKADDR(1, 2), LN_S_SINT(0, 8));
LN_ROW(listen, LN_S_RES, LN_S_SINT(0, 8), LN_S_SINT(1, 4));
LN_ROW(sendto, LN_S_RES, LN_S_BYTES(1, 2), LN_S_SINT(0, 8), LN_S_ULONG(2, 4), LN_S_SPECIAL(0));
LN_ROW(sendmsg, LN_S_RES, LN_S_SPECIAL(0), LN_S_SINT(0, 8), LN_S_SPECIAL(4), LN_S_SPECIAL(0));
LN_ROW(sendmmsg, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(2, 4), LN_S_SPECIAL(0), LN_S_SPECIAL(4),
	LN_S_SPECIAL(0));
LN_ROW(recvfrom, LN_S_RES, LN_S_BYTES(1, LN_LEN_RES), LN_S_SPECIAL(0), LN_S_SINT(0, 8),
	LN_S_ULONG(2, 4));
LN_ROW(recvmsg, LN_S_RES, LN_S_SPECIAL(4), LN_S_SPECIAL(0), LN_S_SPECIAL(0), LN_S_SINT(0, 8));
LN_ROW(recvmmsg, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(2, 4), LN_S_SPECIAL(0), LN_S_SPECIAL(4),
	LN_S_SPECIAL(0));
LN_ROW(shutdown, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(1, 4));
LN_ROW(getsockopt, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(1, 4), LN_S_UINT(2, 4),
	LN_S_SPECIAL(8), LN_S_USER_U32(4, 0, 4));
LN_ROW(setuid, LN_S_RES, LN_S_UINT(0, 4));
LN_ROW(setgid, LN_S_RES, LN_S_UINT(0, 4));
LN_ROW(setreuid, LN_S_RES, LN_S_UINT(0, 4), LN_S_UINT(1, 4));
LN_ROW(setregid, LN_S_RES, LN_S_UINT(0, 4), LN_S_UINT(1, 4));
LN_ROW(setresuid, LN_S_RES, LN_S_UINT(0, 4), LN_S_UINT(1, 4), LN_S_UINT(2, 4));
LN_ROW(setresgid, LN_S_RES, LN_S_UINT(0, 4), LN_S_UINT(1, 4), LN_S_UINT(2, 4));
LN_ROW(setsid, LN_S_RES);
LN_ROW(setpgid, LN_S_RES, LN_S_SINT(0, 8), LN_S_SINT(1, 8));
LN_ROW(capset, LN_S_RES, LN_S_TASK(LN_T_CAP_INH, 8), LN_S_TASK(LN_T_CAP_PRM, 8),
	LN_S_TASK(LN_T_CAP_EFF, 8));
LN_ROW(prctl, LN_S_RES, LN_S_UINT(0, 4), LN_S_SPECIAL(0), LN_S_SPECIAL(8));
LN_ROW(ptrace, LN_S_RES, LN_S_ULONG(0, 4), LN_S_ULONG(1, 8), LN_S_ULONG(2, 8),
	LN_S_ULONG(3, 8));
LN_ROW(kill, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(1, 1));
LN_ROW(tkill, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(1, 1));
LN_ROW(tgkill, LN_S_RES, LN_S_SINT(0, 8), LN_S_SINT(1, 8), LN_S_UINT(2, 1));
LN_ROW(unshare, LN_S_RES, LN_S_ULONG(0, 4));
LN_ROW(setns, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(1, 4));
LN_ROW(bpf, LN_S_RES, LN_S_UINT(0, 4));
LN_ROW(userfaultfd, LN_S_RES, LN_S_UINT(0, 4));
LN_ROW(io_uring_setup, LN_S_RES, LN_S_UINT(0, 4), LN_S_USER_U32(1, 0, 4),
	LN_S_USER_U32(1, 4, 4), LN_S_USER_U32(1, 8, 4), LN_S_USER_U32(1, 12, 4),
	LN_S_USER_U32(1, 16, 4), LN_S_USER_U32(1, 20, 4));
LN_ROW(init_module, LN_S_RES, LN_S_BYTES(0, 1), LN_S_ULONG(1, 8), LN_S_STR(2));
LN_ROW(finit_module, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_UINT(2, 4));
LN_ROW(delete_module, LN_S_RES, LN_S_STR(0), LN_S_UINT(1, 4));
LN_ROW(pidfd_open, LN_S_RES, LN_S_SINT(0, 8), LN_S_UINT(1, 4));
LN_ROW(pidfd_getfd, LN_S_RES, LN_S_SINT(0, 8), LN_S_SINT(1, 8), LN_S_UINT(2, 4));
LN_ROW(fchmodat2, LN_S_RES, LN_S_SINT(0, 8), LN_S_STR(1), LN_S_UINT(2, 4), LN_S_UINT(3, 4));

#define LN_ENTRY(name, NAME) \
	{ LN_EVT_##NAME, sizeof(ln_src_##name) / sizeof(ln_src_##name[0]), ln_src_##name }

/* Every event a driver produces, in event-id order. */
static const struct ln_event_sources ln_event_sources_table[] = {
	LN_ENTRY(execve, EXECVE), LN_ENTRY(execveat, EXECVEAT), LN_ENTRY(clone, CLONE),
	LN_ENTRY(clone3, CLONE3), LN_ENTRY(fork, FORK), LN_ENTRY(vfork, VFORK),
	LN_ENTRY(procexit, PROCEXIT), LN_ENTRY(open, OPEN), LN_ENTRY(openat, OPENAT),
	LN_ENTRY(openat2, OPENAT2), LN_ENTRY(creat, CREAT),
	LN_ENTRY(open_by_handle_at, OPEN_BY_HANDLE_AT), LN_ENTRY(close, CLOSE),
	LN_ENTRY(close_range, CLOSE_RANGE), LN_ENTRY(dup, DUP), LN_ENTRY(dup2, DUP2),
	LN_ENTRY(dup3, DUP3), LN_ENTRY(fcntl, FCNTL), LN_ENTRY(pipe, PIPE),
	LN_ENTRY(pipe2, PIPE2), LN_ENTRY(eventfd, EVENTFD), LN_ENTRY(eventfd2, EVENTFD2),
	LN_ENTRY(signalfd, SIGNALFD), LN_ENTRY(signalfd4, SIGNALFD4),
	LN_ENTRY(timerfd_create, TIMERFD_CREATE), LN_ENTRY(epoll_create, EPOLL_CREATE),
	LN_ENTRY(epoll_create1, EPOLL_CREATE1), LN_ENTRY(inotify_init, INOTIFY_INIT),
	LN_ENTRY(inotify_init1, INOTIFY_INIT1), LN_ENTRY(memfd_create, MEMFD_CREATE),
	LN_ENTRY(mkdir, MKDIR), LN_ENTRY(mkdirat, MKDIRAT), LN_ENTRY(rmdir, RMDIR),
	LN_ENTRY(unlink, UNLINK), LN_ENTRY(unlinkat, UNLINKAT), LN_ENTRY(rename, RENAME),
	LN_ENTRY(renameat, RENAMEAT), LN_ENTRY(renameat2, RENAMEAT2), LN_ENTRY(link, LINK),
	LN_ENTRY(linkat, LINKAT), LN_ENTRY(symlink, SYMLINK), LN_ENTRY(symlinkat, SYMLINKAT),
	LN_ENTRY(chmod, CHMOD), LN_ENTRY(fchmod, FCHMOD), LN_ENTRY(fchmodat, FCHMODAT),
	LN_ENTRY(chown, CHOWN), LN_ENTRY(lchown, LCHOWN), LN_ENTRY(fchown, FCHOWN),
	LN_ENTRY(fchownat, FCHOWNAT), LN_ENTRY(chdir, CHDIR), LN_ENTRY(fchdir, FCHDIR),
	LN_ENTRY(chroot, CHROOT), LN_ENTRY(mount, MOUNT), LN_ENTRY(umount2, UMOUNT2),
	LN_ENTRY(socket, SOCKET), LN_ENTRY(socketpair, SOCKETPAIR), LN_ENTRY(connect, CONNECT),
	LN_ENTRY(accept, ACCEPT), LN_ENTRY(accept4, ACCEPT4), LN_ENTRY(bind, BIND),
	LN_ENTRY(listen, LISTEN), LN_ENTRY(sendto, SENDTO), LN_ENTRY(sendmsg, SENDMSG),
	LN_ENTRY(sendmmsg, SENDMMSG), LN_ENTRY(recvfrom, RECVFROM), LN_ENTRY(recvmsg, RECVMSG),
	LN_ENTRY(recvmmsg, RECVMMSG), LN_ENTRY(shutdown, SHUTDOWN),
	LN_ENTRY(getsockopt, GETSOCKOPT), LN_ENTRY(setuid, SETUID), LN_ENTRY(setgid, SETGID),
	LN_ENTRY(setreuid, SETREUID), LN_ENTRY(setregid, SETREGID),
	LN_ENTRY(setresuid, SETRESUID), LN_ENTRY(setresgid, SETRESGID),
	LN_ENTRY(setsid, SETSID), LN_ENTRY(setpgid, SETPGID), LN_ENTRY(capset, CAPSET),
	LN_ENTRY(prctl, PRCTL), LN_ENTRY(ptrace, PTRACE), LN_ENTRY(kill, KILL),
	LN_ENTRY(tkill, TKILL), LN_ENTRY(tgkill, TGKILL), LN_ENTRY(unshare, UNSHARE),
	LN_ENTRY(setns, SETNS), LN_ENTRY(bpf, BPF), LN_ENTRY(userfaultfd, USERFAULTFD),
	LN_ENTRY(io_uring_setup, IO_URING_SETUP), LN_ENTRY(init_module, INIT_MODULE),
	LN_ENTRY(finit_module, FINIT_MODULE), LN_ENTRY(delete_module, DELETE_MODULE),
	LN_ENTRY(pidfd_open, PIDFD_OPEN), LN_ENTRY(pidfd_getfd, PIDFD_GETFD),
	LN_ENTRY(fchmodat2, FCHMODAT2),
};

#undef LN_ROW
#undef LN_ENTRY

#endif /* LANNER_KMOD_EVENT_SOURCES_H */
