/* The 4-ary heap. Entries carry their own key (time, seq) so that comparisons do not touch
 * the caller's records; seq is the heap's push counter, which makes equal times FIFO. */
#include "sim_heapq.h"

#include <stdlib.h>

typedef struct {
    sim_time_t time;
    uint64_t seq;
    uint32_t idx;
} entry_t;

struct sim_heapq {
    entry_t *h;
    size_t n, cap;
    uint64_t seq;
};

static inline bool less(const entry_t *a, const entry_t *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

vs_err_t sim_heapq_create(size_t capacity_hint, sim_heapq_t **out)
{
    *out = NULL;
    sim_heapq_t *q = calloc(1, sizeof *q);
    if (!q)
        return vs_fail(VS_ENOMEM, "out of memory");
    q->cap = capacity_hint ? capacity_hint : 1024;
    q->h = malloc(q->cap * sizeof *q->h);
    if (!q->h) {
        free(q);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    *out = q;
    return VS_OK;
}

void sim_heapq_destroy(sim_heapq_t *q)
{
    if (!q)
        return;
    free(q->h);
    free(q);
}

void sim_heapq_bind(sim_heapq_t *q, void *base, size_t stride)
{
    /* The entries carry key and index; the caller's records are never touched. */
    (void)q;
    (void)base;
    (void)stride;
}

static void sift_up(entry_t *h, size_t i, entry_t e)
{
    while (i > 0) {
        size_t parent = (i - 1) / 4;
        if (!less(&e, &h[parent]))
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

static void sift_down(entry_t *h, size_t n, size_t i, entry_t e)
{
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= n)
            break;
        size_t best = c, end = c + 4 < n ? c + 4 : n;
        for (size_t k = c + 1; k < end; k++)
            if (less(&h[k], &h[best]))
                best = k;
        if (!less(&h[best], &e))
            break;
        h[i] = h[best];
        i = best;
    }
    h[i] = e;
}

void sim_heapq_rewind(sim_heapq_t *q, sim_time_t floor)
{
    (void)q;
    (void)floor; /* a heap has no cursor */
}

vs_err_t sim_heapq_push(sim_heapq_t *q, uint32_t idx, sim_time_t time)
{
    if (q->n == q->cap) {
        size_t cap = q->cap * 2;
        entry_t *h = realloc(q->h, cap * sizeof *h);
        if (!h)
            return vs_fail(VS_ENOMEM, "out of memory");
        q->h = h;
        q->cap = cap;
    }
    sift_up(q->h, q->n++, (entry_t){time, q->seq++, idx});
    return VS_OK;
}

bool sim_heapq_peek(sim_heapq_t *q, uint32_t *idx, sim_time_t *time)
{
    if (q->n == 0)
        return false;
    *idx = q->h[0].idx;
    *time = q->h[0].time;
    return true;
}

bool sim_heapq_pop_until(sim_heapq_t *q, sim_time_t limit, uint32_t *idx, sim_time_t *time)
{
    if (q->n == 0 || q->h[0].time > limit)
        return false;
    *idx = q->h[0].idx;
    *time = q->h[0].time;
    entry_t last = q->h[--q->n];
    if (q->n > 0)
        sift_down(q->h, q->n, 0, last);
    return true;
}

size_t sim_heapq_size(const sim_heapq_t *q)
{
    return q->n;
}

size_t sim_heapq_purge(sim_heapq_t *q, sim_qdead_fn dead, void *ctx)
{
    size_t kept = 0, n = q->n;
    for (size_t i = 0; i < n; i++)
        if (!dead(ctx, q->h[i].idx))
            q->h[kept++] = q->h[i];
    q->n = kept;
    /* Floyd's heap construction: the (time, seq) keys keep the order of the survivors. */
    for (size_t i = kept / 4 + 1; i-- > 0;)
        if (i < kept)
            sift_down(q->h, kept, i, q->h[i]);
    return n - kept;
}
