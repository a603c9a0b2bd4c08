/* Max-min fairness with demands by progressive filling. The rising common level is found
 * from a lazy min-heap of links keyed by fair share (remaining capacity / flows still
 * rising); freezing a flow at a rate not above the level can only raise other links'
 * shares, so stale keys are low and a popped link is re-keyed before it is trusted. */
#include "fluid.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct fluid {
    size_t n_links;
    double *cap, *rem, *load;
    uint32_t *cnt;
    /* flows: paths in one pool; flow slot k's links are path[off[k] .. off[k] + len[k]),
     * with room[k] places there (a longer replacement moves to the pool's end) */
    size_t n_flows, cap_flows;
    size_t *off;
    uint32_t *len, *room;
    uint32_t *path;
    size_t n_path, cap_path;
    size_t n_inc;             /* sum of len: (flow, link) incidences */
    double *demand, *rate;
    uint8_t *frozen;
    /* link -> flows (CSR), rebuilt when flows were added. Flows re-pathed since (moved) are
     * skipped there and found through a second index of theirs alone (moff, mflows),
     * rebuilt at each solve; the first is rebuilt when they hold an eighth of the links. */
    size_t *loff;
    uint32_t *lflows;
    bool stale_index;
    uint8_t *moved;
    uint32_t *moved_list;
    size_t n_moved;
    size_t *moff;
    uint32_t *mflows;
    /* External flow number -> internal slot, and back. The first solve renumbers the
     * slots in demand order, so later solves (demands that change by a common factor, as a
     * traffic matrix's do over a day) walk paths sequentially instead of at random. */
    uint32_t *pos, *ext;
    bool renumbered;
    /* sort buffers, kept between solves (no page faults per solve) */
    uint64_t *skey, *skey2;
    uint32_t *stmp;
    size_t *scnt, scap;
    /* work */
    uint32_t *order;
    struct hent { double key; uint32_t link; } *heap;
    size_t n_heap;
};

vs_err_t fluid_create(size_t n_links, const double *capacity_bps, fluid_t **out)
{
    *out = NULL;
    fluid_t *f = calloc(1, sizeof *f);
    if (!f)
        return vs_fail(VS_ENOMEM, "out of memory");
    size_t n = n_links ? n_links : 1;
    f->n_links = n_links;
    f->cap = malloc(n * sizeof *f->cap);
    f->rem = malloc(n * sizeof *f->rem);
    f->load = calloc(n, sizeof *f->load);
    f->cnt = malloc(n * sizeof *f->cnt);
    f->heap = malloc(n * 4 * sizeof *f->heap + 16 * sizeof *f->heap);
    if (!f->cap || !f->rem || !f->load || !f->cnt || !f->heap) {
        fluid_destroy(f);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n_links; i++) {
        if (!(capacity_bps[i] > 0)) {
            fluid_destroy(f);
            return vs_fail(VS_EINVAL, "fluid: link %zu has capacity %g bit/s; expected > 0", i, capacity_bps[i]);
        }
        f->cap[i] = capacity_bps[i];
    }
    f->stale_index = true;
    *out = f;
    return VS_OK;
}

void fluid_destroy(fluid_t *f)
{
    if (!f)
        return;
    free(f->cap);
    free(f->rem);
    free(f->load);
    free(f->cnt);
    free(f->off);
    free(f->len);
    free(f->room);
    free(f->path);
    free(f->demand);
    free(f->rate);
    free(f->frozen);
    free(f->loff);
    free(f->lflows);
    free(f->moved);
    free(f->moved_list);
    free(f->moff);
    free(f->mflows);
    free(f->order);
    free(f->pos);
    free(f->ext);
    free(f->skey);
    free(f->skey2);
    free(f->stmp);
    free(f->scnt);
    free(f->heap);
    free(f);
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

static vs_err_t check_links(const fluid_t *f, size_t flow, const uint32_t *links, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (links[i] >= f->n_links)
            return vs_fail(VS_EINVAL, "fluid: flow %zu uses link %u of %zu", flow, links[i], f->n_links);
    if (n > UINT32_MAX)
        return vs_fail(VS_EINVAL, "fluid: flow %zu has %zu links", flow, n);
    return VS_OK;
}

vs_err_t fluid_add_flow(fluid_t *f, const uint32_t *links, size_t n, double demand_bps)
{
    vs_err_t err = check_links(f, f->n_flows, links, n);
    if (err)
        return err;
    size_t cf = f->cap_flows;
    if (f->n_flows + 1 > cf) {
        size_t c = cf ? cf * 2 : 64;
        size_t *off = realloc(f->off, c * sizeof *off);
        if (off)
            f->off = off;
        uint32_t *len = realloc(f->len, c * sizeof *len), *room = NULL;
        if (len)
            f->len = len;
        if (len && (room = realloc(f->room, c * sizeof *room)))
            f->room = room;
        double *d = realloc(f->demand, c * sizeof *d);
        if (d)
            f->demand = d;
        double *r = realloc(f->rate, c * sizeof *r);
        if (r)
            f->rate = r;
        uint8_t *fr = realloc(f->frozen, c);
        if (fr)
            f->frozen = fr;
        uint32_t *o = realloc(f->order, c * sizeof *o);
        if (o)
            f->order = o;
        uint32_t *ps = realloc(f->pos, c * sizeof *ps);
        if (ps)
            f->pos = ps;
        uint32_t *ex = realloc(f->ext, c * sizeof *ex);
        if (ex)
            f->ext = ex;
        if (!off || !len || !room || !d || !r || !fr || !o || !ps || !ex)
            return vs_fail(VS_ENOMEM, "out of memory");
        f->cap_flows = c;
    }
    if (!grow((void **)&f->path, &f->cap_path, f->n_path + n, sizeof *f->path))
        return vs_fail(VS_ENOMEM, "out of memory");
    memcpy(f->path + f->n_path, links, n * sizeof *links);
    f->off[f->n_flows] = f->n_path;
    f->len[f->n_flows] = f->room[f->n_flows] = (uint32_t)n;
    f->n_path += n;
    f->n_inc += n;
    f->demand[f->n_flows] = demand_bps > 0 ? demand_bps : 0;
    f->rate[f->n_flows] = 0;
    f->pos[f->n_flows] = f->ext[f->n_flows] = (uint32_t)f->n_flows;
    f->n_flows++;
    f->stale_index = true;
    return VS_OK;
}

/* Lays every slot's path out again in slot order, without the room replaced paths left. */
static vs_err_t compact(fluid_t *f)
{
    uint32_t *path = malloc((f->n_inc ? f->n_inc : 1) * sizeof *path);
    if (!path)
        return vs_fail(VS_ENOMEM, "out of memory");
    size_t at = 0;
    for (size_t k = 0; k < f->n_flows; k++) {
        memcpy(path + at, f->path + f->off[k], f->len[k] * sizeof *path);
        f->off[k] = at;
        f->room[k] = f->len[k];
        at += f->len[k];
    }
    free(f->path);
    f->path = path;
    f->n_path = f->cap_path = at;
    return VS_OK;
}

vs_err_t fluid_set_path(fluid_t *f, size_t flow, const uint32_t *links, size_t n)
{
    vs_err_t err = check_links(f, flow, links, n);
    if (err)
        return err;
    size_t k = f->pos[flow];
    if (n > f->room[k]) { /* at the pool's end */
        if (f->n_path + n > 2 * f->n_inc + 4096 && (err = compact(f)))
            return err;
        if (!grow((void **)&f->path, &f->cap_path, f->n_path + n, sizeof *f->path))
            return vs_fail(VS_ENOMEM, "out of memory");
        f->off[k] = f->n_path;
        f->room[k] = (uint32_t)n;
        f->n_path += n;
    }
    memcpy(f->path + f->off[k], links, n * sizeof *links);
    f->n_inc = f->n_inc - f->len[k] + n;
    f->len[k] = (uint32_t)n;
    if (!f->stale_index && !f->moved[k]) {
        f->moved[k] = 1;
        f->moved_list[f->n_moved++] = (uint32_t)k;
    }
    return VS_OK;
}

const uint32_t *fluid_path(const fluid_t *f, size_t flow, size_t *n)
{
    size_t k = f->pos[flow];
    *n = f->len[k];
    return f->path + f->off[k];
}

void fluid_set_demand(fluid_t *f, size_t flow, double demand_bps)
{
    f->demand[f->pos[flow]] = demand_bps > 0 ? demand_bps : 0;
}

size_t fluid_flow_count(const fluid_t *f)
{
    return f->n_flows;
}

static vs_err_t build_index(fluid_t *f)
{
    free(f->loff);
    free(f->lflows);
    f->loff = calloc(f->n_links + 1, sizeof *f->loff);
    f->lflows = malloc((f->n_inc ? f->n_inc : 1) * sizeof *f->lflows);
    if (!f->loff || !f->lflows)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t k = 0; k < f->n_flows; k++)
        for (size_t i = f->off[k]; i < f->off[k] + f->len[k]; i++)
            f->loff[f->path[i] + 1]++;
    for (size_t l = 0; l < f->n_links; l++)
        f->loff[l + 1] += f->loff[l];
    size_t *fill = malloc((f->n_links ? f->n_links : 1) * sizeof *fill);
    if (!fill)
        return vs_fail(VS_ENOMEM, "out of memory");
    memcpy(fill, f->loff, f->n_links * sizeof *fill);
    for (size_t k = 0; k < f->n_flows; k++)
        for (size_t i = f->off[k]; i < f->off[k] + f->len[k]; i++)
            f->lflows[fill[f->path[i]]++] = (uint32_t)k;
    free(fill);
    free(f->moved);
    free(f->moved_list);
    f->moved = calloc(f->n_flows + 1, 1);
    f->moved_list = malloc((f->n_flows + 1) * sizeof *f->moved_list);
    f->n_moved = 0;
    if (!f->moved || !f->moved_list)
        return vs_fail(VS_ENOMEM, "out of memory");
    f->stale_index = false;
    return VS_OK;
}

/* The index of the moved flows' links; and every link's flows counted from the paths. */
static vs_err_t index_moved(fluid_t *f)
{
    size_t inc = 0;
    for (size_t i = 0; i < f->n_moved; i++)
        inc += f->len[f->moved_list[i]];
    free(f->moff);
    free(f->mflows);
    f->moff = calloc(f->n_links + 1, sizeof *f->moff);
    f->mflows = malloc((inc + 1) * sizeof *f->mflows);
    if (!f->moff || !f->mflows)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < f->n_moved; i++) {
        uint32_t k = f->moved_list[i];
        for (size_t j = f->off[k]; j < f->off[k] + f->len[k]; j++)
            f->moff[f->path[j] + 1]++;
    }
    for (size_t l = 0; l < f->n_links; l++)
        f->moff[l + 1] += f->moff[l];
    for (size_t i = 0; i < f->n_moved; i++) { /* moff[l] runs ahead while filling ... */
        uint32_t k = f->moved_list[i];
        for (size_t j = f->off[k]; j < f->off[k] + f->len[k]; j++)
            f->mflows[f->moff[f->path[j]]++] = k;
    }
    for (size_t l = f->n_links; l > 0; l--) /* ... and is put back */
        f->moff[l] = f->moff[l - 1];
    f->moff[0] = 0;
    memset(f->cnt, 0, f->n_links * sizeof *f->cnt);
    for (size_t k = 0; k < f->n_flows; k++)
        for (size_t j = f->off[k]; j < f->off[k] + f->len[k]; j++)
            f->cnt[f->path[j]]++;
    return VS_OK;
}

/* The links' indexes are current: the moved flows' own, or all rebuilt when they are many. */
static vs_err_t refresh_index(fluid_t *f)
{
    size_t inc = 0;
    for (size_t i = 0; i < f->n_moved && !f->stale_index; i++)
        inc += f->len[f->moved_list[i]];
    vs_err_t err;
    if ((f->stale_index || inc > f->n_inc / 8) && (err = build_index(f)))
        return err;
    if (f->n_moved)
        return index_moved(f);
    for (size_t l = 0; l < f->n_links; l++)
        f->cnt[l] = (uint32_t)(f->loff[l + 1] - f->loff[l]);
    return VS_OK;
}

/* Binary min-heap on (key, link). */
static void heap_push(fluid_t *f, double key, uint32_t link)
{
    size_t i = f->n_heap++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (f->heap[p].key < key || (f->heap[p].key == key && f->heap[p].link < link))
            break;
        f->heap[i] = f->heap[p];
        i = p;
    }
    f->heap[i] = (struct hent){key, link};
}

static void heap_pop(fluid_t *f)
{
    struct hent last = f->heap[--f->n_heap];
    size_t i = 0, n = f->n_heap;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && (f->heap[c + 1].key < f->heap[c].key ||
                          (f->heap[c + 1].key == f->heap[c].key && f->heap[c + 1].link < f->heap[c].link)))
            c++;
        if (last.key < f->heap[c].key || (last.key == f->heap[c].key && last.link < f->heap[c].link))
            break;
        f->heap[i] = f->heap[c];
        i = c;
    }
    if (n)
        f->heap[i] = last;
}

/* Sorts order[0..n) by (demand, index): LSD radix sort on the bits of the demands (positive
 * doubles order like their bit patterns); stable, so equal demands keep index order. O(n)
 * per pass, no comparisons. Digits of 16 bits (4 passes) for large sets; below 65,536 flows
 * 8 bits (8 passes), where clearing a 512 KB count table per pass would cost more than the
 * sort (a run's flow events re-solve a few thousand flows each). The order is the same. */
static vs_err_t sort_by_demand(fluid_t *f, size_t n)
{
    if (n > f->scap || !f->scnt) {
        size_t c = n ? n : 1;
        free(f->skey);
        free(f->skey2);
        free(f->stmp);
        free(f->scnt);
        f->skey = malloc(c * sizeof *f->skey);
        f->skey2 = malloc(c * sizeof *f->skey2);
        f->stmp = malloc(c * sizeof *f->stmp);
        f->scnt = malloc(65537 * sizeof *f->scnt);
        f->scap = c;
        if (!f->skey || !f->skey2 || !f->stmp || !f->scnt) {
            f->scap = 0;
            return vs_fail(VS_ENOMEM, "out of memory");
        }
    }
    uint64_t *key = f->skey, *key2 = f->skey2;
    uint32_t *tmp = f->stmp;
    size_t *cnt = f->scnt;
    for (size_t i = 0; i < n; i++)
        memcpy(&key[i], &f->demand[f->order[i]], sizeof key[i]);
    uint32_t *src = f->order, *dst = tmp;
    uint64_t *ks = key, *kd = key2;
    int bits = n >= 65536 ? 16 : 8;
    size_t radix = (size_t)1 << bits, mask = radix - 1;
    for (int shift = 0; shift < 64; shift += bits) {
        memset(cnt, 0, (radix + 1) * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[((ks[i] >> shift) & mask) + 1]++;
        if (cnt[1] == n && shift > 0) /* every key has this digit 0: nothing to move */
            continue;
        for (size_t d = 0; d < radix; d++)
            cnt[d + 1] += cnt[d];
        for (size_t i = 0; i < n; i++) {
            size_t at = cnt[(ks[i] >> shift) & mask]++;
            dst[at] = src[i];
            kd[at] = ks[i];
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
        uint64_t *u = ks;
        ks = kd;
        kd = u;
    }
    if (src != f->order)
        memcpy(f->order, src, n * sizeof *src);
    return VS_OK;
}

static void freeze(fluid_t *f, uint32_t k, double r)
{
    f->frozen[k] = 1;
    f->rate[k] = r;
    for (size_t i = f->off[k]; i < f->off[k] + f->len[k]; i++) {
        uint32_t l = f->path[i];
        f->rem[l] -= r;
        if (f->rem[l] < 0)
            f->rem[l] = 0;
        f->cnt[l]--;
    }
}

/* Moves slot order[i] to slot i for i < n, the other slots after them in their order. */
static vs_err_t renumber(fluid_t *f, size_t n)
{
    size_t nf = f->n_flows;
    uint32_t *perm = malloc((nf ? nf : 1) * sizeof *perm); /* new slot -> old slot */
    uint8_t *seen = calloc(nf ? nf : 1, 1);
    size_t *off = malloc((nf + 1) * sizeof *off);
    uint32_t *len = malloc((nf ? nf : 1) * sizeof *len);
    uint32_t *path = malloc((f->n_inc ? f->n_inc : 1) * sizeof *path);
    double *dem = malloc((nf ? nf : 1) * sizeof *dem), *rate = malloc((nf ? nf : 1) * sizeof *rate);
    uint8_t *fr = malloc(nf ? nf : 1);
    uint32_t *ext = malloc((nf ? nf : 1) * sizeof *ext);
    vs_err_t err = VS_OK;
    if (!perm || !seen || !off || !len || !path || !dem || !rate || !fr || !ext) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        perm[m++] = f->order[i];
        seen[f->order[i]] = 1;
    }
    for (size_t k = 0; k < nf; k++)
        if (!seen[k])
            perm[m++] = (uint32_t)k;
    off[0] = 0;
    for (size_t i = 0; i < nf; i++) {
        uint32_t k = perm[i];
        len[i] = f->len[k];
        memcpy(path + off[i], f->path + f->off[k], len[i] * sizeof *path);
        off[i + 1] = off[i] + len[i];
        dem[i] = f->demand[k];
        rate[i] = f->rate[k];
        fr[i] = f->frozen[k];
        ext[i] = f->ext[k];
        f->pos[ext[i]] = (uint32_t)i;
    }
    for (size_t i = 0; i < n; i++)
        f->order[i] = (uint32_t)i;
    memcpy(f->off, off, nf * sizeof *off);
    memcpy(f->len, len, nf * sizeof *len);
    memcpy(f->room, len, nf * sizeof *len);
    memcpy(f->path, path, f->n_inc * sizeof *path);
    f->n_path = f->n_inc;
    memcpy(f->demand, dem, nf * sizeof *dem);
    memcpy(f->rate, rate, nf * sizeof *rate);
    memcpy(f->frozen, fr, nf);
    memcpy(f->ext, ext, nf * sizeof *ext);
    f->renumbered = true;
    err = build_index(f);
out:
    free(perm);
    free(seen);
    free(off);
    free(len);
    free(path);
    free(dem);
    free(rate);
    free(fr);
    free(ext);
    return err;
}

vs_err_t fluid_solve(fluid_t *f)
{
    vs_err_t err;
    if ((err = refresh_index(f)))
        return err;
    size_t na = 0;
    for (size_t l = 0; l < f->n_links; l++)
        f->rem[l] = f->cap[l];
    for (size_t k = 0; k < f->n_flows; k++) {
        f->rate[k] = 0;
        if (f->demand[k] > 0 && f->len[k] == 0) { /* no links: gets its demand */
            f->rate[k] = f->demand[k];
            f->frozen[k] = 1;
            continue;
        }
        f->frozen[k] = f->demand[k] <= 0;
        if (f->frozen[k]) { /* inactive: not counted on its links */
            for (size_t i = f->off[k]; i < f->off[k] + f->len[k]; i++)
                f->cnt[f->path[i]]--;
            continue;
        }
        f->order[na++] = (uint32_t)k;
    }
    if (!f->renumbered && na > 4096) {
        if ((err = sort_by_demand(f, na)) || (err = renumber(f, na)))
            return err;
    }
    /* Bulk phase: every flow whose demand is below the lowest fair share of any link would be
     * frozen at its demand before any link fills, in whatever order; so freeze them in one
     * sequential sweep (cache-friendly), and repeat while sweeps freeze a good part of what
     * is left. The sorted phase below finishes the rest. */
    for (;;) {
        double level = INFINITY;
        for (size_t l = 0; l < f->n_links; l++)
            if (f->cnt[l] > 0 && f->rem[l] / f->cnt[l] < level)
                level = f->rem[l] / f->cnt[l];
        size_t kept = 0, before = na;
        for (size_t i = 0; i < na; i++) {
            uint32_t k = f->order[i];
            if (f->demand[k] <= level)
                freeze(f, k, f->demand[k]);
            else
                f->order[kept++] = k;
        }
        na = kept;
        if (na == 0 || (double)(before - na) < 0.1 * (double)before)
            break;
    }
    if ((err = sort_by_demand(f, na)))
        return err;
    /* The heap holds each link at most once plus stale re-pushes; size it generously. */
    f->n_heap = 0;
    for (size_t l = 0; l < f->n_links; l++)
        if (f->cnt[l] > 0)
            heap_push(f, f->rem[l] / f->cnt[l], (uint32_t)l);
    size_t pos = 0;
    for (;;) {
        /* The valid minimum fair share. */
        double level = INFINITY;
        uint32_t link = UINT32_MAX;
        while (f->n_heap > 0) {
            struct hent h = f->heap[0];
            if (f->cnt[h.link] == 0) {
                heap_pop(f);
                continue;
            }
            double key = f->rem[h.link] / f->cnt[h.link];
            if (key > h.key * (1 + 1e-12) + 1e-9) {
                heap_pop(f);
                heap_push(f, key, h.link);
                continue;
            }
            level = key;
            link = h.link;
            break;
        }
        while (pos < na && f->frozen[f->order[pos]])
            pos++;
        if (pos < na && f->demand[f->order[pos]] <= level) {
            uint32_t k = f->order[pos++];
            freeze(f, k, f->demand[k]);
            continue;
        }
        if (link == UINT32_MAX)
            break;
        heap_pop(f);
        for (size_t i = f->loff[link]; i < f->loff[link + 1]; i++) {
            uint32_t k = f->lflows[i];
            if (!f->frozen[k] && !f->moved[k])
                freeze(f, k, level);
        }
        for (size_t i = f->n_moved ? f->moff[link] : 0; f->n_moved && i < f->moff[link + 1]; i++) {
            uint32_t k = f->mflows[i];
            if (!f->frozen[k])
                freeze(f, k, level);
        }
    }
    for (size_t l = 0; l < f->n_links; l++)
        f->load[l] = f->cap[l] - f->rem[l];
    return VS_OK;
}

double fluid_rate(const fluid_t *f, size_t flow)
{
    return f->rate[f->pos[flow]];
}

double fluid_link_load(const fluid_t *f, size_t l)
{
    return f->load[l];
}

size_t fluid_saturated_links(const fluid_t *f)
{
    size_t n = 0;
    for (size_t l = 0; l < f->n_links; l++)
        if (f->rem[l] <= 1e-9 * f->cap[l])
            n++;
    return n;
}
