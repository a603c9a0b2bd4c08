#include "scenario.h"

#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dc_scn.h"
#include "hw_profile.h"
#include "of_scn.h"
#include "scenario_flows.h"
#include "scenario_internal.h"
#include "vs_arena.h"
#include "vs_strmap.h"
#include "vs_units.h"
#include "vs_yaml.h"

/* Defaults, named next to what they fill. */
#define DEFAULT_RUNS 1
#define DEFAULT_UNTIL SIM_S(120)
#define DEFAULT_HOST_PROFILE SCN_DEFAULT_HOST_PROFILE
#define DEFAULT_FIB_PROFILE SCN_DEFAULT_FIB_PROFILE
/* VRs a physical router can hold when the file does not say: an assumption (no seed gives a
 * figure; seed 001's NetFPGA router held one, Sec. 5.1.1, its software router several). */
#define DEFAULT_VR_SLOTS 16
/* OSPF: Cisco's defaults, hello 10 s, dead 4 x hello, LSA retransmit 5 s (seed 001, Sec. 6.4). */
#define DEFAULT_HELLO SIM_S(10)
#define DEFAULT_DEAD_FACTOR 4
#define DEFAULT_RXMT SIM_S(5)
/* BGP: keepalive 60 s, hold 180 s, the defaults of Quagga's bgpd, the routing suite the
 * seed's prototypes ran (seed 001, Sec. 5); RFC 4271 Sec. 10 suggests 30 s and 90 s. */
#define DEFAULT_KEEPALIVE SIM_S(60)
#define DEFAULT_HOLD SIM_S(180)
/* Pre-copy stop conditions in the spirit of Xen's (Clark et al., NSDI 2005, the paper seed
 * 001 cites as [12]): at most 30 rounds, stop under 256 KB left, or when a round shrinks the
 * dirty set by less than 10%. */
#define DEFAULT_MAX_ROUNDS 30
#define DEFAULT_STOP_BYTES INT64_C(256000)
#define DEFAULT_MIN_PROGRESS 0.1

typedef struct {
    vs_ydoc_t *doc;
    vs_arena_t *arena;
    scn_t *scn;
    /* The arrays being built, writable (scn_t shows them as const to everyone else). */
    scn_prouter_t *prouters;
    scn_link_t *links;
    scn_vrouter_t *vrouters;
    scn_vlink_t *vlinks;
    /* Router names -> indices, so that a file of n routers loads in O(n), not O(n^2) (a
     * million VRs, docs/limits.md); keys are the names in the document or the arena. */
    vs_strmap_t pr_idx, vr_idx;
} loader_t;

static size_t lookup(const loader_t *l, const char *name, bool vr)
{
    return vs_strmap_get(vr ? &l->vr_idx : &l->pr_idx, name);
}

static vs_err_t remember(loader_t *l, const char *name, size_t idx, bool vr)
{
    return vs_strmap_put(vr ? &l->vr_idx : &l->pr_idx, name, idx);
}

static void *alloc_array(loader_t *l, size_t n, size_t size)
{
    return vs_arena_alloc(l->arena, (n ? n : 1) * size);
}

static vs_err_t oom(void)
{
    return vs_fail(VS_ENOMEM, "out of memory");
}

/* A copy of the n_old items of old (those from a topology) with room for n_new more; NULL
 * when out of memory. */
static void *grow(loader_t *l, const void *old, size_t n_old, size_t n_new, size_t size)
{
    void *p = alloc_array(l, n_old + n_new, size);
    if (p && n_old)
        memcpy(p, old, n_old * size);
    return p;
}

static vs_err_t expect_list(loader_t *l, const vs_ynode_t *root, const char *key, bool required,
                            const vs_ynode_t **out)
{
    *out = vs_ynode_get(root, key);
    if (!*out)
        return required ? vs_yerr(l->doc, root, VS_EINVAL, "missing required key '%s'", key) : VS_OK;
    char what[64];
    snprintf(what, sizeof what, "a list of %s", key);
    return vs_yexpect(l->doc, *out, VS_Y_SEQ, what);
}

/* A name that must refer to something already declared. */
static vs_err_t ref_index(loader_t *l, const vs_ynode_t *map, const char *key, bool vr,
                          size_t *out)
{
    const char *name;
    const vs_ynode_t *n;
    vs_err_t err = vs_yrequire(l->doc, map, key, &n);
    if (err || (err = vs_yget_str(l->doc, map, key, true, &name)))
        return err;
    *out = lookup(l, name, vr);
    if (*out == SIZE_MAX)
        return vs_yerr(l->doc, n, VS_EINVAL, "%s: no %s named '%s'", key,
                       vr ? "virtual router" : "physical router", name);
    return VS_OK;
}

/* name, a new router's, is not taken; it is remembered as idx's. */
static vs_err_t check_unique(loader_t *l, const vs_ynode_t *node, const char *name, size_t idx,
                             bool vr)
{
    if (lookup(l, name, vr) != SIZE_MAX)
        return vs_yerr(l->doc, node, VS_EINVAL, "%s '%s' is declared twice",
                       vr ? "virtual router" : "physical router", name);
    return remember(l, name, idx, vr);
}

/* Resolves a path written in the scenario against the scenario file's directory. */
void scn__resolve_path(const scn_t *s, const char *file, char *out, size_t len)
{
    const char *slash = strrchr(s->path, '/');
    if (file[0] == '/' || !slash)
        snprintf(out, len, "%s", file);
    else
        snprintf(out, len, "%.*s/%s", (int)(slash - s->path), s->path, file);
}

/* *p, a path written in the scenario, resolved against the scenario's folder (every path in
 * a file follows this one rule) and kept in the arena. */
static vs_err_t keep_path(loader_t *l, const char **p)
{
    char path[4096];
    scn__resolve_path(l->scn, *p, path, sizeof path);
    return (*p = vs_arena_strdup(l->arena, path)) ? VS_OK : oom();
}

/* Where node was written; no place for a node an edit made. */
static scn_pos_t pos_of(const vs_ynode_t *node)
{
    return node && !node->origin ? (scn_pos_t){node->line, node->col} : (scn_pos_t){0, 0};
}

/* mtbf and mttr of a router or link (random failures, docs/scenario.md): both or neither,
 * each a duration written with its unit. */
static vs_err_t load_reliability(loader_t *l, const vs_ynode_t *m, sim_time_t *mtbf,
                                 sim_time_t *mttr)
{
    static const char *const names[2] = {"mtbf", "mttr"};
    sim_time_t *out[2] = {mtbf, mttr};
    for (int i = 0; i < 2; i++) {
        const vs_ynode_t *n = vs_ynode_get(m, names[i]);
        if (!n)
            continue;
        size_t len = n->kind == VS_Y_SCALAR ? strlen(n->scalar) : 1;
        if (n->kind == VS_Y_SCALAR && (len == 0 || !isalpha((unsigned char)n->scalar[len - 1])))
            return vs_yerr(l->doc, n, VS_EINVAL, "%s: '%s' has no unit (expected a duration such "
                                                 "as 2000h or 30min)", names[i], n->scalar);
        vs_err_t err = vs_yget_duration(l->doc, m, names[i], false, SIM_MS(1),
                                        SIM_S(1000000000), out[i]);
        if (err)
            return err;
    }
    if ((*mtbf > 0) != (*mttr > 0))
        return vs_yerr(l->doc, vs_ynode_get(m, *mtbf > 0 ? "mtbf" : "mttr"), VS_EINVAL,
                       "mtbf and mttr go together (random failures need both)");
    return VS_OK;
}

static vs_err_t load_prouters(loader_t *l, const vs_ynode_t *list)
{
    static const char *const keys[] = {"name", "pop", "host", "data_plane", "memory", "vr_slots",
                                       "emulate", "netns", "prefixes", "mtbf", "mttr", NULL};
    static const char *const emulators[] = {"none", "kernel", "netfpga", NULL};
    scn_t *s = l->scn;
    vs_err_t err;
    size_t base = s->n_prouters;
    if (!(s->prouters = l->prouters = grow(l, s->prouters, base, list->len, sizeof *l->prouters)))
        return oom();
    for (size_t i = 0; i < list->len; i++) {
        const vs_ynode_t *m = list->vals[i];
        scn_prouter_t *p = &l->prouters[base + i];
        if ((err = vs_ycheck_keys(l->doc, m, keys)) || (err = vs_yget_str(l->doc, m, "name", true, &p->name)))
            return err;
        if ((err = check_unique(l, m, p->name, base + i, false)))
            return err;
        p->pop = p->name;
        p->host_profile = DEFAULT_HOST_PROFILE;
        p->fib_profile = DEFAULT_FIB_PROFILE;
        int64_t slots = DEFAULT_VR_SLOTS;
        if ((err = vs_yget_str(l->doc, m, "pop", false, &p->pop)) ||
            (err = vs_yget_str(l->doc, m, "host", false, &p->host_profile)) ||
            (err = vs_yget_str(l->doc, m, "data_plane", false, &p->fib_profile)) ||
            (err = vs_yget_size(l->doc, m, "memory", false, &p->memory_bytes)) ||
            (err = vs_yget_int(l->doc, m, "vr_slots", false, 1, 4096, &slots)) ||
            (err = vs_yget_enum(l->doc, m, "emulate", false, emulators, &p->emulate)) ||
            (err = vs_yget_str(l->doc, m, "netns", false, &p->netns)) ||
            (err = vs_yget_str(l->doc, m, "prefixes", false, &p->prefixes)) ||
            (err = load_reliability(l, m, &p->mtbf, &p->mttr)))
            return err;
        const vs_ynode_t *hn = vs_ynode_get(m, "host"), *dn = vs_ynode_get(m, "data_plane");
        p->at_host = pos_of(hn ? hn : m);
        p->at_fib = pos_of(dn ? dn : m);
        if (p->netns && p->emulate != SCN_EMU_KERNEL)
            return vs_yerr(l->doc, vs_ynode_get(m, "netns"), VS_EINVAL,
                           "netns applies to 'emulate: kernel' only");
        if (p->prefixes && p->emulate == SCN_EMU_NONE)
            return vs_yerr(l->doc, vs_ynode_get(m, "prefixes"), VS_EINVAL,
                           "prefixes applies to emulated routers only (emulate: kernel or netfpga)");
        if ((p->prefixes && (err = keep_path(l, &p->prefixes))) ||
            (hw_profile_is_path(p->host_profile) && (err = keep_path(l, &p->host_profile))) ||
            (hw_profile_is_path(p->fib_profile) && (err = keep_path(l, &p->fib_profile))))
            return err;
        p->vr_slots = (int)slots;
        s->n_prouters = base + i + 1;
    }
    return VS_OK;
}

static vs_err_t load_links(loader_t *l, const vs_ynode_t *list)
{
    static const char *const keys[] = {"a", "b", "bandwidth", "delay", "migration_bandwidth", "load",
                                       "mtbf", "mttr", NULL};
    scn_t *s = l->scn;
    vs_err_t err;
    size_t base = s->n_links;
    if (!(s->links = l->links = grow(l, s->links, base, list->len, sizeof *l->links)))
        return oom();
    for (size_t i = 0; i < list->len; i++) {
        const vs_ynode_t *m = list->vals[i];
        scn_link_t *k = &l->links[base + i];
        k->line = m->line;
        if ((err = vs_ycheck_keys(l->doc, m, keys)) || (err = ref_index(l, m, "a", false, &k->a)) ||
            (err = ref_index(l, m, "b", false, &k->b)) ||
            (err = vs_yget_rate(l->doc, m, "bandwidth", true, 1.0, &k->bandwidth_bps)) ||
            (err = vs_yget_duration(l->doc, m, "delay", true, 0, SIM_S(10), &k->delay)) ||
            (err = vs_yget_rate(l->doc, m, "migration_bandwidth", false, 0, &k->migration_bps)) ||
            (err = vs_yget_rate(l->doc, m, "load", false, 0, &k->load_bps)) ||
            (err = load_reliability(l, m, &k->mtbf, &k->mttr)))
            return err;
        if (k->a == k->b)
            return vs_yerr(l->doc, m, VS_EINVAL, "a link must join two different routers ('%s' twice)",
                           s->prouters[k->a].name);
        if (k->migration_bps > k->bandwidth_bps)
            return vs_yerr(l->doc, vs_ynode_get(m, "migration_bandwidth"), VS_ERANGE,
                           "migration_bandwidth exceeds the link's bandwidth");
        if (k->load_bps + k->migration_bps > k->bandwidth_bps)
            return vs_yerr(l->doc, vs_ynode_get(m, "load"), VS_ERANGE,
                           "load plus migration_bandwidth exceeds the link's bandwidth");
        s->n_links = base + i + 1;
    }
    return VS_OK;
}

static vs_err_t load_ospf(loader_t *l, const vs_ynode_t *m, scn_vrouter_t *v)
{
    static const char *const keys[] = {"routes", "hello", "dead", "retransmit", NULL};
    vs_err_t err;
    v->ospf = true;
    v->hello = DEFAULT_HELLO;
    v->rxmt = DEFAULT_RXMT;
    v->dead = 0;
    if ((err = vs_ycheck_keys(l->doc, m, keys)) ||
        (err = vs_yget_int(l->doc, m, "routes", false, 0, 100000000, &v->ospf_routes)) ||
        (err = vs_yget_duration(l->doc, m, "hello", false, SIM_MS(1), SIM_S(65535), &v->hello)) ||
        (err = vs_yget_duration(l->doc, m, "dead", false, SIM_MS(1), SIM_S(65535), &v->dead)) ||
        (err = vs_yget_duration(l->doc, m, "retransmit", false, SIM_MS(1), SIM_S(3600), &v->rxmt)))
        return err;
    if (v->dead == 0)
        v->dead = DEFAULT_DEAD_FACTOR * v->hello;
    else if (v->dead <= v->hello)
        return vs_yerr(l->doc, vs_ynode_get(m, "dead"), VS_ERANGE,
                       "dead interval must be larger than the hello interval");
    return VS_OK;
}

static scn_updates_reader_fn updates_reader;

void scn_set_updates_reader(scn_updates_reader_fn fn)
{
    updates_reader = fn;
}

/* bgp.updates: the stream, read through the registered reader into the arena. */
static vs_err_t load_bgp_updates(loader_t *l, const vs_ynode_t *m, scn_vrouter_t *v)
{
    const vs_ynode_t *node = vs_ynode_get(m, "updates");
    sim_time_t skip = 0;
    vs_err_t err;
    if ((err = vs_yget_str(l->doc, m, "updates", false, &v->bgp_updates_path)) ||
        (err = vs_yget_duration(l->doc, m, "updates_from", false, 0, SIM_S(86400 * 365), &skip)))
        return err;
    if (!v->bgp_updates_path)
        return VS_OK;
    if (!updates_reader)
        return vs_yerr(l->doc, node, VS_EDEPEND, "this program cannot read BGP update streams");
    char path[4096];
    scn__resolve_path(l->scn, v->bgp_updates_path, path, sizeof path);
    scn_bgp_update_t *u = NULL;
    size_t n = 0;
    if ((err = updates_reader(path, skip, &u, &n))) {
        char msg[768];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_yerr(l->doc, node, err, "updates: %s%s", msg,
                       err != VS_ENOTFOUND ? ""
                       : ". This scenario replays a recorded BGP update stream (an MRT file, as "
                         "RIPE RIS publishes them), which vroomsim does not ship: put the file "
                         "there, or change the path (it is relative to the scenario's folder)");
    }
    scn_bgp_update_t *kept = n ? alloc_array(l, n, sizeof *u) : NULL;
    if (n && !kept) {
        free(u);
        return oom();
    }
    if (n)
        memcpy(kept, u, n * sizeof *u);
    v->bgp_updates = kept;
    v->n_bgp_updates = n;
    free(u);
    return VS_OK;
}

static vs_err_t load_bgp(loader_t *l, const vs_ynode_t *m, scn_vrouter_t *v)
{
    static const char *const keys[] = {"routes", "keepalive", "hold", "peers", "updates",
                                       "updates_from", NULL};
    vs_err_t err;
    v->bgp = true;
    v->keepalive = DEFAULT_KEEPALIVE;
    v->hold = DEFAULT_HOLD;
    if ((err = vs_ycheck_keys(l->doc, m, keys)) ||
        (err = vs_yget_int(l->doc, m, "routes", false, 0, 100000000, &v->bgp_routes)) ||
        (err = vs_yget_duration(l->doc, m, "keepalive", false, SIM_S(1), SIM_S(21845), &v->keepalive)) ||
        (err = vs_yget_duration(l->doc, m, "hold", false, SIM_S(3), SIM_S(65535), &v->hold)))
        return err;
    if (v->hold <= v->keepalive)
        return vs_yerr(l->doc, vs_ynode_get(m, "hold"), VS_ERANGE,
                       "hold time must be larger than the keepalive interval");
    return load_bgp_updates(l, m, v);
}

/* BGP peers refer to VRs that may be declared later: resolved in a second pass. */
static vs_err_t load_bgp_peers(loader_t *l, const vs_ynode_t *list, size_t base)
{
    vs_err_t err;
    for (size_t i = 0; i < list->len; i++) {
        const vs_ynode_t *bgp = vs_ynode_get(list->vals[i], "bgp");
        const vs_ynode_t *peers = bgp ? vs_ynode_get(bgp, "peers") : NULL;
        if (!peers)
            continue;
        if ((err = vs_yexpect(l->doc, peers, VS_Y_SEQ, "a list of virtual-router names")))
            return err;
        scn_vrouter_t *v = &l->vrouters[base + i];
        size_t *idxs = alloc_array(l, peers->len, sizeof *idxs);
        if (!(v->bgp_peers = idxs))
            return oom();
        for (size_t j = 0; j < peers->len; j++) {
            const vs_ynode_t *p = peers->vals[j];
            if ((err = vs_yexpect(l->doc, p, VS_Y_SCALAR, "a virtual-router name")))
                return err;
            size_t idx = lookup(l, p->scalar, true);
            if (idx == SIZE_MAX)
                return vs_yerr(l->doc, p, VS_EINVAL, "no virtual router named '%s'", p->scalar);
            if (idx == base + i)
                return vs_yerr(l->doc, p, VS_EINVAL, "'%s' cannot peer with itself", p->scalar);
            idxs[j] = idx;
        }
        v->n_bgp_peers = peers->len;
    }
    return VS_OK;
}

static vs_err_t load_vrouters(loader_t *l, const vs_ynode_t *list)
{
    static const char *const keys[] = {"name", "host", "ospf", "bgp", "image", "dirty_rate",
                                       "disk_hot_set", "fib_entries", NULL};
    scn_t *s = l->scn;
    vs_err_t err;
    size_t base = s->n_vrouters;
    int *load = calloc(s->n_prouters ? s->n_prouters : 1, sizeof *load);
    if (load)
        s->vrouters = l->vrouters = grow(l, s->vrouters, base, list->len, sizeof *l->vrouters);
    if (!load || !l->vrouters) {
        free(load);
        return oom();
    }
    for (size_t i = 0; i < base; i++)
        load[s->vrouters[i].host]++;
    for (size_t i = 0; i < list->len; i++) {
        const vs_ynode_t *m = list->vals[i], *sub;
        scn_vrouter_t *v = &l->vrouters[base + i];
        if ((err = vs_ycheck_keys(l->doc, m, keys)) || (err = vs_yget_str(l->doc, m, "name", true, &v->name)) ||
            (err = check_unique(l, m, v->name, base + i, true)) || (err = ref_index(l, m, "host", false, &v->host)) ||
            (err = vs_yget_size(l->doc, m, "image", false, &v->image_bytes)) ||
            (err = vs_yget_rate(l->doc, m, "dirty_rate", false, 0, &v->dirty_bps)) ||
            (err = vs_yget_size(l->doc, m, "disk_hot_set", false, &v->disk_hot_bytes)) ||
            (err = vs_yget_int(l->doc, m, "fib_entries", false, 0, 100000000, &v->fib_entries)))
            goto out;
        if ((sub = vs_ynode_get(m, "ospf")) && (err = load_ospf(l, sub, v)))
            goto out;
        if ((sub = vs_ynode_get(m, "bgp")) && (err = load_bgp(l, sub, v)))
            goto out;
        if (++load[v->host] > s->prouters[v->host].vr_slots) {
            err = vs_yerr(l->doc, vs_ynode_get(m, "host"), VS_EINFEASIBLE,
                          "physical router '%s' has %d VR slots and is already full",
                          s->prouters[v->host].name, s->prouters[v->host].vr_slots);
            goto out;
        }
        s->n_vrouters = base + i + 1;
    }
    err = load_bgp_peers(l, list, base);
out:
    free(load);
    return err;
}

static vs_err_t load_vlinks(loader_t *l, const vs_ynode_t *list)
{
    static const char *const keys[] = {"a", "b", "rehoming", NULL};
    static const char *const rehome[] = {"optical", "pseudowire", "mpls", "gre", NULL};
    scn_t *s = l->scn;
    vs_err_t err;
    size_t base = s->n_vlinks;
    if (!(s->vlinks = l->vlinks = grow(l, s->vlinks, base, list->len, sizeof *l->vlinks)))
        return oom();
    for (size_t i = 0; i < list->len; i++) {
        const vs_ynode_t *m = list->vals[i];
        scn_vlink_t *k = &l->vlinks[base + i];
        int r = SCN_REHOME_OPTICAL;
        if ((err = vs_ycheck_keys(l->doc, m, keys)) || (err = ref_index(l, m, "a", true, &k->a)) ||
            (err = ref_index(l, m, "b", true, &k->b)) ||
            (err = vs_yget_enum(l->doc, m, "rehoming", false, rehome, &r)))
            return err;
        if (k->a == k->b)
            return vs_yerr(l->doc, m, VS_EINVAL, "a virtual link must join two different virtual routers");
        k->rehome = (scn_rehome_t)r;
        s->n_vlinks = base + i + 1;
    }
    return VS_OK;
}

static vs_err_t load_migrations(loader_t *l, const vs_ynode_t *list)
{
    static const char *const keys[] = {"vr", "to", "at", "mechanism", "memory", "max_rounds",
                                       "stop_below", "min_progress", "bandwidth", "data_rate",
                                       "vm_memory", "disk", "transport", "scope", "maintenance",
                                       NULL};
    static const char *const transports[] = {"tcp", "chunk", NULL};
    static const char *const scopes[] = {"intra-domain", "inter-domain", NULL};
    static const char *const memory[] = {"stall-and-copy", "pre-copy", "post-copy", NULL};
    static const char *const bw[] = {"reserved", "shared", NULL};
    scn_t *s = l->scn;
    vs_err_t err;
    scn_migration_t *migrations = alloc_array(l, list->len, sizeof *migrations);
    if (!(s->migrations = migrations))
        return oom();
    for (size_t i = 0; i < list->len; i++) {
        const vs_ynode_t *m = list->vals[i];
        scn_migration_t *g = &migrations[i];
        g->pos = pos_of(m);
        int mem = SCN_MEM_STALL_AND_COPY, mech = 0, bwi = 0;
        int64_t rounds = DEFAULT_MAX_ROUNDS;
        g->stop_bytes = DEFAULT_STOP_BYTES;
        g->min_progress = DEFAULT_MIN_PROGRESS;
        if ((err = vs_ycheck_keys(l->doc, m, keys)) || (err = ref_index(l, m, "vr", true, &g->vr)) ||
            (err = ref_index(l, m, "to", false, &g->to)) ||
            (err = vs_yget_duration(l->doc, m, "at", true, 0, SIM_S(1000000), &g->at)) ||
            (err = vs_yget_enum(l->doc, m, "mechanism", false, scn_mechanism_names(), &mech)) ||
            (err = vs_yget_enum(l->doc, m, "memory", false, memory, &mem)) ||
            (err = vs_yget_int(l->doc, m, "max_rounds", false, 1, 1000, &rounds)) ||
            (err = vs_yget_size(l->doc, m, "stop_below", false, &g->stop_bytes)) ||
            (err = vs_yget_double(l->doc, m, "min_progress", false, 0.0, 1.0, &g->min_progress)) ||
            (err = vs_yget_enum(l->doc, m, "bandwidth", false, bw, &bwi)) ||
            (err = vs_yget_pps(l->doc, m, "data_rate", false, &g->data_rate_pps)) ||
            (err = vs_yget_size(l->doc, m, "vm_memory", false, &g->vm_memory_bytes)) ||
            (err = vs_yget_size(l->doc, m, "disk", false, &g->disk_bytes)) ||
            (err = vs_yget_enum(l->doc, m, "transport", false, transports, &g->transport)) ||
            (err = vs_yget_enum(l->doc, m, "scope", false, scopes, &g->inter_domain)) ||
            (err = vs_yget_duration(l->doc, m, "maintenance", false, 0, SIM_S(1000000), &g->maintenance)))
            return err;
        g->mechanism = scn_mechanism_names()[mech];
        g->memory = (scn_memcopy_t)mem;
        g->max_rounds = (int)rounds;
        g->reserved = bwi == 0;
        /* A migration to where the VR runs at that time is refused by mig_check_all, which
         * follows the VR through its earlier migrations (a plan may move it there and back). */
        if (g->at >= s->until)
            return vs_yerr(l->doc, vs_ynode_get(m, "at"), VS_ERANGE,
                           "the migration starts after the end of the run (until)");
        s->n_migrations = i + 1;
    }
    return VS_OK;
}

/* "a b" (a < b): the key of the virtual link between VRs a and b in a map of them. */
static const char *vlink_key(size_t a, size_t b, char *buf, size_t len)
{
    snprintf(buf, len, "%zu %zu", a < b ? a : b, a < b ? b : a);
    return buf;
}

/* The virtual links by their ends, keys in arena: each event finds its link in O(1). */
static vs_err_t vlink_map(const scn_t *s, vs_arena_t *arena, vs_strmap_t *out)
{
    for (size_t k = 0; k < s->n_vlinks; k++) {
        char key[48];
        const char *kept = vs_arena_strdup(arena, vlink_key(s->vlinks[k].a, s->vlinks[k].b,
                                                            key, sizeof key));
        vs_err_t err = kept ? vs_strmap_put(out, kept, k) : oom();
        if (err)
            return err;
    }
    return VS_OK;
}

/* link_flap: [VR, VR], the ends of a virtual link. */
static vs_err_t event_flap(loader_t *l, const vs_ynode_t *flap, const vs_strmap_t *vlinks,
                           scn_event_t *e)
{
    if (flap->kind != VS_Y_SEQ || flap->len != 2 || flap->vals[0]->kind != VS_Y_SCALAR ||
        flap->vals[1]->kind != VS_Y_SCALAR)
        return vs_yerr(l->doc, flap, VS_EINVAL, "link_flap: expected [VR, VR], the two ends of a virtual link");
    e->a = lookup(l, flap->vals[0]->scalar, true);
    e->b = lookup(l, flap->vals[1]->scalar, true);
    if (e->a == SIZE_MAX || e->b == SIZE_MAX)
        return vs_yerr(l->doc, flap, VS_EINVAL, "link_flap: no virtual router named '%s'",
                       flap->vals[e->a == SIZE_MAX ? 0 : 1]->scalar);
    char key[48];
    if (vs_strmap_get(vlinks, vlink_key(e->a, e->b, key, sizeof key)) == SIZE_MAX)
        return vs_yerr(l->doc, flap, VS_EINVAL, "link_flap: no virtual link between '%s' and '%s'",
                       flap->vals[0]->scalar, flap->vals[1]->scalar);
    return VS_OK;
}

/* ' (did you mean 'NAME'?)' for the physical router nearest name, into buf; "" when none. */
static const char *near_router(const scn_t *s, const char *name, char *buf, size_t len)
{
    const char **names = malloc((s->n_prouters + 1) * sizeof *names);
    const char *near = NULL;
    for (size_t p = 0; names && p <= s->n_prouters; p++)
        names[p] = p < s->n_prouters ? s->prouters[p].name : NULL;
    if (names)
        near = vs_nearest(name, names);
    snprintf(buf, len, near ? " (did you mean '%s'?)" : "%s", near ? near : "");
    free(names);
    return buf;
}

/* router_down: ROUTER, a physical router. */
static vs_err_t event_router(loader_t *l, const vs_ynode_t *n, scn_event_t *e)
{
    if (n->kind != VS_Y_SCALAR)
        return vs_yerr(l->doc, n, VS_EINVAL, "router_down: expected the name of a physical router");
    char near[160];
    if ((e->elem = lookup(l, n->scalar, false)) == SIZE_MAX)
        return vs_yerr(l->doc, n, VS_EINVAL, "router_down: no physical router named '%s'%s",
                       n->scalar, near_router(l->scn, n->scalar, near, sizeof near));
    return VS_OK;
}

/* link_down: [ROUTER, ROUTER], the ends of a substrate link (the first such link). */
static vs_err_t event_link(loader_t *l, const vs_ynode_t *n, scn_event_t *e)
{
    const scn_t *s = l->scn;
    if (n->kind != VS_Y_SEQ || n->len != 2 || n->vals[0]->kind != VS_Y_SCALAR ||
        n->vals[1]->kind != VS_Y_SCALAR)
        return vs_yerr(l->doc, n, VS_EINVAL, "link_down: expected [ROUTER, ROUTER], the two ends of a substrate link");
    size_t a = lookup(l, n->vals[0]->scalar, false), b = lookup(l, n->vals[1]->scalar, false);
    char near[160];
    if (a == SIZE_MAX || b == SIZE_MAX)
        return vs_yerr(l->doc, n, VS_EINVAL, "link_down: no physical router named '%s'%s",
                       n->vals[a == SIZE_MAX ? 0 : 1]->scalar,
                       near_router(s, n->vals[a == SIZE_MAX ? 0 : 1]->scalar, near, sizeof near));
    for (size_t k = 0; k < s->n_links; k++)
        if ((s->links[k].a == a && s->links[k].b == b) || (s->links[k].a == b && s->links[k].b == a)) {
            e->elem = k;
            return VS_OK;
        }
    return vs_yerr(l->doc, n, VS_EINVAL, "link_down: no link between '%s' and '%s'",
                   n->vals[0]->scalar, n->vals[1]->scalar);
}

/* One event: exactly one of link_flap (with down_for), router_down and link_down (with
 * up_after). */
static vs_err_t load_event(loader_t *l, const vs_ynode_t *m, const vs_strmap_t *vlinks,
                           scn_event_t *e)
{
    static const char *const keys[] = {"at", "link_flap", "down_for", "router_down", "link_down",
                                       "up_after", NULL};
    static const char *const kinds[] = {"link_flap", "router_down", "link_down"};
    vs_err_t err;
    if ((err = vs_ycheck_keys(l->doc, m, keys)) ||
        (err = vs_yget_duration(l->doc, m, "at", true, 0, SIM_S(1000000), &e->at)))
        return err;
    const vs_ynode_t *what = NULL;
    for (int k = 0; k < 3; k++) {
        const vs_ynode_t *n = vs_ynode_get(m, kinds[k]);
        if (n && what)
            return vs_yerr(l->doc, n, VS_EINVAL, "an event is one of link_flap, router_down and "
                                                 "link_down, not two");
        if (n) {
            what = n;
            e->kind = (scn_event_kind_t)k;
        }
    }
    if (!what)
        return vs_yerr(l->doc, m, VS_EINVAL, "an event needs link_flap: [VR, VR], router_down: "
                                             "ROUTER or link_down: [ROUTER, ROUTER]");
    const char *other = e->kind == SCN_EV_LINK_FLAP ? "up_after" : "down_for";
    if (vs_ynode_get(m, other))
        return vs_yerr(l->doc, vs_ynode_get(m, other), VS_EINVAL, "%s: not for %s (%s)", other,
                       kinds[e->kind], e->kind == SCN_EV_LINK_FLAP ? "its length is down_for"
                                                                   : "its length is up_after");
    e->pos = pos_of(m);
    if (e->kind == SCN_EV_LINK_FLAP) {
        e->down_for = SIM_S(1);
        err = vs_yget_duration(l->doc, m, "down_for", false, SIM_MS(1), SIM_S(3600), &e->down_for);
        return err ? err : event_flap(l, what, vlinks, e);
    }
    e->down_for = SIM_TIME_MAX;
    if ((err = vs_yget_duration(l->doc, m, "up_after", false, SIM_NS(1), SIM_S(1000000), &e->down_for)))
        return err;
    return e->kind == SCN_EV_ROUTER_DOWN ? event_router(l, what, e) : event_link(l, what, e);
}

static vs_err_t load_events(loader_t *l, const vs_ynode_t *list)
{
    scn_t *s = l->scn;
    scn_event_t *events = alloc_array(l, list->len, sizeof *events);
    vs_arena_t *keys = vs_arena_create(0);
    vs_strmap_t vlinks = {0};
    vs_err_t err = events && keys ? vlink_map(s, keys, &vlinks) : oom();
    s->events = events;
    for (size_t i = 0; i < list->len && !err; i++)
        if (!(err = load_event(l, list->vals[i], &vlinks, &events[i])))
            s->n_events = i + 1;
    vs_strmap_free(&vlinks);
    vs_arena_destroy(keys);
    return err;
}

static scn_topology_reader_fn topology_reader;

void scn_set_topology_reader(scn_topology_reader_fn fn)
{
    topology_reader = fn;
}

void scn_topology_free(scn_topology_t *t)
{
    for (size_t i = 0; i < t->n_routers; i++) {
        free(t->routers[i].name);
        free(t->routers[i].pop);
    }
    free(t->routers);
    free(t->links);
    *t = (scn_topology_t){0};
}

/* Copies a string into the scenario's arena. */
static const char *keep(loader_t *l, const char *s)
{
    return vs_arena_strdup(l->arena, s);
}

/* `topology:` — the substrate from a topology file or built-in, its POPs expanded to
 * routers_per_pop routers each, and optionally one OSPF VR per POP on the POP's first router
 * with a virtual link per pair of POPs joined by a link. Routers, links and VRs listed in the
 * file come after these and may refer to them. */
/* One VR per POP, on the POP's first router, and one virtual link per pair of POPs that a
 * substrate link joins. O(routers + links). */
static vs_err_t topology_vrouters(loader_t *l, const scn_topology_t *t, const size_t *pop_first,
                                  const size_t *pop_of, size_t n_pops)
{
    scn_t *s = l->scn;
    vs_err_t err = VS_OK;
    vs_strmap_t pairs = {0}; /* "a b" (a < b) of the virtual links made */
    s->vrouters = l->vrouters = alloc_array(l, n_pops, sizeof *l->vrouters);
    s->vlinks = l->vlinks = alloc_array(l, t->n_links, sizeof *l->vlinks);
    if (!s->vrouters || !s->vlinks)
        return oom();
    for (size_t p = 0; p < n_pops; p++) {
        char name[512];
        snprintf(name, sizeof name, "vr-%s", s->prouters[pop_first[p]].pop);
        l->vrouters[p] = (scn_vrouter_t){.name = keep(l, name), .host = pop_first[p], .ospf = true,
                                         .hello = DEFAULT_HELLO, .dead = DEFAULT_DEAD_FACTOR * DEFAULT_HELLO,
                                         .rxmt = DEFAULT_RXMT};
        if (!s->vrouters[p].name)
            return oom();
        if ((err = remember(l, s->vrouters[p].name, p, true)))
            return err;
    }
    s->n_vrouters = n_pops;
    for (size_t k = 0; k < t->n_links && !err; k++) {
        size_t pa = pop_of[t->links[k].a], pb = pop_of[t->links[k].b];
        char key[48];
        if (pa == pb || vs_strmap_get(&pairs, vlink_key(pa, pb, key, sizeof key)) != SIZE_MAX)
            continue;
        const char *kept = keep(l, key);
        if (!kept || (err = vs_strmap_put(&pairs, kept, k)))
            err = err ? err : oom();
        else
            l->vlinks[s->n_vlinks++] = (scn_vlink_t){.a = pa, .b = pb, .rehome = SCN_REHOME_OPTICAL};
    }
    vs_strmap_free(&pairs);
    return err;
}

static vs_err_t load_topology(loader_t *l, const vs_ynode_t *m)
{
    static const char *const keys[] = {"file", "routers_per_pop", "host", "data_plane",
                                       "virtual_routers", NULL};
    static const char *const vr_modes[] = {"one-per-pop", "none", NULL};
    scn_t *s = l->scn;
    const char *file, *host = DEFAULT_HOST_PROFILE, *dp = DEFAULT_FIB_PROFILE;
    int64_t per_pop = 1;
    int vr_mode = 0;
    vs_err_t err;
    if ((err = vs_ycheck_keys(l->doc, m, keys)) || (err = vs_yget_str(l->doc, m, "file", true, &file)) ||
        (err = vs_yget_int(l->doc, m, "routers_per_pop", false, 1, 64, &per_pop)) ||
        (err = vs_yget_str(l->doc, m, "host", false, &host)) ||
        (err = vs_yget_str(l->doc, m, "data_plane", false, &dp)) ||
        (err = vs_yget_enum(l->doc, m, "virtual_routers", false, vr_modes, &vr_mode)))
        return err;
    const vs_ynode_t *fnode = vs_ynode_get(m, "file");
    if (!topology_reader)
        return vs_yerr(l->doc, fnode, VS_EDEPEND, "this program cannot read topology files");
    char spec[4096];
    if (strncmp(file, "builtin:", 8) == 0)
        snprintf(spec, sizeof spec, "%s", file);
    else
        scn__resolve_path(s, file, spec, sizeof spec);
    scn_topology_t t = {0};
    if ((err = topology_reader(spec, (int)per_pop, &t))) {
        char msg[768];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_yerr(l->doc, fnode, err, "topology: %s", msg);
    }
    s->prouters = l->prouters = alloc_array(l, t.n_routers, sizeof *l->prouters);
    s->links = l->links = alloc_array(l, t.n_links, sizeof *l->links);
    size_t n_pops = 0;
    size_t *pop_first = calloc(t.n_routers ? t.n_routers : 1, sizeof *pop_first);
    size_t *pop_of = calloc(t.n_routers ? t.n_routers : 1, sizeof *pop_of);
    vs_strmap_t pops = {0}; /* POP name -> index in pop_first */
    if (!s->prouters || !s->links || !pop_first || !pop_of) {
        err = oom();
        goto out;
    }
    for (size_t i = 0; i < t.n_routers; i++) {
        l->prouters[i] = (scn_prouter_t){.name = keep(l, t.routers[i].name), .pop = keep(l, t.routers[i].pop),
                                         .host_profile = host, .fib_profile = dp,
                                         .vr_slots = DEFAULT_VR_SLOTS};
        if (!s->prouters[i].name || !s->prouters[i].pop) {
            err = oom();
            goto out;
        }
        if (lookup(l, s->prouters[i].name, false) != SIZE_MAX) {
            err = vs_yerr(l->doc, fnode, VS_EINVAL, "topology: router name '%s' appears twice",
                          t.routers[i].name);
            goto out;
        }
        if ((err = remember(l, s->prouters[i].name, i, false)))
            goto out;
        s->n_prouters = i + 1;
        size_t p = vs_strmap_get(&pops, s->prouters[i].pop);
        if (p == SIZE_MAX) {
            if ((err = vs_strmap_put(&pops, s->prouters[i].pop, p = n_pops)))
                goto out;
            pop_first[n_pops++] = i;
        }
        pop_of[i] = p;
    }
    for (size_t k = 0; k < t.n_links; k++)
        l->links[k] = (scn_link_t){.a = t.links[k].a, .b = t.links[k].b,
                                   .bandwidth_bps = t.links[k].bandwidth_bps, .delay = t.links[k].delay,
                                   .line = fnode->line};
    s->n_links = t.n_links;
    if (vr_mode == 0)
        err = topology_vrouters(l, &t, pop_first, pop_of, n_pops);
out:
    free(pop_first);
    free(pop_of);
    vs_strmap_free(&pops);
    scn_topology_free(&t);
    return err;
}

static vs_err_t load_root(loader_t *l)
{
    static const char *const keys[] = {"version", "name", "seed", "runs", "until", "clock",
                                       "topology", "physical_routers", "links", "virtual_routers",
                                       "virtual_links", "migrations", "events", "flows",
                                       "data_plane", "traffic", "datacenter", "openflow", NULL};
    static const char *const clocks[] = {"running", "paused", NULL};
    const vs_ynode_t *root = vs_ydoc_root(l->doc), *list;
    scn_t *s = l->scn;
    vs_err_t err;
    int64_t version = 0, seed = 1, runs = DEFAULT_RUNS;
    int clock = SCN_CLOCK_RUNNING;
    if ((err = vs_yexpect(l->doc, root, VS_Y_MAP, "a scenario (a mapping with 'version: 1')")))
        return err;
    if ((list = vs_ynode_get(root, "study"))) /* another vroomsim file: say which command */
        return vs_yerr(l->doc, list, VS_EINVAL,
                       "this is a study file ('study:'), not a scenario: run it with 'vroomsim plan "
                       "power --study FILE' (docs/scheduler.md)");
    if ((err = vs_ycheck_keys(l->doc, root, keys)) ||
        (err = vs_yget_int(l->doc, root, "version", true, 1, 1000, &version)))
        return err;
    if (version != SCN_FORMAT_VERSION)
        return vs_yerr(l->doc, vs_ynode_get(root, "version"), VS_EINVAL,
                       "scenario format version %lld is not supported (this vroomsim reads version %d)",
                       (long long)version, SCN_FORMAT_VERSION);
    s->version = (int)version;
    s->name = "scenario";
    s->until = DEFAULT_UNTIL;
    if ((err = vs_yget_str(l->doc, root, "name", false, &s->name)) ||
        (err = vs_yget_int(l->doc, root, "seed", false, 0, INT64_MAX, &seed)) ||
        (err = vs_yget_int(l->doc, root, "runs", false, 1, 1000000, &runs)) ||
        (err = vs_yget_duration(l->doc, root, "until", false, SIM_MS(1), SIM_S(100000000), &s->until)) ||
        (err = vs_yget_enum(l->doc, root, "clock", false, clocks, &clock)))
        return err;
    s->seed = (uint64_t)seed;
    s->runs = (int)runs;
    s->clock = (scn_clock_t)clock;
    const vs_ynode_t *topo = vs_ynode_get(root, "topology");
    if (topo && (err = vs_yexpect(l->doc, topo, VS_Y_MAP, "a topology (file, routers_per_pop, ...)")))
        return err;
    if (topo && (err = load_topology(l, topo)))
        return err;
    if ((err = expect_list(l, root, "physical_routers", !topo, &list)) || (list && (err = load_prouters(l, list))))
        return err;
    if ((err = expect_list(l, root, "links", false, &list)) || (list && (err = load_links(l, list))))
        return err;
    if ((err = expect_list(l, root, "virtual_routers", false, &list)) ||
        (list && (err = load_vrouters(l, list))))
        return err;
    if ((err = expect_list(l, root, "virtual_links", false, &list)) ||
        (list && (err = load_vlinks(l, list))))
        return err;
    if ((err = expect_list(l, root, "migrations", false, &list)) ||
        (list && (err = load_migrations(l, list))))
        return err;
    if ((err = expect_list(l, root, "events", false, &list)) || (list && (err = load_events(l, list))))
        return err;
    if ((err = dc__load(l->doc, root, l->arena, s)) || (err = of__load(l->doc, root, l->arena, s)))
        return err;
    return scn__load_flows(l->doc, root, l->arena, s);
}

/* The scenario owns its arena (it is the first allocation in it), which also holds what it
 * was read from, for scn_derive. */
typedef struct {
    scn_t scn;
    vs_arena_t *arena;
    scn__source_t src;
} owned_scn_t;

/* The source a derived scenario starts again from: doc's text and the settings applied. */
static vs_err_t keep_source(vs_arena_t *arena, const vs_ydoc_t *doc, const char *const *sets,
                            size_t n_sets, scn__source_t *src)
{
    const char *text = vs_ydoc_text(doc, &src->len);
    const char **kept = vs_arena_alloc(arena, (n_sets ? n_sets : 1) * sizeof *kept);
    if (!kept || !(src->text = vs_arena_strndup(arena, text, src->len)) ||
        !(src->name = vs_arena_strdup(arena, vs_ydoc_name(doc))))
        return oom();
    for (size_t i = 0; i < n_sets; i++)
        if (!(kept[i] = vs_arena_strdup(arena, sets[i])))
            return oom();
    src->sets = kept;
    src->n_sets = n_sets;
    return VS_OK;
}

vs_err_t scn__load_doc(vs_ydoc_t *doc, const char *const *sets, size_t n_sets, const scn_t **out)
{
    *out = NULL;
    vs_arena_t *arena = vs_arena_create(0);
    owned_scn_t *o = arena ? vs_arena_alloc(arena, sizeof *o) : NULL;
    if (!o) {
        vs_arena_destroy(arena);
        vs_ydoc_free(doc);
        return oom();
    }
    o->arena = arena;
    loader_t l = {.doc = doc, .arena = arena, .scn = &o->scn};
    o->scn.path = vs_arena_strdup(arena, vs_ydoc_name(doc));
    vs_err_t err = keep_source(arena, doc, sets, n_sets, &o->src);
    if (!err)
        err = load_root(&l);
    /* Strings point into the document: copy the names we keep before freeing it. */
    if (!err) {
        scn_t *s = &o->scn;
        s->name = vs_arena_strdup(arena, s->name);
        for (size_t i = 0; i < s->n_prouters; i++) {
            scn_prouter_t *p = &l.prouters[i];
            p->name = vs_arena_strdup(arena, p->name);
            p->pop = vs_arena_strdup(arena, p->pop);
            p->host_profile = vs_arena_strdup(arena, p->host_profile);
            p->fib_profile = vs_arena_strdup(arena, p->fib_profile);
            if (p->netns)
                p->netns = vs_arena_strdup(arena, p->netns);
        }
        for (size_t i = 0; i < s->n_vrouters; i++) {
            scn_vrouter_t *v = &l.vrouters[i];
            v->name = vs_arena_strdup(arena, v->name);
            if (v->bgp_updates_path)
                v->bgp_updates_path = vs_arena_strdup(arena, v->bgp_updates_path);
        }
    }
    vs_strmap_free(&l.pr_idx);
    vs_strmap_free(&l.vr_idx);
    vs_ydoc_free(doc);
    if (err) {
        vs_arena_destroy(arena);
        return err;
    }
    *out = &o->scn;
    return VS_OK;
}

const scn__source_t *scn__source(const scn_t *scn)
{
    return &((const owned_scn_t *)scn)->src;
}

vs_err_t scn_load(const char *path, const scn_t **out)
{
    vs_ydoc_t *doc;
    *out = NULL;
    vs_err_t err = vs_ydoc_load_file(path, &doc);
    return err ? err : scn__load_doc(doc, NULL, 0, out);
}

vs_err_t scn_load_string(const char *name, const char *text, const scn_t **out)
{
    vs_ydoc_t *doc;
    *out = NULL;
    vs_err_t err = vs_ydoc_load_string(name, text, strlen(text), &doc);
    return err ? err : scn__load_doc(doc, NULL, 0, out);
}

void scn_free(const scn_t *scn)
{
    if (scn)
        vs_arena_destroy(((const owned_scn_t *)scn)->arena);
}
