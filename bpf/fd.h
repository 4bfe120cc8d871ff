/* SPDX-License-Identifier: GPL-2.0-only */
/* The current task's open files by descriptor. */
#ifndef LANNER_BPF_FD_H
#define LANNER_BPF_FD_H

#define LN_S_IFSOCK 0140000

static __always_inline struct file *fd__file(long fd)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	struct file **table = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &table[fd]);
	return f;
}

static __always_inline struct inode *fd__inode(long fd)
{
	struct file *f = fd__file(fd);

	return f ? BPF_CORE_READ(f, f_inode) : NULL;
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
