#include "vs_strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

/* The slot of key, or the empty slot where it would go. */
static size_t slot(const vs_strmap_t *m, const char *key)
{
    size_t mask = m->cap - 1, i = (size_t)fnv1a(key) & mask;
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & mask;
    return i;
}

size_t vs_strmap_get(const vs_strmap_t *m, const char *key)
{
    if (!m->cap)
        return SIZE_MAX;
    size_t i = slot(m, key);
    return m->keys[i] ? m->vals[i] : SIZE_MAX;
}

static vs_err_t rehash(vs_strmap_t *m, size_t cap)
{
    vs_strmap_t g = {.keys = calloc(cap, sizeof *g.keys), .vals = malloc(cap * sizeof *g.vals),
                     .n = m->n, .cap = cap};
    if (!g.keys || !g.vals) {
        vs_strmap_free(&g);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = slot(&g, m->keys[i]);
            g.keys[j] = m->keys[i];
            g.vals[j] = m->vals[i];
        }
    vs_strmap_free(m);
    *m = g;
    return VS_OK;
}

vs_err_t vs_strmap_put(vs_strmap_t *m, const char *key, size_t val)
{
    if (2 * (m->n + 1) > m->cap) { /* at most half full: short probes */
        vs_err_t err = rehash(m, m->cap ? 2 * m->cap : 16);
        if (err)
            return err;
    }
    size_t i = slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->n++;
    }
    m->vals[i] = val;
    return VS_OK;
}

void vs_strmap_free(vs_strmap_t *m)
{
    free(m->keys);
    free(m->vals);
    *m = (vs_strmap_t){0};
}
