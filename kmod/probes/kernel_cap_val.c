// SPDX-License-Identifier: GPL-2.0-only
/* 6.3, f122a08b197d "capability: just use a 'u64' instead of a 'u32[2]' array" */
#include <linux/capability.h>
u64 ln_probe(kernel_cap_t c);
u64 ln_probe(kernel_cap_t c) { return c.val; }
