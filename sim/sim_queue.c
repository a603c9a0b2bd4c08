/* An implicit 4-ary min-heap of (time, seq) keys. */
#include "sim_queue.h"

#include <stdlib.h>

struct sim_queue {
    sim_qentry_t *h;
    size_t n, cap;
};

static inline bool less(const sim_qentry_t *a, const sim_qentry_t *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

vs_err_t sim_queue_create(size_t capacity_hint, sim_queue_t **out)
{
    sim_queue_t *q = calloc(1, sizeof *q);
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

void sim_queue_destroy(sim_queue_t *q)
{
    if (!q)
        return;
    free(q->h);
    free(q);
}

vs_err_t sim_queue_push(sim_queue_t *q, sim_time_t time, uint64_t seq, uint32_t idx)
{
    if (q->n == q->cap) {
        size_t cap = q->cap * 2;
        sim_qentry_t *h = realloc(q->h, cap * sizeof *h);
        if (!h)
            return vs_fail(VS_ENOMEM, "out of memory");
        q->h = h;
        q->cap = cap;
    }
    sim_qentry_t e = {time, seq, idx};
    size_t i = q->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 4;
        if (!less(&e, &q->h[parent]))
            break;
        q->h[i] = q->h[parent];
        i = parent;
    }
    q->h[i] = e;
    return VS_OK;
}

bool sim_queue_peek(sim_queue_t *q, sim_qentry_t *out)
{
    if (q->n == 0)
        return false;
    *out = q->h[0];
    return true;
}

bool sim_queue_pop(sim_queue_t *q, sim_qentry_t *out)
{
    if (q->n == 0)
        return false;
    *out = q->h[0];
    sim_qentry_t last = q->h[--q->n];
    size_t n = q->n, i = 0;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= n)
            break;
        size_t best = c, end = c + 4 < n ? c + 4 : n;
        for (size_t k = c + 1; k < end; k++)
            if (less(&q->h[k], &q->h[best]))
                best = k;
        if (!less(&q->h[best], &last))
            break;
        q->h[i] = q->h[best];
        i = best;
    }
    if (n > 0)
        q->h[i] = last;
    return true;
}

size_t sim_queue_size(const sim_queue_t *q)
{
    return q->n;
}
