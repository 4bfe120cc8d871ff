// SPDX-License-Identifier: GPL-2.0-only
/* 6.6, 9b6304c1d537 "fs: add ctime accessors infrastructure" (backported by Debian to 5.10/6.1) */
#include <linux/fs.h>
struct timespec64 ln_probe(const struct inode *inode);
struct timespec64 ln_probe(const struct inode *inode) { return inode_get_ctime(inode); }
