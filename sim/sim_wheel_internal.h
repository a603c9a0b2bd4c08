/* sim_wheel internals: the structure and the inline fast paths of push and pop, shared by
 * sim_wheel.c and the engine's dispatch loop (sim.c), where a call per event would be a
 * noticeable part of the few tens of nanoseconds an event costs. See sim_wheel.c for the
 * design and the invariant that keeps equal times FIFO. */
#ifndef SIM_WHEEL_INTERNAL_H
#define SIM_WHEEL_INTERNAL_H

#include <assert.h>
#include <stddef.h>

#include "sim_wheel.h"

#define SIM__WHEEL_LEVELS 5
#define SIM__WHEEL_UP 5    /* (time, index) pairs in an upper-level chunk */
#define SIM__WHEEL_L0 15   /* indices in a level-0 chunk (their time is the slot's) */
#define SIM__WHEEL_AHEAD 8 /* pops ahead whose records are prefetched */

/* Bits of level l are [shift[l], shift[l+1]); the last entry, 63, covers non-negative times.
 * Level 0: 2^14 slots of 1 ns; levels 1-3: 2^12; level 4: 2^13. */
static const uint8_t sim__wheel_shift[SIM__WHEEL_LEVELS + 1] = {0, 14, 26, 38, 50, 63};

/* One cache line. The link to the next chunk of the slot (or of the free pool) is the last
 * word in both layouts; it is always accessed as l0.next. */
typedef union {
    struct {
        int64_t time[SIM__WHEEL_UP];
        uint32_t idx[SIM__WHEEL_UP];
        uint32_t next;
    } up;
    struct {
        uint32_t idx[SIM__WHEEL_L0];
        uint32_t next;
    } l0;
} sim__wchunk_t;

_Static_assert(sizeof(sim__wchunk_t) == 64, "a chunk is one cache line");
_Static_assert(offsetof(sim__wchunk_t, up.next) == offsetof(sim__wchunk_t, l0.next),
               "one link for both layouts");

/* A slot: a chain of chunks from head to tail. Its items are entries [hpos, ...) of the
 * head chunk, all entries of the chunks between, and entries [0, ntail) of the tail chunk.
 * Only level 0 pops single items, so hpos is 0 in upper levels. */
typedef struct {
    uint32_t head, tail;
    uint16_t hpos, ntail;
} sim__wslot_t;

typedef struct {
    sim__wslot_t *slot;
    uint64_t *bits; /* bit s: slot s is non-empty */
    uint64_t *sum;  /* bit w: bits[w] != 0 */
    uint32_t nslots, nwords, nsum;
    size_t count;
} sim__wlevel_t;

struct sim_wheel {
    uint64_t cur; /* every item's time is >= cur; see sim_wheel.c */
    size_t count;
    sim__wchunk_t *ch; /* the chunk pool, 64-byte aligned */
    uint32_t ch_cap, ch_free;
    const char *base; /* the caller's records, for prefetching only */
    size_t stride;
    uint8_t level_by_bit[64];
    sim__wlevel_t lv[SIM__WHEEL_LEVELS];
};

/* Out of line (sim_wheel.c): grows the chunk pool; cascades when level 0 is empty. */
bool sim__wheel_reserve(sim_wheel_t *w);
bool sim__wheel_refill(sim_wheel_t *w, uint64_t limit);

static inline void sim__wheel_prefetch(const sim_wheel_t *w, uint32_t idx)
{
    if (w->base)
        __builtin_prefetch(w->base + (size_t)idx * w->stride);
}

/* The level where time t lives relative to cursor cur. */
static inline int sim__wheel_level(const sim_wheel_t *w, uint64_t t, uint64_t cur)
{
    uint64_t x = t ^ cur;
    if (x < (UINT64_C(1) << sim__wheel_shift[1]))
        return 0;
    return w->level_by_bit[63 - __builtin_clzll(x)];
}

static inline uint32_t sim__wheel_digit(uint64_t t, int l)
{
    return (uint32_t)(t >> sim__wheel_shift[l]) &
           ((UINT32_C(1) << (sim__wheel_shift[l + 1] - sim__wheel_shift[l])) - 1);
}

static inline bool sim__wheel_has(const sim__wlevel_t *lv, uint32_t s)
{
    return (lv->bits[s >> 6] >> (s & 63)) & 1;
}

static inline void sim__wheel_set(sim__wlevel_t *lv, uint32_t s)
{
    uint32_t wd = s >> 6;
    lv->bits[wd] |= UINT64_C(1) << (s & 63);
    lv->sum[wd >> 6] |= UINT64_C(1) << (wd & 63);
}

static inline void sim__wheel_clear(sim__wlevel_t *lv, uint32_t s)
{
    uint32_t wd = s >> 6;
    lv->bits[wd] &= ~(UINT64_C(1) << (s & 63));
    if (!lv->bits[wd])
        lv->sum[wd >> 6] &= ~(UINT64_C(1) << (wd & 63));
}

/* First non-empty slot >= s, or -1. */
static inline int64_t sim__wheel_find(const sim__wlevel_t *lv, uint32_t s)
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

/* The pool always has free chunks for everything up to the next push (sim__wheel_reserve
 * keeps two more than the item count, and every chunk in use holds an item). */
static inline uint32_t sim__wheel_chunk_get(sim_wheel_t *w)
{
    uint32_t c = w->ch_free;
    assert(c != SIM_QNIL);
    w->ch_free = w->ch[c].l0.next;
    w->ch[c].l0.next = SIM_QNIL;
    return c;
}

static inline void sim__wheel_chunk_put(sim_wheel_t *w, uint32_t c)
{
    w->ch[c].l0.next = w->ch_free;
    w->ch_free = c;
}

/* The chunk with room for one more entry at the back of slot s (per entries a chunk). */
static inline sim__wchunk_t *sim__wheel_room(sim_wheel_t *w, sim__wlevel_t *lv, uint32_t s,
                                             uint32_t per)
{
    sim__wslot_t *sl = &lv->slot[s];
    if (!sim__wheel_has(lv, s)) {
        sl->head = sl->tail = sim__wheel_chunk_get(w);
        sl->hpos = sl->ntail = 0;
        sim__wheel_set(lv, s);
    } else if (sl->ntail == per) {
        uint32_t c = sim__wheel_chunk_get(w);
        w->ch[sl->tail].l0.next = c;
        sl->tail = c;
        sl->ntail = 0;
    }
    return &w->ch[sl->tail];
}

static inline void sim__wheel_append0(sim_wheel_t *w, uint32_t s, uint32_t idx)
{
    sim__wlevel_t *lv = &w->lv[0];
    sim__wchunk_t *k = sim__wheel_room(w, lv, s, SIM__WHEEL_L0);
    k->l0.idx[lv->slot[s].ntail++] = idx;
    lv->count++;
}

static inline void sim__wheel_append_up(sim_wheel_t *w, int l, uint32_t s, uint64_t t,
                                        uint32_t idx)
{
    sim__wlevel_t *lv = &w->lv[l];
    sim__wchunk_t *k = sim__wheel_room(w, lv, s, SIM__WHEEL_UP);
    uint16_t n = lv->slot[s].ntail++;
    k->up.time[n] = (int64_t)t;
    k->up.idx[n] = idx;
    lv->count++;
}

static inline vs_err_t sim__wheel_push_fast(sim_wheel_t *w, uint32_t idx, sim_time_t time)
{
    uint64_t t = (uint64_t)time;
    assert(time >= 0);
    assert(t >= w->cur);
    if (w->ch_cap < w->count + 3 && !sim__wheel_reserve(w))
        return VS_ENOMEM;
    int l = sim__wheel_level(w, t, w->cur);
    if (l == 0)
        sim__wheel_append0(w, sim__wheel_digit(t, 0), idx);
    else
        sim__wheel_append_up(w, l, sim__wheel_digit(t, l), t, idx);
    w->count++;
    return VS_OK;
}

static inline bool sim__wheel_pop_fast(sim_wheel_t *w, sim_time_t limit, uint32_t *idx,
                                       sim_time_t *time)
{
    sim__wlevel_t *lv = &w->lv[0];
    if (lv->count == 0 && (limit < 0 || !sim__wheel_refill(w, (uint64_t)limit)))
        return false;
    int64_t fs = sim__wheel_find(lv, sim__wheel_digit(w->cur, 0));
    assert(fs >= 0);
    uint32_t s = (uint32_t)fs;
    /* Level 0 items share every digit above 0 with cur: the slot gives the time. */
    sim_time_t t = (sim_time_t)((w->cur >> sim__wheel_shift[1] << sim__wheel_shift[1]) | s);
    if (t > limit)
        return false;
    sim__wslot_t *sl = &lv->slot[s];
    sim__wchunk_t *k = &w->ch[sl->head];
    uint32_t p = sl->hpos;
    bool last = sl->head == sl->tail;
    uint32_t end = last ? sl->ntail : SIM__WHEEL_L0;
    *idx = k->l0.idx[p];
    /* Start fetching the record popped AHEAD pops from now (same slot), and the slot's next
     * chunk in time for that. */
    uint32_t a = p + SIM__WHEEL_AHEAD;
    if (a < end) {
        sim__wheel_prefetch(w, k->l0.idx[a]);
    } else if (!last) {
        const sim__wchunk_t *nk = &w->ch[k->l0.next];
        a -= SIM__WHEEL_L0;
        if (k->l0.next != sl->tail || a < sl->ntail)
            sim__wheel_prefetch(w, nk->l0.idx[a]);
    }
    if (p == 0 && !last)
        __builtin_prefetch(&w->ch[k->l0.next]);
    if (++p < end) {
        sl->hpos = (uint16_t)p;
    } else if (last) {
        sim__wheel_chunk_put(w, sl->head);
        sim__wheel_clear(lv, s);
    } else {
        uint32_t c = sl->head;
        sl->head = k->l0.next;
        sl->hpos = 0;
        sim__wheel_chunk_put(w, c);
    }
    lv->count--;
    w->count--;
    w->cur = (uint64_t)t;
    *time = t;
    return true;
}

#endif
