#include "sched_lp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sched_lp_init(sched_lp_t *lp)
{
    memset(lp, 0, sizeof *lp);
}

void sched_lp_free(sched_lp_t *lp)
{
    if (!lp)
        return;
    if (lp->name)
        for (int c = 1; c <= lp->ncols; c++)
            free(lp->name[c]);
    free(lp->name);
    free(lp->kind);
    free(lp->lb);
    free(lp->ub);
    free(lp->obj);
    free(lp->ctag);
    free(lp->sense);
    free(lp->rhs);
    free(lp->rtag);
    free(lp->a);
    sched_lp_init(lp);
}

/* realloc that keeps p (and clears *ok) when it fails, so that a failure part-way through
 * growing several arrays leaves each one valid for sched_lp_free. */
static void *resize(void *p, size_t n, size_t sz, bool *ok)
{
    void *q = realloc(p, n * sz);
    if (!q) {
        *ok = false;
        return p;
    }
    return q;
}

vs_err_t sched_lp_add_col(sched_lp_t *lp, sched_lp_kind_t kind, double lb, double ub, double obj,
                          int *col)
{
    if (lp->ncols + 1 >= lp->cap_cols) {
        size_t n = (size_t)(lp->cap_cols ? lp->cap_cols * 2 : 1024) + 1;
        bool ok = true;
        lp->kind = resize(lp->kind, n, 1, &ok);
        lp->ctag = resize(lp->ctag, n, 1, &ok);
        lp->lb = resize(lp->lb, n, sizeof(double), &ok);
        lp->ub = resize(lp->ub, n, sizeof(double), &ok);
        lp->obj = resize(lp->obj, n, sizeof(double), &ok);
        lp->name = resize(lp->name, n, sizeof(char *), &ok);
        if (!ok)
            return vs_fail(VS_ENOMEM, "out of memory (MILP columns)");
        /* names are set for a few columns only: the rest must read NULL */
        memset(lp->name + lp->ncols + 1, 0, (n - (size_t)lp->ncols - 1) * sizeof(char *));
        lp->cap_cols = (int)n - 1;
    }
    int c = ++lp->ncols;
    lp->kind[c] = (unsigned char)kind;
    lp->ctag[c] = lp->tag;
    lp->lb[c] = lb;
    lp->ub[c] = ub;
    lp->obj[c] = obj;
    *col = c;
    return VS_OK;
}

vs_err_t sched_lp_name_col(sched_lp_t *lp, int col, const char *name)
{
    char *s = strdup(name);
    if (!s)
        return vs_fail(VS_ENOMEM, "out of memory (MILP column names)");
    free(lp->name[col]);
    lp->name[col] = s;
    return VS_OK;
}

vs_err_t sched_lp_add_row(sched_lp_t *lp, sched_lp_sense_t sense, double rhs, int *row)
{
    if (lp->nrows + 1 >= lp->cap_rows) {
        size_t n = (size_t)(lp->cap_rows ? lp->cap_rows * 2 : 1024) + 1;
        bool ok = true;
        lp->sense = resize(lp->sense, n, 1, &ok);
        lp->rtag = resize(lp->rtag, n, 1, &ok);
        lp->rhs = resize(lp->rhs, n, sizeof(double), &ok);
        if (!ok)
            return vs_fail(VS_ENOMEM, "out of memory (MILP rows)");
        lp->cap_rows = (int)n - 1;
    }
    int r = ++lp->nrows;
    lp->sense[r] = (unsigned char)sense;
    lp->rtag[r] = lp->tag;
    lp->rhs[r] = rhs;
    *row = r;
    return VS_OK;
}

vs_err_t sched_lp_add(sched_lp_t *lp, int row, int col, double val)
{
    if (lp->nz == lp->cap_nz) {
        size_t n = lp->cap_nz ? lp->cap_nz * 2 : 4096;
        bool ok = true;
        lp->a = resize(lp->a, n, sizeof *lp->a, &ok);
        if (!ok)
            return vs_fail(VS_ENOMEM, "out of memory (MILP matrix)");
        lp->cap_nz = n;
    }
    lp->a[lp->nz++] = (sched_lp_entry_t){row, col, val};
    return VS_OK;
}

static int cmp_entry(const void *a, const void *b)
{
    const sched_lp_entry_t *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

void sched_lp_finish(sched_lp_t *lp)
{
    if (lp->nz)
        qsort(lp->a, lp->nz, sizeof *lp->a, cmp_entry);
    size_t n = 0;
    for (size_t i = 0; i < lp->nz;) {
        int r = lp->a[i].row, c = lp->a[i].col;
        double s = 0;
        while (i < lp->nz && lp->a[i].row == r && lp->a[i].col == c)
            s += lp->a[i++].val;
        if (s != 0)
            lp->a[n++] = (sched_lp_entry_t){r, c, s};
    }
    lp->nz = n;
}

bool sched_lp_satisfies(const sched_lp_t *lp, const double *x)
{
    double *act = calloc((size_t)lp->nrows + 1, sizeof *act);
    bool good = act != NULL;
    for (size_t i = 0; i < lp->nz && good; i++)
        act[lp->a[i].row] += lp->a[i].val * x[lp->a[i].col];
    for (int r = 1; r <= lp->nrows && good; r++) {
        double tol = 1e-6 * (1 + fabs(lp->rhs[r]));
        good = lp->sense[r] == SCHED_LP_LE   ? act[r] <= lp->rhs[r] + tol
               : lp->sense[r] == SCHED_LP_GE ? act[r] >= lp->rhs[r] - tol
                                             : fabs(act[r] - lp->rhs[r]) <= tol;
    }
    for (int c = 1; c <= lp->ncols && good; c++)
        good = x[c] >= lp->lb[c] - 1e-9 && x[c] <= lp->ub[c] + 1e-9;
    free(act);
    return good;
}

void sched_lp_count(const sched_lp_t *lp, unsigned char tag, int *rows, int *cols)
{
    *rows = *cols = 0;
    for (int r = 1; r <= lp->nrows; r++)
        *rows += lp->rtag[r] == tag;
    for (int c = 1; c <= lp->ncols; c++)
        *cols += lp->ctag[c] == tag;
}
