/* SPDX-License-Identifier: GPL-2.0-only */
/* The current task's open files by descriptor. */
#ifndef LANNER_BPF_FD_H
#define LANNER_BPF_FD_H

#define LN_S_IFSOCK 0140000

/*
 * Where the kernel types the current task (task__have_btf()), the walk to
 * the descriptor table is plain loads (a task without files reads as an
 * empty table); the table entry itself, at a variable offset, needs a read.
 */
static __always_inline struct file *fd__file(long fd)
{
	struct file **table;
	struct file *f = NULL;
	unsigned int max;

	if (task__have_btf()) {
		struct fdtable *fdt = bpf_get_current_task_btf()->files->fdt;

		table = fdt->fd;
		max = fdt->max_fds;
	} else {
		struct fdtable *fdt = BPF_CORE_READ(task__current(), files, fdt);

		table = BPF_CORE_READ(fdt, fd);
		max = BPF_CORE_READ(fdt, max_fds);
	}
	if (fd < 0 || fd >= max)
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &table[fd]);
	return f;
}

static __always_inline struct inode *fd__inode(long fd)
{
	struct file *f = fd__file(fd);

	return f ? BPF_CORE_READ(f, f_inode) : NULL;
}

/*
 * The device and inode number of an inode. i_sb and i_ino lie a few words
 * apart in struct inode (40 and 64 on x86-64), so one read takes both where
 * this kernel's layout allows (the offsets are CO-RE constants, so the
 * verifier sees one branch): the open family records them for every file
 * opened, and each read saved is a helper call.
 */
static __always_inline void fd__dev_ino(struct inode *ino, __u32 *dev, __u64 *nr)
{
	const __u32 sb_off = bpf_core_field_offset(struct inode, i_sb);
	const __u32 ino_off = bpf_core_field_offset(struct inode, i_ino);
	struct super_block *sb;
	__u64 span[4] = {};

	if (ino_off > sb_off && ino_off - sb_off < sizeof(span) && !((ino_off - sb_off) & 7)) {
		bpf_probe_read_kernel(span, ino_off - sb_off + 8, (void *)ino + sb_off);
		sb = (struct super_block *)span[0];
		*nr = span[((ino_off - sb_off) / 8) & 3];
	} else {
		sb = BPF_CORE_READ(ino, i_sb);
		*nr = BPF_CORE_READ(ino, i_ino);
	}
	*dev = BPF_CORE_READ(sb, s_dev);
}

/* The socket behind a descriptor, NULL when it is not one. */
static __always_inline struct sock *fd__sock(long fd)
{
	struct file *f = fd__file(fd);
	struct socket *sock;

	if (!f || (BPF_CORE_READ(f, f_inode, i_mode) & LN_S_IFMT) != LN_S_IFSOCK)
		return NULL;
	sock = BPF_CORE_READ(f, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

#endif /* LANNER_BPF_FD_H */
