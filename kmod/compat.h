/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every kernel-version difference the module depends on, in one place.
 * Each feature is detected by a try-compile probe (probes/, generated into
 * lanner_config.h), never by the version number alone: distribution kernels
 * backport APIs (Debian's 5.10 and 6.1 have inode_get_ctime(), a 6.6 API).
 * The new API is used as is; the old one is shimmed behind the new name.
 * docs/kernels.md lists these guards.
 */
#ifndef LANNER_KMOD_COMPAT_H
#define LANNER_KMOD_COMPAT_H

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "lanner_config.h"

/* 6.3, bc292ab00f6c: vm_flags became read-only, changed through wrappers. */
#ifndef LN_HAVE_VM_FLAGS_SET
static inline void vm_flags_set(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/* 5.8, c0ee37e85e0e: probe_user_read() renamed copy_from_user_nofault(). */
#ifndef LN_HAVE_COPY_FROM_USER_NOFAULT
#define copy_from_user_nofault(dst, src, size) probe_user_read(dst, src, size)
#endif

/* 5.3, 9285ec4c8b61: ktime_get_boot_ns() renamed ktime_get_boottime_ns(). */
#ifndef LN_HAVE_KTIME_GET_BOOTTIME_NS
#define ktime_get_boottime_ns() ktime_get_boot_ns()
#endif

/* 6.3, f122a08b197d: kernel_cap_t is one u64 instead of two u32 words. */
static inline u64 ln_cap_value(kernel_cap_t cap)
{
#ifdef LN_HAVE_KERNEL_CAP_VAL
	return cap.val;
#else
	return ((u64)cap.cap[1] << 32) | cap.cap[0];
#endif
}

/* 6.6, 9b6304c1d537: i_ctime is reached through an accessor. */
static inline struct timespec64 ln_inode_ctime(const struct inode *inode)
{
#ifdef LN_HAVE_INODE_GET_CTIME
	return inode_get_ctime(inode);
#else
	return inode->i_ctime;
#endif
}

/* 6.7, 077c212f0344: i_mtime is reached through an accessor. */
static inline struct timespec64 ln_inode_mtime(const struct inode *inode)
{
#ifdef LN_HAVE_INODE_GET_MTIME
	return inode_get_mtime(inode);
#else
	return inode->i_mtime;
#endif
}

/* 5.5, cf25e24db61c: real_start_time renamed start_boottime. */
static inline u64 ln_task_start_boottime(const struct task_struct *task)
{
#ifdef LN_HAVE_TASK_START_BOOTTIME
	return task->start_boottime;
#else
	return task->real_start_time;
#endif
}

#endif /* LANNER_KMOD_COMPAT_H */
