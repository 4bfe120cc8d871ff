// SPDX-License-Identifier: GPL-2.0-only
/* 5.8, c0ee37e85e0e "maccess: rename probe_user_{read,write} to copy_{from,to}_user_nofault" */
#include <linux/uaccess.h>
long ln_probe(void *dst, const void __user *src);
long ln_probe(void *dst, const void __user *src) { return copy_from_user_nofault(dst, src, 1); }
