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

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define LEVELS 5
#define CHUNK 5

/* Bits of level l are [shift[l], shift[l+1]); shift[LEVELS] = 63 covers non-negative times. */
static const uint8_t shift[LEVELS + 1] = {0, 14, 26, 38, 50, 63};

/* Level 0 slot: a list through the nodes. */
typedef struct {
    uint32_t head, tail;
} slot_t;

/* Upper-level slot: a chain of chunks; all but the tail chunk are full. */
typedef struct {
    uint32_t head, tail, ntail;
} cslot_t;

typedef struct {
    int64_t time[CHUNK];
    uint32_t idx[CHUNK];
    uint32_t next;
} chunk_t;

typedef struct {
    slot_t *slot;   /* level 0 */
    cslot_t *cs;    /* levels >= 1 */
    uint64_t *bits; /* bit s: slot s is non-empty */
    uint64_t *sum;  /* bit w: bits[w] != 0 */
    uint32_t nslots, nwords, nsum;
    size_t count;
} level_t;

struct sim_wheel {
    uint64_t cur;
    size_t count;
    char *base;
    size_t stride;
    chunk_t *ch;
    uint32_t ch_cap, ch_free, ch_used;
    uint8_t level_by_bit[64];
    level_t lv[LEVELS];
};

static inline sim_qnode_t *node(const sim_wheel_t *w, uint32_t idx)
{
    return (sim_qnode_t *)(w->base + (size_t)idx * w->stride);
}

/* The level where time t lives relative to cursor cur. */
static inline int level_of(const sim_wheel_t *w, uint64_t t, uint64_t cur)
{
    uint64_t x = t ^ cur;
    if (x < (UINT64_C(1) << shift[1]))
        return 0;
    return w->level_by_bit[63 - __builtin_clzll(x)];
}

static inline uint32_t digit(uint64_t t, int l)
{
    return (uint32_t)(t >> shift[l]) & ((UINT32_C(1) << (shift[l + 1] - shift[l])) - 1);
}

static inline bool has_bit(const level_t *lv, uint32_t s)
{
    return (lv->bits[s >> 6] >> (s & 63)) & 1;
}

static inline void set_bit(level_t *lv, uint32_t s)
{
    uint32_t wd = s >> 6;
    lv->bits[wd] |= UINT64_C(1) << (s & 63);
    lv->sum[wd >> 6] |= UINT64_C(1) << (wd & 63);
}

static inline void clear_bit(level_t *lv, uint32_t s)
{
    uint32_t wd = s >> 6;
    lv->bits[wd] &= ~(UINT64_C(1) << (s & 63));
    if (!lv->bits[wd])
        lv->sum[wd >> 6] &= ~(UINT64_C(1) << (wd & 63));
}

/* First non-empty slot >= s, or -1. */
static inline int64_t find_next(const level_t *lv, uint32_t s)
{
    if (s >= lv->nslots)
        return -1;
    uint32_t wd = s >> 6;
    uint64_t m = lv->bits[wd] & (~UINT64_C(0) << (s & 63));
    if (m)
        return (int64_t)((wd << 6) | (uint32_t)__builtin_ctzll(m));
    uint32_t nw = wd + 1;
    if (nw >= lv->nwords)
        return -1;
    uint32_t si = nw >> 6;
    uint64_t sm = lv->sum[si] & (~UINT64_C(0) << (nw & 63));
    while (!sm) {
        if (++si >= lv->nsum)
            return -1;
        sm = lv->sum[si];
    }
    wd = (si << 6) | (uint32_t)__builtin_ctzll(sm);
    return (int64_t)((wd << 6) | (uint32_t)__builtin_ctzll(lv->bits[wd]));
}

/* Level 0: node idx (its next already SIM_QNIL) goes to the back of slot s. */
static inline void append0(sim_wheel_t *w, uint32_t s, uint32_t idx)
{
    level_t *lv = &w->lv[0];
    slot_t *sl = &lv->slot[s];
    if (has_bit(lv, s)) {
        node(w, sl->tail)->next = idx;
    } else {
        sl->head = idx;
        set_bit(lv, s);
    }
    sl->tail = idx;
    lv->count++;
}

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
    level_t *lv = &w->lv[l];
    cslot_t *sl = &lv->cs[s];
    if (!has_bit(lv, s)) {
        sl->head = sl->tail = chunk_get(w);
        sl->ntail = 0;
        set_bit(lv, s);
    } else if (sl->ntail == CHUNK) {
        uint32_t c = chunk_get(w);
        w->ch[sl->tail].next = c;
        sl->tail = c;
        sl->ntail = 0;
    }
    chunk_t *k = &w->ch[sl->tail];
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
    chunk_t *ch = realloc(w->ch, (size_t)cap * sizeof *ch);
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
    for (int l = 1; l < LEVELS; l++)
        for (int b = shift[l]; b < shift[l + 1]; b++)
            w->level_by_bit[b] = (uint8_t)l;
    for (int l = 0; l < LEVELS; l++) {
        level_t *lv = &w->lv[l];
        lv->nslots = UINT32_C(1) << (shift[l + 1] - shift[l]);
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
    for (int l = 0; l < LEVELS; l++) {
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

vs_err_t sim_wheel_push(sim_wheel_t *w, uint32_t idx, sim_time_t time)
{
    uint64_t t = (uint64_t)time;
    assert(time >= 0);
    assert(t >= w->cur);
    sim_qnode_t *n = node(w, idx);
    n->time = time;
    int l = level_of(w, t, w->cur);
    if (l == 0) {
        n->next = SIM_QNIL;
        append0(w, digit(t, 0), idx);
    } else {
        if (!reserve(w, w->count + 1))
            return vs_fail(VS_ENOMEM, "out of memory growing the event queue");
        append_up(w, l, digit(t, l), t, idx);
    }
    w->count++;
    return VS_OK;
}

/* Moves the items of upper slot s of level l (whose first time is b, the new cursor) down. */
static void cascade(sim_wheel_t *w, int l, uint32_t s, uint64_t b)
{
    level_t *lv = &w->lv[l];
    cslot_t *sl = &lv->cs[s];
    uint32_t c = sl->head, ntail = sl->ntail;
    size_t moved = 0;
    clear_bit(lv, s);
    while (c != SIM_QNIL) {
        chunk_t *k = &w->ch[c];
        uint32_t next = k->next;
        uint32_t m = next == SIM_QNIL ? ntail : CHUNK;
        int64_t time[CHUNK];
        uint32_t idx[CHUNK];
        if (next != SIM_QNIL)
            __builtin_prefetch(&w->ch[next]);
        memcpy(time, k->time, sizeof time);
        memcpy(idx, k->idx, sizeof idx);
        chunk_put(w, c); /* copied out: the appends below may take it again */
        for (uint32_t j = 0; j < m; j++)
            if (level_of(w, (uint64_t)time[j], b) == 0)
                __builtin_prefetch(node(w, idx[j]), 1);
        for (uint32_t j = 0; j < m; j++) {
            uint64_t t = (uint64_t)time[j];
            int d = level_of(w, t, b);
            assert(d < l);
            if (d == 0) {
                node(w, idx[j])->next = SIM_QNIL;
                append0(w, digit(t, 0), idx[j]);
            } else {
                append_up(w, d, digit(t, d), t, idx[j]);
            }
        }
        moved += m;
        c = next;
    }
    lv->count -= moved;
}

/* Cascades until level 0 holds something. Returns false, having moved nothing more, when
 * the wheel is empty or the next slot to cascade starts after limit. */
static bool refill(sim_wheel_t *w, uint64_t limit)
{
    for (;;) {
        int l = 1;
        while (l < LEVELS && w->lv[l].count == 0)
            l++;
        if (l == LEVELS)
            return false;
        int64_t fs = find_next(&w->lv[l], digit(w->cur, l) + 1);
        assert(fs >= 0); /* items at level l have a digit above cur's */
        uint32_t s = (uint32_t)fs;
        uint64_t above = w->cur >> shift[l + 1] << shift[l + 1];
        uint64_t b = above | ((uint64_t)s << shift[l]);
        if (b > limit)
            return false;
        w->cur = b;
        cascade(w, l, s, b);
        if (w->lv[0].count)
            return true;
    }
}

bool sim_wheel_pop_until(sim_wheel_t *w, sim_time_t limit, uint32_t *idx)
{
    level_t *lv = &w->lv[0];
    if (lv->count == 0 && (limit < 0 || !refill(w, (uint64_t)limit)))
        return false;
    int64_t fs = find_next(lv, digit(w->cur, 0));
    assert(fs >= 0);
    uint32_t s = (uint32_t)fs;
    slot_t *sl = &lv->slot[s];
    uint32_t i = sl->head;
    sim_qnode_t *n = node(w, i);
    if (n->time > limit)
        return false;
    uint32_t next = n->next;
    if (next == SIM_QNIL)
        clear_bit(lv, s);
    else
        __builtin_prefetch(node(w, next)); /* the next pop in this slot */
    sl->head = next;
    lv->count--;
    w->count--;
    w->cur = (uint64_t)n->time;
    *idx = i;
    return true;
}

bool sim_wheel_peek(sim_wheel_t *w, uint32_t *idx)
{
    if (w->count == 0)
        return false;
    if (w->lv[0].count) {
        int64_t fs = find_next(&w->lv[0], digit(w->cur, 0));
        assert(fs >= 0);
        *idx = w->lv[0].slot[fs].head;
        return true;
    }
    int l = 1;
    while (w->lv[l].count == 0)
        l++;
    int64_t fs = find_next(&w->lv[l], digit(w->cur, l) + 1);
    assert(fs >= 0);
    /* The slot's items share every digit from l up; the earliest time, first in order, is
     * the minimum. */
    const cslot_t *sl = &w->lv[l].cs[fs];
    int64_t best_t = INT64_MAX;
    uint32_t best = SIM_QNIL;
    for (uint32_t c = sl->head; c != SIM_QNIL; c = w->ch[c].next) {
        const chunk_t *k = &w->ch[c];
        uint32_t m = k->next == SIM_QNIL ? sl->ntail : CHUNK;
        for (uint32_t j = 0; j < m; j++)
            if (k->time[j] < best_t) {
                best_t = k->time[j];
                best = k->idx[j];
            }
    }
    *idx = best;
    return true;
}

size_t sim_wheel_size(const sim_wheel_t *w)
{
    return w->count;
}

static size_t purge0(sim_wheel_t *w, sim_qdead_fn dead, void *ctx)
{
    level_t *lv = &w->lv[0];
    size_t dropped = 0;
    for (int64_t fs = find_next(lv, 0); fs >= 0; fs = find_next(lv, (uint32_t)fs + 1)) {
        uint32_t s = (uint32_t)fs;
        uint32_t head = SIM_QNIL, tail = SIM_QNIL;
        for (uint32_t i = lv->slot[s].head; i != SIM_QNIL;) {
            uint32_t next = node(w, i)->next;
            if (dead(ctx, i)) {
                dropped++;
            } else {
                if (tail == SIM_QNIL)
                    head = i;
                else
                    node(w, tail)->next = i;
                tail = i;
            }
            i = next;
        }
        if (tail == SIM_QNIL) {
            clear_bit(lv, s);
        } else {
            node(w, tail)->next = SIM_QNIL;
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
    level_t *lv = &w->lv[l];
    size_t dropped = 0;
    for (int64_t fs = find_next(lv, 0); fs >= 0; fs = find_next(lv, (uint32_t)fs + 1)) {
        cslot_t *sl = &lv->cs[fs];
        uint32_t wc = sl->head, wn = 0;
        bool kept = false;
        for (uint32_t c = sl->head; c != SIM_QNIL; c = w->ch[c].next) {
            chunk_t *k = &w->ch[c];
            uint32_t m = k->next == SIM_QNIL ? sl->ntail : CHUNK;
            for (uint32_t j = 0; j < m; j++) {
                int64_t t = k->time[j];
                uint32_t i = k->idx[j];
                if (dead(ctx, i)) {
                    dropped++;
                    continue;
                }
                if (wn == CHUNK) {
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
            clear_bit(lv, (uint32_t)fs);
        }
    }
    lv->count -= dropped;
    return dropped;
}

size_t sim_wheel_purge(sim_wheel_t *w, sim_qdead_fn dead, void *ctx)
{
    size_t dropped = purge0(w, dead, ctx);
    for (int l = 1; l < LEVELS; l++)
        dropped += purge_up(w, l, dead, ctx);
    w->count -= dropped;
    return dropped;
}
