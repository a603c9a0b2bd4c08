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
 * Why chunks (arrays of 64 bytes) rather than lists threaded through the event records: a
 * list makes every pop and every cascade move a dependent cache miss on a record that has
 * waited long enough to leave the cache. With chunks, level-0 pops read indices in sequence
 * and prefetch the record of the event AHEAD pops later; cascades read (time, index) pairs in
 * sequence and never touch records. The wheel only ever reads the caller's records through
 * prefetches. */
#include "sim_wheel.h"

#include <stdlib.h>
#include <string.h>

#include "sim_wheel_internal.h"

/* Grows the chunk pool to at least want chunks (64-byte aligned, so a chunk is a line). */
static bool grow(sim_wheel_t *w, size_t want)
{
    if (w->ch_cap >= want)
        return true;
    uint64_t cap = w->ch_cap ? (uint64_t)w->ch_cap : 256;
    while (cap < want)
        cap *= 2;
    sim__wchunk_t *ch = cap < SIM_QNIL ? aligned_alloc(64, (size_t)cap * sizeof *ch) : NULL;
    if (!ch) {
        vs_fail(VS_ENOMEM, "out of memory growing the event queue to %zu items", want);
        return false;
    }
    if (w->ch)
        memcpy(ch, w->ch, (size_t)w->ch_cap * sizeof *ch);
    free(w->ch);
    for (uint32_t i = w->ch_cap; i < (uint32_t)cap; i++)
        ch[i].l0.next = i + 1 < (uint32_t)cap ? i + 1 : w->ch_free;
    w->ch_free = w->ch_cap;
    w->ch = ch;
    w->ch_cap = (uint32_t)cap;
    return true;
}

/* Every chunk in use holds an item, so a pool with three chunks beyond the item count lets
 * the next push, and every pop and cascade until then, run without allocating. */
bool sim__wheel_reserve(sim_wheel_t *w)
{
    return grow(w, w->count + 3);
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
        lv->slot = malloc(lv->nslots * sizeof *lv->slot);
        lv->bits = calloc(lv->nwords, sizeof *lv->bits);
        lv->sum = calloc(lv->nsum, sizeof *lv->sum);
        if (!lv->slot || !lv->bits || !lv->sum) {
            sim_wheel_destroy(w);
            return vs_fail(VS_ENOMEM, "out of memory");
        }
    }
    /* Chunks for a quarter of the expected items: a guess that saves early doublings. */
    if (!grow(w, capacity_hint / 4 + 3)) {
        sim_wheel_destroy(w);
        return VS_ENOMEM;
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

vs_err_t sim_wheel_push(sim_wheel_t *w, uint32_t idx, sim_time_t time)
{
    return sim__wheel_push_fast(w, idx, time);
}

/* Moves the items of upper slot s of level l (whose first time is b, the new cursor) down,
 * in order, into lower levels whose slots are all empty. */
static void cascade(sim_wheel_t *w, int l, uint32_t s, uint64_t b)
{
    sim__wlevel_t *lv = &w->lv[l];
    sim__wslot_t *sl = &lv->slot[s];
    uint32_t c = sl->head, tail = sl->tail, ntail = sl->ntail;
    size_t moved = 0;
    sim__wheel_clear(lv, s);
    while (c != SIM_QNIL) {
        sim__wchunk_t *k = &w->ch[c];
        uint32_t next = c == tail ? SIM_QNIL : k->l0.next;
        uint32_t m = c == tail ? ntail : SIM__WHEEL_UP;
        int64_t time[SIM__WHEEL_UP];
        uint32_t idx[SIM__WHEEL_UP];
        if (next != SIM_QNIL)
            __builtin_prefetch(&w->ch[next]);
        memcpy(time, k->up.time, sizeof time);
        memcpy(idx, k->up.idx, sizeof idx);
        sim__wheel_chunk_put(w, c); /* copied out: the appends below may take it again */
        for (uint32_t j = 0; j < m; j++) {
            uint64_t t = (uint64_t)time[j];
            int d = sim__wheel_level(w, t, b);
            assert(d < l);
            if (d == 0) {
                sim__wheel_prefetch(w, idx[j]); /* it runs soon */
                sim__wheel_append0(w, sim__wheel_digit(t, 0), idx[j]);
            } else {
                sim__wheel_append_up(w, d, sim__wheel_digit(t, d), t, idx[j]);
            }
        }
        moved += m;
        c = next;
    }
    lv->count -= moved;
}

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
    const sim__wslot_t *sl = &lv->slot[fs];
    const sim__wchunk_t *k = &w->ch[sl->head];
    uint32_t m = sl->head == sl->tail ? sl->ntail : SIM__WHEEL_UP;
    for (uint32_t j = 0; j < m; j++)
        sim__wheel_prefetch(w, k->up.idx[j]);
}

/* Cascades until level 0 holds something. Returns false, having moved nothing more, when
 * the wheel is empty or the next slot to cascade starts after limit. */
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
        const sim__wslot_t *sl = &w->lv[0].slot[fs];
        *idx = w->ch[sl->head].l0.idx[sl->hpos];
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
    const sim__wslot_t *sl = &w->lv[l].slot[fs];
    int64_t best_t = INT64_MAX;
    uint32_t best = SIM_QNIL;
    for (uint32_t c = sl->head;; c = w->ch[c].l0.next) {
        const sim__wchunk_t *k = &w->ch[c];
        uint32_t m = c == sl->tail ? sl->ntail : SIM__WHEEL_UP;
        for (uint32_t j = 0; j < m; j++)
            if (k->up.time[j] < best_t) {
                best_t = k->up.time[j];
                best = k->up.idx[j];
            }
        if (c == sl->tail)
            break;
    }
    *idx = best;
    *time = best_t;
    return true;
}

size_t sim_wheel_size(const sim_wheel_t *w)
{
    return w->count;
}

/* Compacts slot s of level l in place, dropping dead items: the write position (counted
 * from entry 0 of the head chunk) never passes the read position. */
static size_t purge_slot(sim_wheel_t *w, int l, uint32_t s, sim_qdead_fn dead, void *ctx)
{
    sim__wlevel_t *lv = &w->lv[l];
    sim__wslot_t *sl = &lv->slot[s];
    uint32_t per = l == 0 ? SIM__WHEEL_L0 : SIM__WHEEL_UP;
    uint32_t wc = sl->head, wn = 0, p = sl->hpos;
    size_t dropped = 0;
    bool kept = false;
    for (uint32_t c = sl->head;; c = w->ch[c].l0.next) {
        sim__wchunk_t *k = &w->ch[c];
        uint32_t end = c == sl->tail ? sl->ntail : per;
        for (; p < end; p++) {
            uint32_t i = l == 0 ? k->l0.idx[p] : k->up.idx[p];
            if (dead(ctx, i)) {
                dropped++;
                continue;
            }
            if (wn == per) {
                wc = w->ch[wc].l0.next;
                wn = 0;
            }
            if (l == 0) {
                w->ch[wc].l0.idx[wn] = i;
            } else {
                w->ch[wc].up.time[wn] = k->up.time[p];
                w->ch[wc].up.idx[wn] = i;
            }
            wn++;
            kept = true;
        }
        p = 0;
        if (c == sl->tail)
            break;
    }
    /* Chunks after the last one written go back to the pool. */
    uint32_t rest = kept ? (wc == sl->tail ? SIM_QNIL : w->ch[wc].l0.next) : sl->head;
    while (rest != SIM_QNIL) {
        uint32_t next = rest == sl->tail ? SIM_QNIL : w->ch[rest].l0.next;
        sim__wheel_chunk_put(w, rest);
        rest = next;
    }
    if (kept) {
        w->ch[wc].l0.next = SIM_QNIL;
        sl->tail = wc;
        sl->hpos = 0;
        sl->ntail = (uint16_t)wn;
    } else {
        sim__wheel_clear(lv, s);
    }
    lv->count -= dropped;
    return dropped;
}

size_t sim_wheel_purge(sim_wheel_t *w, sim_qdead_fn dead, void *ctx)
{
    size_t dropped = 0;
    for (int l = 0; l < SIM__WHEEL_LEVELS; l++) {
        sim__wlevel_t *lv = &w->lv[l];
        for (int64_t fs = sim__wheel_find(lv, 0); fs >= 0;
             fs = sim__wheel_find(lv, (uint32_t)fs + 1))
            dropped += purge_slot(w, l, (uint32_t)fs, dead, ctx);
    }
    w->count -= dropped;
    return dropped;
}
