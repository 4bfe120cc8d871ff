/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel differences the driver copes with, in one place. Each flavor below
 * names fields as an older (or newer) kernel spells them; CO-RE matches the
 * flavor against the running kernel's BTF, and bpf_core_field_exists()
 * chooses at load time. vmlinux.h (generated from the build host) gives the
 * current spelling.
 */
#ifndef LANNER_BPF_COMPAT_H
#define LANNER_BPF_COMPAT_H

/* kernfs_node.parent became __parent in 6.15. */
struct kernfs_node___pre615 {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

/* Inode times: timespec64 i_ctime/i_mtime before 6.6; __i_ctime in 6.6;
 * __i_mtime in 6.7; separate seconds/nanoseconds fields from 6.11. */
struct inode___pre66 {
	struct timespec64 i_mtime;
	struct timespec64 i_ctime;
} __attribute__((preserve_access_index));

struct inode___v66 {
	struct timespec64 i_mtime;
	struct timespec64 __i_ctime;
} __attribute__((preserve_access_index));

struct inode___pre611 {
	struct timespec64 __i_mtime;
	struct timespec64 __i_ctime;
} __attribute__((preserve_access_index));

/* Since 6.13 the top bit of i_ctime_nsec flags a queried ctime
 * (I_CTIME_QUERIED, multigrain timestamps); nanoseconds fit in 30 bits. */
#define LN_CTIME_NSEC_MASK 0x3fffffffU

/* The overlayfs inode keeps its upper dentry right after the VFS inode
 * (struct ovl_inode, fs/overlayfs/ovl_entry.h, unchanged since 4.13). */
#define LN_OVERLAYFS_SUPER_MAGIC 0x794c7630

/* Values the kernel never changes but vmlinux.h carries only as macros. */
#define LN_TS_COMPAT		0x0002	/* thread_info.status: 32-bit syscall (x86) */
#define LN_MNT_READONLY		0x40
#define LN_SB_RDONLY		1
#define LN_RLIMIT_NOFILE	7
#define LN_CAP_DAC_OVERRIDE	1
#define LN_S_IFMT		00170000
#define LN_MINORBITS		20

#endif /* LANNER_BPF_COMPAT_H */
