// SPDX-License-Identifier: GPL-2.0-only
/* 5.3, 9285ec4c8b61 "timekeeping: Use proper clock specifier names in functions" */
#include <linux/ktime.h>
#include <linux/timekeeping.h>
u64 ln_probe(void);
u64 ln_probe(void) { return ktime_get_boottime_ns(); }
