#include "dc_scn.h"

#include "scn.h"
#include "vs_arena.h"
#include "vs_yaml.h"

vs_err_t dc__load(struct vs_ydoc *doc, const struct vs_ynode *root, struct vs_arena *arena, struct scn *s)
{
    static const char *const keys[] = {"aggregation", "racks_per_aggregation", "servers", NULL};
    const vs_ynode_t *m = vs_ynode_get(root, "datacenter"), *servers;
    if (!m)
        return VS_OK;
    vs_err_t err;
    int64_t agg = 2, per = 2;
    if ((err = vs_yexpect(doc, m, VS_Y_MAP, "a datacenter (aggregation, racks_per_aggregation, servers)")) ||
        (err = vs_ycheck_keys(doc, m, keys)) ||
        (err = vs_yget_int(doc, m, "aggregation", false, 1, 8, &agg)) ||
        (err = vs_yget_int(doc, m, "racks_per_aggregation", false, 1, 8, &per)) ||
        (err = vs_yrequire(doc, m, "servers", &servers)) ||
        (err = vs_yexpect(doc, servers, VS_Y_MAP, "a mapping of physical routers to rack numbers")))
        return err;
    if (agg * per > 8)
        return vs_yerr(doc, m, VS_ERANGE, "at most 8 racks (aggregation x racks_per_aggregation), got %lld",
                       (long long)(agg * per));
    dc_scn_t *d = vs_arena_alloc(arena, sizeof *d);
    int *rack = vs_arena_alloc(arena, (s->n_prouters ? s->n_prouters : 1) * sizeof *rack);
    if (!d || !rack)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n_prouters; i++)
        rack[i] = -1;
    for (size_t i = 0; i < servers->len; i++) {
        const vs_ynode_t *k = servers->keys[i];
        size_t p = scn_prouter_index(s, k->scalar);
        if (p == SIZE_MAX)
            return vs_yerr(doc, k, VS_EINVAL, "datacenter servers: no physical router named '%s'", k->scalar);
        int64_t r;
        if ((err = vs_yget_int(doc, servers, k->scalar, true, 0, agg * per - 1, &r)))
            return err;
        rack[p] = (int)r;
    }
    *d = (dc_scn_t){.n_agg = (int)agg, .racks_per_agg = (int)per, .rack = rack};
    s->datacenter = d;
    return VS_OK;
}
