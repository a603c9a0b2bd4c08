/* hw_pset — see hw_pset.h. */
#include "hw_pset.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash(const hw_prefix_t *k)
{
    uint64_t h = UINT64_C(1469598103934665603);
    int n = k->family == 6 ? 16 : 4;
    for (int i = 0; i < n; i++)
        h = (h ^ k->addr[i]) * UINT64_C(1099511628211);
    h = (h ^ k->len) * UINT64_C(1099511628211);
    h = (h ^ k->family) * UINT64_C(1099511628211);
    h ^= h >> 29;
    return h;
}

static bool same(const hw_prefix_t *a, const hw_prefix_t *b)
{
    return hw_prefix_cmp(a, b) == 0;
}

void hw_pset_init(hw_pset_t *s)
{
    memset(s, 0, sizeof *s);
}

void hw_pset_free(hw_pset_t *s)
{
    free(s->slot);
    memset(s, 0, sizeof *s);
}

int64_t *hw_pset_find(const hw_pset_t *s, const hw_prefix_t *k)
{
    if (!s->cap)
        return NULL;
    for (size_t i = hash(k) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->slot[i].used)
            return NULL;
        if (same(&s->slot[i].key, k))
            return &s->slot[i].val;
    }
}

static void raw_put(hw__pslot_t *slot, size_t cap, const hw_prefix_t *k, int64_t val)
{
    size_t i = hash(k) & (cap - 1);
    while (slot[i].used)
        i = (i + 1) & (cap - 1);
    slot[i].used = true;
    slot[i].key = *k;
    slot[i].val = val;
}

vs_err_t hw_pset_put(hw_pset_t *s, const hw_prefix_t *k, int64_t val)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        hw__pslot_t *ns = calloc(cap, sizeof *ns);
        if (!ns)
            return vs_fail(VS_ENOMEM, "out of memory for a FIB of %zu routes", s->n + 1);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i].used)
                raw_put(ns, cap, &s->slot[i].key, s->slot[i].val);
        free(s->slot);
        s->slot = ns;
        s->cap = cap;
    }
    raw_put(s->slot, s->cap, k, val);
    s->n++;
    return VS_OK;
}

bool hw_pset_del(hw_pset_t *s, const hw_prefix_t *k)
{
    if (!s->cap)
        return false;
    size_t mask = s->cap - 1, i = hash(k) & mask;
    while (s->slot[i].used && !same(&s->slot[i].key, k))
        i = (i + 1) & mask;
    if (!s->slot[i].used)
        return false;
    /* backward-shift: pull later members of the cluster into the hole */
    size_t j = i;
    for (;;) {
        s->slot[i].used = false;
        for (;;) {
            j = (j + 1) & mask;
            if (!s->slot[j].used) {
                s->n--;
                return true;
            }
            size_t h = hash(&s->slot[j].key) & mask;
            /* can slot j move to i? only if h is not cyclically in (i, j] */
            if (i <= j ? (h <= i || h > j) : (h <= i && h > j))
                break;
        }
        s->slot[i] = s->slot[j];
        i = j;
    }
}
