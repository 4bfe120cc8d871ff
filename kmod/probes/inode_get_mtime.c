// SPDX-License-Identifier: GPL-2.0-only
/* 6.7, 077c212f0344 "fs: new accessor methods for atime and mtime" */
#include <linux/fs.h>
struct timespec64 ln_probe(const struct inode *inode);
struct timespec64 ln_probe(const struct inode *inode) { return inode_get_mtime(inode); }
