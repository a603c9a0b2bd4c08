/* hw_pset — a hash map from prefix to a 64-bit value (open addressing, linear probing,
 * backward-shift deletion), used by the sim and netfpga backends to know what each FIB
 * holds. Internal to hwmodel/. */
#ifndef HW_PSET_H
#define HW_PSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw_prefix.h"
#include "vs_error.h"

typedef struct {
    hw_prefix_t key;
    int64_t val;
    bool used;
} hw__pslot_t;

typedef struct {
    hw__pslot_t *slot;
    size_t cap, n;
} hw_pset_t;

void hw_pset_init(hw_pset_t *s);
void hw_pset_free(hw_pset_t *s);
/* Pointer to the value, or NULL. O(1) expected. */
int64_t *hw_pset_find(const hw_pset_t *s, const hw_prefix_t *k);
/* Inserts k (must be absent). */
vs_err_t hw_pset_put(hw_pset_t *s, const hw_prefix_t *k, int64_t val);
bool hw_pset_del(hw_pset_t *s, const hw_prefix_t *k);

#endif
