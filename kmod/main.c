// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lanner kernel module: records syscalls and process exits into per-CPU
 * rings that the lanner engine reads through /dev/lanner.
 */

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "fill.h"
#include "lanner.h"

#define LN_RING_MIN (64U << 10)		/* holds the largest record */
#define LN_RING_MAX (1U << 30)

u32 ln_param_ring_bytes = 8U << 20;

/* ring_bytes: a power of two in [64 KiB, 1 GiB]; applies at the next open. */
static int ln_set_ring_bytes(const char *val, const struct kernel_param *kp)
{
	u32 v;
	int err = kstrtou32(val, 0, &v);

	if (err)
		return err;
	if (v < LN_RING_MIN || v > LN_RING_MAX || !is_power_of_2(v) || v < PAGE_SIZE)
		return -EINVAL;
	WRITE_ONCE(ln_param_ring_bytes, v);
	return 0;
}

static const struct kernel_param_ops ln_ring_bytes_ops = {
	.set = ln_set_ring_bytes,
	.get = param_get_uint,
};
module_param_cb(ring_bytes, &ln_ring_bytes_ops, &ln_param_ring_bytes, 0644);
MODULE_PARM_DESC(ring_bytes, "Ring size per CPU in bytes, a power of two in [65536, 1073741824] (default 8 MiB)");

static ushort device_mode = 0600;
module_param(device_mode, ushort, 0444);
MODULE_PARM_DESC(device_mode, "Permissions of /dev/lanner (default 0600, root only; at most 0660)");

static int __init ln_init(void)
{
	int err;

	/* The device exposes every traced process's activity: never to others. */
	if (device_mode & ~0660) {
		pr_err("device_mode %#o refused: at most 0660 (owner and group)\n", device_mode);
		return -EINVAL;
	}
	ln_fill_init();
	err = ln_tracepoints_init();
	if (err)
		return err;
	err = ln_device_init(device_mode);
	if (err) {
		pr_err("cannot register /dev/lanner: %d\n", err);
		return err;
	}
	pr_info("loaded: api %u, schema %u.%u, ring %u bytes per CPU\n", LN_DRIVER_API_VERSION,
		LN_SCHEMA_VERSION_MAJOR, LN_SCHEMA_VERSION_MINOR, ln_param_ring_bytes);
	return 0;
}

static void __exit ln_exit(void)
{
	ln_device_exit();
	pr_info("unloaded\n");
}

module_init(ln_init);
module_exit(ln_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The Lanner authors");
MODULE_DESCRIPTION("Lanner runtime security: syscall and process events for the lanner engine");
MODULE_VERSION("0.1.0");
