/* vs_strmap — a map from strings to indices (open addressing, FNV-1a), for readers that look
 * names up as they read: a file of n names costs O(n), where a list searched per name would
 * cost O(n^2). The map does not copy keys: they must outlive it. */
#ifndef VS_STRMAP_H
#define VS_STRMAP_H

#include <stddef.h>

#include "vs_error.h"

typedef struct {
    const char **keys;
    size_t *vals;
    size_t n, cap; /* cap: 0 or a power of two */
} vs_strmap_t;     /* zero-initialised: empty */

/* The value of key, SIZE_MAX when absent. O(1) expected. */
size_t vs_strmap_get(const vs_strmap_t *m, const char *key);
/* map[key] = val, replacing a value there. VS_ENOMEM when it cannot grow. O(1) amortised. */
vs_err_t vs_strmap_put(vs_strmap_t *m, const char *key, size_t val);
/* Frees the table (not the keys); the map is empty again. */
void vs_strmap_free(vs_strmap_t *m);

#endif
