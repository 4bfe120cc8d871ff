// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-CPU rings: allocation, the double mapping of the data pages, and the
 * producer side used by the probes.
 *
 * The producer runs with preemption disabled on its CPU and is the only
 * writer of the producer page, so it needs no lock: it reads the consumer's
 * tail (acquire), writes the record in the free space after head, and
 * publishes it by storing head (release). A record that does not fit is
 * dropped and counted; the next delivered record carries the count in `lost`.
 */

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/syscall.h>

#include "compat.h"
#include "fill.h"
#include "lanner.h"
#include "record.h"

static void ln_ring_wakeup(struct irq_work *work)
{
	struct ln_ring *ring = container_of(work, struct ln_ring, wakeup);

	wake_up_all(&ring->session->wait);
}

struct ln_ring *ln_ring_alloc(int cpu, u32 size, struct ln_session *s)
{
	int node = cpu_to_node(cpu);
	struct page **twice = NULL;
	struct ln_ring *ring;
	unsigned int i;

	ring = kzalloc_node(sizeof(*ring), GFP_KERNEL, node);
	if (!ring)
		return NULL;
	ring->session = s;
	ring->size = size;
	ring->nr_pages = size >> PAGE_SHIFT;
	init_irq_work(&ring->wakeup, ln_ring_wakeup);

	ring->prod_page = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
	ring->cons_page = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO, 0);
	if (!ring->prod_page || !ring->cons_page)
		goto err;
	ring->prod = page_address(ring->prod_page);
	ring->cons = page_address(ring->cons_page);

	ring->pages = kvcalloc(ring->nr_pages, sizeof(*ring->pages), GFP_KERNEL);
	twice = kvcalloc(2 * ring->nr_pages, sizeof(*twice), GFP_KERNEL);
	if (!ring->pages || !twice)
		goto err;
	for (i = 0; i < ring->nr_pages; i++) {
		/* Zeroed: the reader must never see stale kernel memory. */
		ring->pages[i] = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, 0);
		if (!ring->pages[i])
			goto err;
		twice[i] = ring->pages[i];
		twice[i + ring->nr_pages] = ring->pages[i];
	}
	ring->data = vmap(twice, 2 * ring->nr_pages, VM_MAP, PAGE_KERNEL);
	if (!ring->data)
		goto err;
	kvfree(twice);

	ring->prod->data_size = size;
	/* Wake a waiting reader once a quarter of the ring is pending. */
	ring->prod->watermark = size / 4;
	return ring;

err:
	kvfree(twice);
	ln_ring_free(ring);
	return NULL;
}

void ln_ring_free(struct ln_ring *ring)
{
	unsigned int i;

	if (!ring)
		return;
	irq_work_sync(&ring->wakeup);
	if (ring->data)
		vunmap(ring->data);
	if (ring->pages) {
		for (i = 0; i < ring->nr_pages; i++)
			if (ring->pages[i])
				__free_page(ring->pages[i]);
		kvfree(ring->pages);
	}
	if (ring->prod_page)
		__free_page(ring->prod_page);
	if (ring->cons_page)
		__free_page(ring->cons_page);
	kfree(ring);
}

/* True when a waiting reader should be woken for this ring. */
bool ln_ring_readable(struct ln_ring *ring)
{
	/* head is only written by the producer on the ring's CPU. */
	u64 head = smp_load_acquire(&ring->prod->head);
	u64 tail = READ_ONCE(ring->cons->tail);

	return head - tail >= ring->prod->watermark;
}

static void ln_ring_drop(struct ln_ring *ring, enum ln_drop_cause cause)
{
	struct ln_ring_producer *prod = ring->prod;

	WRITE_ONCE(prod->drops[cause], prod->drops[cause] + 1);
	ring->pending_lost++;
}

/* Called with preemption disabled, on the ring's CPU. */
void ln_ring_emit(struct ln_ring *ring, u16 type, struct pt_regs *regs, long ret)
{
	struct ln_ring_producer *prod = ring->prod;
	u32 cap = min_t(u32, ring->size, LN_MAX_EVENT_SIZE);
	struct ln_event_hdr *hdr;
	struct ln_rec r;
	u64 head, tail, used;
	u32 len;

	WRITE_ONCE(prod->produced, prod->produced + 1);
	if (unlikely(ring->busy)) {
		ln_ring_drop(ring, LN_DROP_NESTED);
		return;
	}
	ring->busy = true;

	head = prod->head;
	/* The reader is done with everything before tail (its release store). */
	tail = smp_load_acquire(&ring->cons->tail);
	used = head - tail;
	/* A tail the reader moved past head or too far back fills the ring. */
	r.limit = used >= ring->size ? 0 : min_t(u64, ring->size - used, cap);
	r.buf = ring->data + (head & (ring->size - 1));
	r.type = type;
	r.regs = regs;
	r.ret = ret;
	r.snaplen = READ_ONCE(ring->session->snaplen);
	r.exe_len = 0;
	r.exe_cut = false;
	r.overflow = false;
	if (regs)
		syscall_get_arguments(current, regs, r.args);
	else
		memset(r.args, 0, sizeof(r.args));

	len = ln_fill_record(&r);
	if (!len) {
		ring->busy = false;
		if (!r.overflow)
			ln_ring_drop(ring, LN_DROP_OTHER);
		else if (r.limit < cap)
			ln_ring_drop(ring, LN_DROP_RING_FULL);
		else
			ln_ring_drop(ring, LN_DROP_TOO_BIG);
		return;
	}

	hdr = (struct ln_event_hdr *)r.buf;
	hdr->ts = ktime_get_boottime_ns();
	hdr->tid = current->pid;
	hdr->pid = current->tgid;
	hdr->cpu = smp_processor_id();
	if (ring->pending_lost > U32_MAX) {
		hdr->lost = U32_MAX;
		hdr->flags |= LN_EF_LOST_SAT;
	} else {
		hdr->lost = ring->pending_lost;
	}
	ring->pending_lost = 0;

	/* Publishes the record: the reader loads head with acquire. */
	smp_store_release(&prod->head, head + len);
	WRITE_ONCE(prod->delivered, prod->delivered + 1);
	ring->busy = false;

	/* Pairs with the reader setting `waiting` before it sleeps in poll(). */
	smp_mb();
	if (READ_ONCE(ring->cons->waiting) && head + len - tail >= prod->watermark) {
		WRITE_ONCE(ring->cons->waiting, 0);
		irq_work_queue(&ring->wakeup);
	}
}
