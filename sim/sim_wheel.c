/* The radix wheel. Why this structure: the engine's keys are integers and its queue is
 * monotone (nothing is scheduled before the last popped time), so a radix structure gives
 * O(1) push and amortised O(1) pop with no comparisons of (time, seq): the sequence order of
 * equal times is the order of a list. The hold-model benchmark (bench/bench_des.c) has about
 * 100 events per nanosecond pending; 1 ns slots make each of them a bucket that fills and
 * drains in FIFO order.
 *
 * Invariant (what makes FIFO hold across cascades): every queued item sits exactly where a
 * push at the current cur would put it, so an item pushed later at the same time lands in the
 * same list, behind the earlier ones. Popping at level 0 moves cur within the level-0 block,
 * which changes no other item's place; a cascade moves cur to the start b of the slot it
 * empties, which changes only that slot's items, and re-appends them in order into lower
 * levels that are all empty at that moment.
 *
 * Why chunks above level 0: with far-future timers most items wait in the upper levels and
 * are moved two or three times before they fire; a linked list makes each move a dependent
 * cache miss, a chunk of five (time, index) pairs makes it a sequential read, and the nodes
 * are only written (prefetched ahead) when items reach level 0. */
#include "sim_wheel.h"

#include <stdlib.h>
#include <string.h>

#include "sim_wheel_internal.h"

/* The pool holds more free chunks than can ever be needed before the next push (see
 * reserve), so this never fails. */
static inline uint32_t chunk_get(sim_wheel_t *w)
{
    uint32_t c = w->ch_free;
    assert(c != SIM_QNIL);
    w->ch_free = w->ch[c].next;
    w->ch[c].next = SIM_QNIL;
    w->ch_used++;
    return c;
}

static inline void chunk_put(sim_wheel_t *w, uint32_t c)
{
    w->ch[c].next = w->ch_free;
    w->ch_free = c;
    w->ch_used--;
}

/* Upper level l: (t, idx) goes to the back of slot s. */
static inline void append_up(sim_wheel_t *w, int l, uint32_t s, uint64_t t, uint32_t idx)
{
    sim__wlevel_t *lv = &w->lv[l];
    sim__wcslot_t *sl = &lv->cs[s];
    if (!sim__wheel_has(lv, s)) {
        sl->head = sl->tail = chunk_get(w);
        sl->ntail = 0;
        sim__wheel_set(lv, s);
    } else if (sl->ntail == SIM__WHEEL_CHUNK) {
        uint32_t c = chunk_get(w);
        w->ch[sl->tail].next = c;
        sl->tail = c;
        sl->ntail = 0;
    }
    sim__wchunk_t *k = &w->ch[sl->tail];
    k->time[sl->ntail] = (int64_t)t;
    k->idx[sl->ntail] = idx;
    sl->ntail++;
    lv->count++;
}

/* Chunks in use never exceed the items above level 0 (every chunk holds one at least) plus
 * one being emptied by a cascade, so a pool with two free chunks beyond the item count lets
 * pops and cascades run without allocating. */
static bool reserve(sim_wheel_t *w, size_t items)
{
    if (w->ch_cap >= items + 2)
        return true;
    uint64_t cap = w->ch_cap ? (uint64_t)w->ch_cap : 256;
    while (cap < items + 2)
        cap *= 2;
    if (cap >= SIM_QNIL)
        return false;
    sim__wchunk_t *ch = realloc(w->ch, (size_t)cap * sizeof *ch);
    if (!ch)
        return false;
    for (uint32_t i = w->ch_cap; i < (uint32_t)cap; i++)
        ch[i].next = i + 1 < (uint32_t)cap ? i + 1 : w->ch_free;
    w->ch_free = w->ch_cap;
    w->ch = ch;
    w->ch_cap = (uint32_t)cap;
    return true;
}

vs_err_t sim_wheel_create(size_t capacity_hint, sim_wheel_t **out)
{
    *out = NULL;
    sim_wheel_t *w = calloc(1, sizeof *w);
    if (!w)
        return vs_fail(VS_ENOMEM, "out of memory");
    w->ch_free = SIM_QNIL;
    for (int l = 1; l < SIM__WHEEL_LEVELS; l++)
        for (int b = sim__wheel_shift[l]; b < sim__wheel_shift[l + 1]; b++)
            w->level_by_bit[b] = (uint8_t)l;
    for (int l = 0; l < SIM__WHEEL_LEVELS; l++) {
        sim__wlevel_t *lv = &w->lv[l];
        lv->nslots = UINT32_C(1) << (sim__wheel_shift[l + 1] - sim__wheel_shift[l]);
        lv->nwords = (lv->nslots + 63) / 64;
        lv->nsum = (lv->nwords + 63) / 64;
        if (l == 0)
            lv->slot = malloc(lv->nslots * sizeof *lv->slot);
        else
            lv->cs = malloc(lv->nslots * sizeof *lv->cs);
        lv->bits = calloc(lv->nwords, sizeof *lv->bits);
        lv->sum = calloc(lv->nsum, sizeof *lv->sum);
        if ((!lv->slot && !lv->cs) || !lv->bits || !lv->sum) {
            sim_wheel_destroy(w);
            return vs_fail(VS_ENOMEM, "out of memory");
        }
    }
    /* A fifth of the expected items above level 0 is a guess that saves early doublings. */
    if (!reserve(w, capacity_hint / 5)) {
        sim_wheel_destroy(w);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    *out = w;
    return VS_OK;
}

void sim_wheel_destroy(sim_wheel_t *w)
{
    if (!w)
        return;
    for (int l = 0; l < SIM__WHEEL_LEVELS; l++) {
        free(w->lv[l].slot);
        free(w->lv[l].cs);
        free(w->lv[l].bits);
        free(w->lv[l].sum);
    }
    free(w->ch);
    free(w);
}

void sim_wheel_bind(sim_wheel_t *w, void *base, size_t stride)
{
    w->base = base;
    w->stride = stride;
}

void sim_wheel_rewind(sim_wheel_t *w, sim_time_t floor)
{
    assert(w->count == 0 && floor >= 0);
    if (w->count == 0) /* all slots are empty: the cursor places nothing */
        w->cur = (uint64_t)floor;
}

vs_err_t sim__wheel_push_up(sim_wheel_t *w, uint32_t idx, uint64_t t, int l)
{
    if (w->ch_cap < w->count + 3 && !reserve(w, w->count + 1))
        return vs_fail(VS_ENOMEM, "out of memory growing the event queue");
    append_up(w, l, sim__wheel_digit(t, l), t, idx);
    w->count++;
    return VS_OK;
}

vs_err_t sim_wheel_push(sim_wheel_t *w, uint32_t idx, sim_time_t time)
{
    return sim__wheel_push_fast(w, idx, time);
}

/* Moves the items of upper slot s of level l (whose first time is b, the new cursor) down. */
static void cascade(sim_wheel_t *w, int l, uint32_t s, uint64_t b)
{
    sim__wlevel_t *lv = &w->lv[l];
    sim__wcslot_t *sl = &lv->cs[s];
    uint32_t c = sl->head, ntail = sl->ntail;
    size_t moved = 0;
    sim__wheel_clear(lv, s);
    while (c != SIM_QNIL) {
        sim__wchunk_t *k = &w->ch[c];
        uint32_t next = k->next;
        uint32_t m = next == SIM_QNIL ? ntail : SIM__WHEEL_CHUNK;
        int64_t time[SIM__WHEEL_CHUNK];
        uint32_t idx[SIM__WHEEL_CHUNK];
        if (next != SIM_QNIL)
            __builtin_prefetch(&w->ch[next]);
        memcpy(time, k->time, sizeof time);
        memcpy(idx, k->idx, sizeof idx);
        chunk_put(w, c); /* copied out: the appends below may take it again */
        for (uint32_t j = 0; j < m; j++)
            if (sim__wheel_level(w, (uint64_t)time[j], b) == 0)
                __builtin_prefetch(sim__wheel_node(w, idx[j]), 1);
        for (uint32_t j = 0; j < m; j++) {
            uint64_t t = (uint64_t)time[j];
            int d = sim__wheel_level(w, t, b);
            assert(d < l);
            if (d == 0) {
                sim__wheel_node(w, idx[j])->next = SIM_QNIL;
                sim__wheel_append0(w, sim__wheel_digit(t, 0), idx[j]);
            } else {
                append_up(w, d, sim__wheel_digit(t, d), t, idx[j]);
            }
        }
        moved += m;
        c = next;
    }
    lv->count -= moved;
}

/* Cascades until level 0 holds something. Returns false, having moved nothing more, when
 * the wheel is empty or the next slot to cascade starts after limit. */
/* With far timers, level 0 is refilled from a level-1 slot holding one or two items whose
 * records left the cache long ago. Start fetching the next such slot's first records now,
 * while the events just cascaded (and those they schedule) run. */
static void lookahead(sim_wheel_t *w)
{
    sim__wlevel_t *lv = &w->lv[1];
    if (!lv->count)
        return;
    int64_t fs = sim__wheel_find(lv, sim__wheel_digit(w->cur, 1) + 1);
    if (fs < 0)
        return;
    const sim__wchunk_t *k = &w->ch[lv->cs[fs].head];
    uint32_t m = k->next == SIM_QNIL ? lv->cs[fs].ntail : SIM__WHEEL_CHUNK;
    for (uint32_t j = 0; j < m; j++)
        __builtin_prefetch(sim__wheel_node(w, k->idx[j]));
}

bool sim__wheel_refill(sim_wheel_t *w, uint64_t limit)
{
    for (;;) {
        int l = 1;
        while (l < SIM__WHEEL_LEVELS && w->lv[l].count == 0)
            l++;
        if (l == SIM__WHEEL_LEVELS)
            return false;
        int64_t fs = sim__wheel_find(&w->lv[l], sim__wheel_digit(w->cur, l) + 1);
        assert(fs >= 0); /* items at level l have a digit above cur's */
        uint32_t s = (uint32_t)fs;
        uint64_t above = w->cur >> sim__wheel_shift[l + 1] << sim__wheel_shift[l + 1];
        uint64_t b = above | ((uint64_t)s << sim__wheel_shift[l]);
        if (b > limit)
            return false;
        w->cur = b;
        cascade(w, l, s, b);
        if (w->lv[0].count) {
            lookahead(w);
            return true;
        }
    }
}

bool sim_wheel_pop_until(sim_wheel_t *w, sim_time_t limit, uint32_t *idx, sim_time_t *time)
{
    return sim__wheel_pop_fast(w, limit, idx, time);
}

bool sim_wheel_peek(sim_wheel_t *w, uint32_t *idx, sim_time_t *time)
{
    if (w->count == 0)
        return false;
    if (w->lv[0].count) {
        int64_t fs = sim__wheel_find(&w->lv[0], sim__wheel_digit(w->cur, 0));
        assert(fs >= 0);
        *idx = w->lv[0].slot[fs].head;
        *time = (sim_time_t)((w->cur >> sim__wheel_shift[1] << sim__wheel_shift[1]) | (uint64_t)fs);
        return true;
    }
    int l = 1;
    while (w->lv[l].count == 0)
        l++;
    int64_t fs = sim__wheel_find(&w->lv[l], sim__wheel_digit(w->cur, l) + 1);
    assert(fs >= 0);
    /* The slot's items share every digit from l up; the earliest time, first in order, is
     * the minimum. */
    const sim__wcslot_t *sl = &w->lv[l].cs[fs];
    int64_t best_t = INT64_MAX;
    uint32_t best = SIM_QNIL;
    for (uint32_t c = sl->head; c != SIM_QNIL; c = w->ch[c].next) {
        const sim__wchunk_t *k = &w->ch[c];
        uint32_t m = k->next == SIM_QNIL ? sl->ntail : SIM__WHEEL_CHUNK;
        for (uint32_t j = 0; j < m; j++)
            if (k->time[j] < best_t) {
                best_t = k->time[j];
                best = k->idx[j];
            }
    }
    *idx = best;
    *time = best_t;
    return true;
}

size_t sim_wheel_size(const sim_wheel_t *w)
{
    return w->count;
}

static size_t purge0(sim_wheel_t *w, sim_qdead_fn dead, void *ctx)
{
    sim__wlevel_t *lv = &w->lv[0];
    size_t dropped = 0;
    for (int64_t fs = sim__wheel_find(lv, 0); fs >= 0; fs = sim__wheel_find(lv, (uint32_t)fs + 1)) {
        uint32_t s = (uint32_t)fs;
        uint32_t head = SIM_QNIL, tail = SIM_QNIL;
        for (uint32_t i = lv->slot[s].head; i != SIM_QNIL;) {
            uint32_t next = sim__wheel_node(w, i)->next;
            if (dead(ctx, i)) {
                dropped++;
            } else {
                if (tail == SIM_QNIL)
                    head = i;
                else
                    sim__wheel_node(w, tail)->next = i;
                tail = i;
            }
            i = next;
        }
        if (tail == SIM_QNIL) {
            sim__wheel_clear(lv, s);
        } else {
            sim__wheel_node(w, tail)->next = SIM_QNIL;
            lv->slot[s].head = head;
            lv->slot[s].tail = tail;
        }
    }
    lv->count -= dropped;
    return dropped;
}

/* Compacts one upper slot in place: the write position never passes the read position. */
static size_t purge_up(sim_wheel_t *w, int l, sim_qdead_fn dead, void *ctx)
{
    sim__wlevel_t *lv = &w->lv[l];
    size_t dropped = 0;
    for (int64_t fs = sim__wheel_find(lv, 0); fs >= 0; fs = sim__wheel_find(lv, (uint32_t)fs + 1)) {
        sim__wcslot_t *sl = &lv->cs[fs];
        uint32_t wc = sl->head, wn = 0;
        bool kept = false;
        for (uint32_t c = sl->head; c != SIM_QNIL; c = w->ch[c].next) {
            sim__wchunk_t *k = &w->ch[c];
            uint32_t m = k->next == SIM_QNIL ? sl->ntail : SIM__WHEEL_CHUNK;
            for (uint32_t j = 0; j < m; j++) {
                int64_t t = k->time[j];
                uint32_t i = k->idx[j];
                if (dead(ctx, i)) {
                    dropped++;
                    continue;
                }
                if (wn == SIM__WHEEL_CHUNK) {
                    wc = w->ch[wc].next;
                    wn = 0;
                }
                w->ch[wc].time[wn] = t;
                w->ch[wc].idx[wn] = i;
                wn++;
                kept = true;
            }
        }
        /* Chunks after the last one written go back to the pool. */
        uint32_t rest = kept ? w->ch[wc].next : sl->head;
        while (rest != SIM_QNIL) {
            uint32_t next = w->ch[rest].next;
            chunk_put(w, rest);
            rest = next;
        }
        if (kept) {
            w->ch[wc].next = SIM_QNIL;
            sl->tail = wc;
            sl->ntail = wn;
        } else {
            sim__wheel_clear(lv, (uint32_t)fs);
        }
    }
    lv->count -= dropped;
    return dropped;
}

size_t sim_wheel_purge(sim_wheel_t *w, sim_qdead_fn dead, void *ctx)
{
    size_t dropped = purge0(w, dead, ctx);
    for (int l = 1; l < SIM__WHEEL_LEVELS; l++)
        dropped += purge_up(w, l, dead, ctx);
    w->count -= dropped;
    return dropped;
}
