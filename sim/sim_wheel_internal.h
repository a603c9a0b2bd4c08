/* sim_wheel internals: the structure and the inline fast paths of push and pop, shared by
 * sim_wheel.c and the engine's dispatch loop (sim.c), where a call per event would be a
 * noticeable part of the ~50 ns an event costs. See sim_wheel.c for the design and the
 * invariant that keeps equal times FIFO. */
#ifndef SIM_WHEEL_INTERNAL_H
#define SIM_WHEEL_INTERNAL_H

#include <assert.h>

#include "sim_wheel.h"

#define SIM__WHEEL_LEVELS 5
#define SIM__WHEEL_CHUNK 5

/* Bits of level l are [shift[l], shift[l+1]); the last entry, 63, covers non-negative times.
 * Level 0: 2^14 slots of 1 ns; levels 1-3: 2^12; level 4: 2^13. */
static const uint8_t sim__wheel_shift[SIM__WHEEL_LEVELS + 1] = {0, 14, 26, 38, 50, 63};

/* Level 0 slot: a list through the nodes. */
typedef struct {
    uint32_t head, tail;
} sim__wslot_t;

/* Upper-level slot: a chain of chunks; all but the tail chunk are full. */
typedef struct {
    uint32_t head, tail, ntail;
} sim__wcslot_t;

typedef struct {
    int64_t time[SIM__WHEEL_CHUNK];
    uint32_t idx[SIM__WHEEL_CHUNK];
    uint32_t next;
} sim__wchunk_t;

typedef struct {
    sim__wslot_t *slot;  /* level 0 */
    sim__wcslot_t *cs;   /* levels >= 1 */
    uint64_t *bits;      /* bit s: slot s is non-empty */
    uint64_t *sum;       /* bit w: bits[w] != 0 */
    uint32_t nslots, nwords, nsum;
    size_t count;
} sim__wlevel_t;

struct sim_wheel {
    uint64_t cur; /* every item's time is >= cur; see sim_wheel.c */
    size_t count;
    char *base;
    size_t stride;
    sim__wchunk_t *ch;
    uint32_t ch_cap, ch_free, ch_used;
    uint8_t level_by_bit[64];
    sim__wlevel_t lv[SIM__WHEEL_LEVELS];
};

/* Out of line (sim_wheel.c): pushes above level 0, and cascades when level 0 is empty. */
vs_err_t sim__wheel_push_up(sim_wheel_t *w, uint32_t idx, uint64_t t, int level);
bool sim__wheel_refill(sim_wheel_t *w, uint64_t limit);

static inline sim_qnode_t *sim__wheel_node(const sim_wheel_t *w, uint32_t idx)
{
    return (sim_qnode_t *)(w->base + (size_t)idx * w->stride);
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

/* Level 0: node idx (its next already SIM_QNIL) goes to the back of slot s. */
static inline void sim__wheel_append0(sim_wheel_t *w, uint32_t s, uint32_t idx)
{
    sim__wlevel_t *lv = &w->lv[0];
    sim__wslot_t *sl = &lv->slot[s];
    if (sim__wheel_has(lv, s)) {
        sim__wheel_node(w, sl->tail)->next = idx;
    } else {
        sl->head = idx;
        sim__wheel_set(lv, s);
    }
    sl->tail = idx;
    lv->count++;
}

static inline vs_err_t sim__wheel_push_fast(sim_wheel_t *w, uint32_t idx, sim_time_t time)
{
    uint64_t t = (uint64_t)time;
    assert(time >= 0);
    assert(t >= w->cur);
    int l = sim__wheel_level(w, t, w->cur);
    if (l != 0)
        return sim__wheel_push_up(w, idx, t, l);
    sim__wheel_node(w, idx)->next = SIM_QNIL;
    sim__wheel_append0(w, sim__wheel_digit(t, 0), idx);
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
    uint32_t i = sl->head;
    uint32_t next = sim__wheel_node(w, i)->next;
    if (next == SIM_QNIL)
        sim__wheel_clear(lv, s);
    else
        __builtin_prefetch(sim__wheel_node(w, next)); /* the next pop in this slot */
    sl->head = next;
    lv->count--;
    w->count--;
    w->cur = (uint64_t)t;
    *idx = i;
    *time = t;
    return true;
}

#endif
