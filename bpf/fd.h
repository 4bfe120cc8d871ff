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

#define FD_EMBEDDED 64	/* NR_OPEN_DEFAULT: BITS_PER_LONG */

/* Whether `fd` lies in the table files_struct holds itself (fd_array), as
 * long as the process never had more than NR_OPEN_DEFAULT descriptors. */
static __always_inline bool fd__in_embedded_table(struct files_struct *files, long fd)
{
	if (bpf_core_field_size(files->fd_array) != FD_EMBEDDED * sizeof(void *))
		return false;
	return fd >= 0 && fd < FD_EMBEDDED && files->fdt->fd == files->fd_array;
}

/*
 * The file at `fd` in the embedded table, as a typed pointer: its fields,
 * and those of the inode and super block behind it, are plain loads. The
 * verifier follows a typed pointer only at a constant offset, so the
 * descriptor's six bits choose the element through six branches: every
 * path it explores has a constant offset (the barrier keeps the compiler
 * from turning the branches back into one variable offset).
 */
static __always_inline struct file *fd__embedded_file(struct files_struct *files, long fd)
{
	struct file **p = &files->fd_array[0];

#define FD_BIT(b)				\
	if (fd & (b)) {				\
		barrier_var(p);			\
		p += (b);			\
	}
	FD_BIT(32) FD_BIT(16) FD_BIT(8) FD_BIT(4) FD_BIT(2) FD_BIT(1)
#undef FD_BIT
	return *p;
}

/* The device and inode number of the file at `fd` of task `t`, the current
 * task as bpf_get_current_task_btf() gives it (NULL where that does not
 * exist); false when none. */
static __always_inline bool fd__file_dev_ino(struct task_struct *t, long fd, __u32 *dev,
					     __u64 *nr)
{
	struct inode *ino;

	if (task__have_btf() && t) {
		struct files_struct *files = t->files;

		if (fd__in_embedded_table(files, fd)) {
			struct file *f = fd__embedded_file(files, fd);

			if (!f)
				return false;
			ino = f->f_inode;
			*dev = ino->i_sb->s_dev;
			*nr = ino->i_ino;
			return true;
		}
	}
	ino = fd__inode(fd);
	if (!ino)
		return false;
	fd__dev_ino(ino, dev, nr);
	return true;
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
