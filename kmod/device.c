// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/lanner: one reader at a time. open() allocates a session (a ring per
 * possible CPU); mmap() maps a ring's regions; ioctl() configures and
 * starts/stops capture; poll() waits for a watermark; release() stops
 * capture and frees everything. While the device is open the module cannot
 * be unloaded (the file holds a reference to it).
 */

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "fill.h"
#include "lanner.h"

static DEFINE_MUTEX(ln_open_lock);
static bool ln_opened;

static void ln_session_free(struct ln_session *s)
{
	unsigned int cpu;

	if (s->rings) {
		for (cpu = 0; cpu < nr_cpu_ids; cpu++)
			ln_ring_free(s->rings[cpu]);
		kfree(s->rings);
	}
	kfree(s);
}

static struct ln_session *ln_session_alloc(u32 data_size)
{
	struct ln_session *s;
	unsigned int cpu;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	mutex_init(&s->lock);
	init_waitqueue_head(&s->wait);
	s->data_size = data_size;
	s->snaplen = LN_DEFAULT_SNAPLEN;
	s->rings = kcalloc(nr_cpu_ids, sizeof(*s->rings), GFP_KERNEL);
	if (!s->rings)
		goto err;
	for_each_possible_cpu(cpu) {
		s->rings[cpu] = ln_ring_alloc(cpu, data_size, s);
		if (!s->rings[cpu])
			goto err;
	}
	return s;

err:
	ln_session_free(s);
	return NULL;
}

static int ln_open(struct inode *inode, struct file *file)
{
	struct ln_session *s;

	mutex_lock(&ln_open_lock);
	if (ln_opened) {
		mutex_unlock(&ln_open_lock);
		return -EBUSY;
	}
	s = ln_session_alloc(READ_ONCE(ln_param_ring_bytes));
	if (!s) {
		mutex_unlock(&ln_open_lock);
		return -ENOMEM;
	}
	ln_opened = true;
	mutex_unlock(&ln_open_lock);
	file->private_data = s;
	return 0;
}

static int ln_release(struct inode *inode, struct file *file)
{
	struct ln_session *s = file->private_data;

	ln_capture_stop(s);
	ln_session_free(s);
	mutex_lock(&ln_open_lock);
	ln_opened = false;
	mutex_unlock(&ln_open_lock);
	return 0;
}

static long ln_set_interest(struct ln_session *s, const void __user *arg)
{
	struct ln_interest in;
	unsigned int nr;

	if (copy_from_user(&in, arg, sizeof(in)))
		return -EFAULT;
	if (in.reserved || (in.sources & ~LN_SRC_PROCEXIT))
		return -EINVAL;
	/* Every bit must name a syscall the module has a filler for. */
	for (nr = 0; nr < LN_SYSCALL_MAX; nr++)
		if ((in.syscalls[nr / 64] >> (nr % 64) & 1) && !ln_syscall_event[nr])
			return -EINVAL;
	for (nr = 0; nr < LN_SYSCALL_MAX; nr++)
		assign_bit(nr, s->interest, in.syscalls[nr / 64] >> (nr % 64) & 1);
	WRITE_ONCE(s->sources, in.sources);
	return 0;
}

static long ln_get_stats(struct ln_session *s, void __user *arg)
{
	struct ln_ring_producer *prod;
	struct ln_cpu_stats st;
	unsigned int i;
	u32 cpu;

	if (copy_from_user(&st, arg, sizeof(st)))
		return -EFAULT;
	cpu = st.cpu;
	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	memset(&st, 0, sizeof(st));
	st.cpu = cpu;
	if (s->rings[st.cpu]) {
		prod = s->rings[st.cpu]->prod;
		st.online = 1;
		st.produced = READ_ONCE(prod->produced);
		st.delivered = READ_ONCE(prod->delivered);
		for (i = 0; i < LN_DROP_CAUSE_MAX; i++)
			st.drops[i] = READ_ONCE(prod->drops[i]);
	}
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long ln_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ln_session *s = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct ln_version_info info;
	u32 snaplen;
	long err;

	mutex_lock(&s->lock);
	switch (cmd) {
	case LN_IOCTL_GET_VERSION:
		memset(&info, 0, sizeof(info));
		info.api_version = LN_DRIVER_API_VERSION;
		info.schema_version = LN_SCHEMA_VERSION;
		info.nr_cpu_ids = nr_cpu_ids;
		info.data_size = s->data_size;
		err = copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
		break;
	case LN_IOCTL_SET_INTEREST:
		err = ln_set_interest(s, uarg);
		break;
	case LN_IOCTL_START:
		err = arg ? -EINVAL : ln_capture_start(s);
		break;
	case LN_IOCTL_STOP:
		err = 0;
		if (arg)
			err = -EINVAL;
		else
			ln_capture_stop(s);
		break;
	case LN_IOCTL_GET_STATS:
		err = ln_get_stats(s, uarg);
		break;
	case LN_IOCTL_SET_SNAPLEN:
		if (copy_from_user(&snaplen, uarg, sizeof(snaplen)))
			err = -EFAULT;
		else if (snaplen > LN_MAX_SNAPLEN)
			err = -EINVAL;
		else {
			WRITE_ONCE(s->snaplen, snaplen);
			err = 0;
		}
		break;
	default:
		err = -ENOTTY;
		break;
	}
	mutex_unlock(&s->lock);
	return err;
}

static __poll_t ln_poll(struct file *file, poll_table *wait)
{
	struct ln_session *s = file->private_data;
	unsigned int cpu;

	poll_wait(file, &s->wait, wait);
	/* Pairs with the producer's barrier before it reads `waiting`. */
	smp_mb();
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (s->rings[cpu] && ln_ring_readable(s->rings[cpu]))
			return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static int ln_map_pages(struct vm_area_struct *vma, struct page **pages, unsigned int nr,
			unsigned int times)
{
	unsigned long addr = vma->vm_start;
	unsigned int t, i;
	int err;

	for (t = 0; t < times; t++) {
		for (i = 0; i < nr; i++, addr += PAGE_SIZE) {
			err = vm_insert_page(vma, addr, pages[i]);
			if (err)
				return err;
		}
	}
	return 0;
}

/* mmap offsets: LN_MMAP_OFFSET(cpu, region), see driver_abi.h. */
static int ln_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ln_session *s = file->private_data;
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long key = vma->vm_pgoff >> (32 - PAGE_SHIFT);
	unsigned int cpu = key >> 2, region = key & 3;
	struct ln_ring *ring;

	if (vma->vm_pgoff & ((1UL << (32 - PAGE_SHIFT)) - 1))
		return -EINVAL;
	if (cpu >= nr_cpu_ids || !s->rings[cpu])
		return -EINVAL;
	ring = s->rings[cpu];
	if (vma->vm_flags & VM_EXEC)
		return -EPERM;
	vm_flags_clear(vma, VM_MAYEXEC);
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);

	switch (region) {
	case LN_REGION_PRODUCER:
	case LN_REGION_DATA:
		if (vma->vm_flags & VM_WRITE)
			return -EPERM;
		vm_flags_clear(vma, VM_MAYWRITE);
		if (region == LN_REGION_PRODUCER)
			return len == PAGE_SIZE ? ln_map_pages(vma, &ring->prod_page, 1, 1) : -EINVAL;
		if (len != 2UL * ring->size)
			return -EINVAL;
		return ln_map_pages(vma, ring->pages, ring->nr_pages, 2);
	case LN_REGION_CONSUMER:
		/* Shared, or the reader's tail would land in a private copy. */
		if (len != PAGE_SIZE || !(vma->vm_flags & VM_SHARED))
			return -EINVAL;
		return ln_map_pages(vma, &ring->cons_page, 1, 1);
	default:
		return -EINVAL;
	}
}

static const struct file_operations ln_fops = {
	.owner = THIS_MODULE,
	.open = ln_open,
	.release = ln_release,
	.unlocked_ioctl = ln_ioctl,
	.poll = ln_poll,
	.mmap = ln_mmap,
	.llseek = noop_llseek,
};

static struct miscdevice ln_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "lanner",
	.fops = &ln_fops,
};

int ln_device_init(umode_t mode)
{
	ln_misc.mode = mode;
	return misc_register(&ln_misc);
}

void ln_device_exit(void)
{
	misc_deregister(&ln_misc);
}
