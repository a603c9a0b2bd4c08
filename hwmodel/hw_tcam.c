/* hw_tcam — see hw_tcam.h for the model. */
#include "hw_tcam.h"

#include <stdlib.h>

struct hw_tcam {
    int width;
    int64_t capacity;
    int64_t entries;
    int64_t total_moves;
    int64_t block[129]; /* entries per prefix length */
};

vs_err_t hw_tcam_create(int width_bits, int64_t capacity, hw_tcam_t **out)
{
    if (width_bits != 32 && width_bits != 128)
        return vs_fail(VS_EINVAL, "TCAM width %d is not 32 or 128 bits", width_bits);
    if (capacity < 0)
        return vs_fail(VS_ERANGE, "TCAM capacity %lld is negative", (long long)capacity);
    hw_tcam_t *t = calloc(1, sizeof *t);
    if (!t)
        return vs_fail(VS_ENOMEM, "out of memory");
    t->width = width_bits;
    t->capacity = capacity;
    *out = t;
    return VS_OK;
}

void hw_tcam_destroy(hw_tcam_t *t)
{
    free(t);
}

static int64_t nonempty_shorter(const hw_tcam_t *t, int len)
{
    int64_t n = 0;
    for (int l = 0; l < len; l++)
        n += t->block[l] > 0;
    return n;
}

vs_err_t hw_tcam_insert(hw_tcam_t *t, int len, int64_t *moves)
{
    if (len < 0 || len > t->width)
        return vs_fail(VS_ERANGE, "prefix length /%d does not fit a %d-bit TCAM", len, t->width);
    if (t->capacity && t->entries >= t->capacity)
        return vs_fail(VS_ERANGE, "TCAM full (%lld entries)", (long long)t->capacity);
    int64_t m = nonempty_shorter(t, len);
    t->block[len]++;
    t->entries++;
    t->total_moves += m;
    if (moves)
        *moves = m;
    return VS_OK;
}

vs_err_t hw_tcam_remove(hw_tcam_t *t, int len, int64_t *moves)
{
    if (len < 0 || len > t->width)
        return vs_fail(VS_ERANGE, "prefix length /%d does not fit a %d-bit TCAM", len, t->width);
    if (t->block[len] == 0)
        return vs_fail(VS_ENOTFOUND, "no /%d entry in the TCAM", len);
    int64_t m = (t->block[len] > 1) + nonempty_shorter(t, len);
    t->block[len]--;
    t->entries--;
    t->total_moves += m;
    if (moves)
        *moves = m;
    return VS_OK;
}

int64_t hw_tcam_entries(const hw_tcam_t *t)
{
    return t->entries;
}

int64_t hw_tcam_block(const hw_tcam_t *t, int len)
{
    return len >= 0 && len <= t->width ? t->block[len] : 0;
}

int64_t hw_tcam_total_moves(const hw_tcam_t *t)
{
    return t->total_moves;
}
