/* The inventory reader: each section read entry by entry over the instance the topology
 * expansion built, every name resolved against it (an unknown one is an error at its key
 * with the nearest known name), then each VR checked against its home router. */
#include "sched_inventory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_profile.h"
#include "sched_hwpower.h"
#include "vs_arena.h"
#include "vs_yaml.h"

static const char *const top_keys[] = {"version", "defaults", "pops", "routers",
                                       "virtual_routers", NULL};
static const char *const default_keys[] = {"router", "virtual_router", NULL};
static const char *const pop_keys[] = {"region", "price_per_kwh", NULL};
static const char *const router_keys[] = {
    "platform", "features",      "acl_capacity",  "vr_slots", "cpu",        "memory",
    "linecards", "power_profile", "price_per_kwh", "host",     "data_plane", NULL};
static const char *const vr_keys[] = {"platform", "features",    "acls",  "memory", "customer_ports",
                                      "partner",  "pop_diverse", "scope", "ospf",   "bgp",
                                      "image",    NULL};
static const char *const ospf_keys[] = {"routes", "hello", "dead", "retransmit", NULL};
static const char *const bgp_keys[] = {"routes", "keepalive", "hold", "peers", NULL};

typedef struct {
    const vs_ydoc_t *doc;
    const sched_inventory_base_t *cfg;
    sched_inst_t *inst;
    const char **names; /* scratch: the candidates of a name lookup, NULL-terminated */
    const vs_ynode_t **vr_entry; /* per VR: its entry, NULL none */
    bool *vr_platform;           /* per VR: platform given */
    bool in_defaults;            /* reading defaults.virtual_router */
} inv_t;

/* Index of the POP, router or VR named by key node k (kind 0, 1, 2), or an error at k with
 * the nearest name of that kind. */
static vs_err_t resolve(inv_t *I, const vs_ynode_t *k, int kind, int *out)
{
    const sched_inst_t *inst = I->inst;
    const char *name = k->scalar;
    int i = kind == 0 ? sched_pop_find(inst, name) : kind == 1 ? sched_node_find(inst, name)
                                                               : sched_vr_find(inst, name);
    if (i >= 0 && (kind != 1 || inst->nodes[i].router)) {
        *out = i;
        return VS_OK;
    }
    int n = 0;
    if (kind == 0) {
        for (int p = 0; p < inst->n_pops; p++)
            I->names[n++] = inst->pops[p].name;
    } else if (kind == 1) {
        for (int p = 0; p < inst->n_nodes; p++)
            if (inst->nodes[p].router)
                I->names[n++] = inst->nodes[p].name;
    } else {
        for (int v = 0; v < inst->n_vrs; v++)
            I->names[n++] = inst->vrs[v].name;
    }
    I->names[n] = NULL;
    static const char *const what[] = {"POP", "router", "virtual router"};
    const char *near = vs_nearest(name, I->names);
    return vs_yerr(I->doc, k, VS_ENOTFOUND, "the topology has no %s '%s'%s%s%s", what[kind], name,
                   near ? " (did you mean '" : " (names look like '",
                   near ? near : n ? I->names[0] : "?", "')");
}

/* A list of feature names as capability bits. */
static vs_err_t features(inv_t *I, const vs_ynode_t *map, uint32_t *out)
{
    const vs_ynode_t *f = vs_ynode_get(map, "features");
    vs_err_t err = VS_OK;
    if (!f)
        return VS_OK;
    VS_TRY(vs_yexpect(I->doc, f, VS_Y_SEQ, "a list of feature names"));
    uint32_t bits = 0;
    for (size_t i = 0; i < f->len; i++) {
        int idx;
        VS_TRY(vs_yexpect(I->doc, f->vals[i], VS_Y_SCALAR, "a feature name"));
        if ((err = sched_intern_feature(I->inst, f->vals[i]->scalar, &idx)))
            return vs_yerr(I->doc, f->vals[i], err, "more than 32 distinct features");
        bits |= 1u << idx;
    }
    *out = bits;
out:
    return err;
}

static vs_err_t platform(inv_t *I, const vs_ynode_t *map, int *out, bool *given)
{
    const char *s = NULL;
    vs_err_t err = vs_yget_str(I->doc, map, "platform", false, &s);
    if (err || !s)
        return err;
    if ((err = sched_intern_platform(I->inst, s, out)))
        return vs_yerr(I->doc, vs_ynode_get(map, "platform"), err, "more than 32 platforms");
    if (given)
        *given = true;
    return VS_OK;
}

static vs_err_t pops(inv_t *I, const vs_ynode_t *sec)
{
    vs_err_t err = VS_OK;
    VS_TRY(vs_yexpect(I->doc, sec, VS_Y_MAP, "a mapping of POP names to their parameters"));
    for (size_t i = 0; i < sec->len; i++) {
        const vs_ynode_t *m = sec->vals[i];
        int P;
        VS_TRY(resolve(I, sec->keys[i], 0, &P));
        VS_TRY(vs_yexpect(I->doc, m, VS_Y_MAP, "a mapping of POP parameters"));
        VS_TRY(vs_ycheck_keys(I->doc, m, pop_keys));
        const char *region = NULL;
        VS_TRY(vs_yget_str(I->doc, m, "region", false, &region));
        if (region && (err = sched_intern_region(I->inst, region, &I->inst->pops[P].region)))
            return vs_yerr(I->doc, vs_ynode_get(m, "region"), err, "more than 64 regions");
        double price = -1;
        VS_TRY(vs_yget_double(I->doc, m, "price_per_kwh", false, 0, 1e6, &price));
        for (int p = 0; price >= 0 && p < I->inst->n_nodes; p++)
            if (I->inst->nodes[p].router && I->inst->nodes[p].pop == P)
                I->inst->nodes[p].price = price;
    }
out:
    return err;
}

/* map[key], a hardware profile: a name, or a path (a '/' or .yaml) taken from the
 * inventory's folder and made absolute (plans are written elsewhere). It must load. *out
 * unchanged when the key is absent; else a copy owned by the instance. */
static vs_err_t profile(inv_t *I, const vs_ynode_t *m, const char *key, const char **out)
{
    const char *s = NULL;
    vs_err_t err = vs_yget_str(I->doc, m, key, false, &s);
    if (err || !s)
        return err;
    char path[4096], abs[4096];
    size_t n = strlen(s);
    const char *file = vs_ydoc_name(I->doc), *slash = strrchr(file, '/');
    bool is_path = strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".yaml"));
    snprintf(path, sizeof path, "%.*s%s", is_path && s[0] != '/' && slash ? (int)(slash - file) + 1 : 0,
             file, s);
    if (is_path && realpath(path, abs))
        snprintf(path, sizeof path, "%s", abs);
    const hw_profile_t *p = NULL;
    if ((err = hw_profile_load(path, &p))) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_yerr(I->doc, vs_ynode_get(m, key), err, "%s: %s", key, msg);
    }
    hw_profile_free(p);
    if (!(*out = vs_arena_strdup(I->inst->arena, path)))
        return vs_fail(VS_ENOMEM, "out of memory");
    return VS_OK;
}

static vs_err_t router(inv_t *I, const vs_ynode_t *m, sched_node_t *r)
{
    vs_err_t err = VS_OK;
    int64_t iv, bytes = -1;
    VS_TRY(vs_yexpect(I->doc, m, VS_Y_MAP, "a mapping of router parameters"));
    VS_TRY(vs_ycheck_keys(I->doc, m, router_keys));
    VS_TRY(platform(I, m, &r->platform, NULL));
    VS_TRY(features(I, m, &r->features));
    iv = r->acl_capacity;
    VS_TRY(vs_yget_int(I->doc, m, "acl_capacity", false, 0, 1 << 30, &iv));
    r->acl_capacity = (int)iv;
    iv = r->vr_slots;
    VS_TRY(vs_yget_int(I->doc, m, "vr_slots", false, 0, 4096, &iv));
    r->vr_slots = (int)iv;
    VS_TRY(vs_yget_double(I->doc, m, "cpu", false, 0.01, 1e6, &r->cpu));
    VS_TRY(vs_yget_size(I->doc, m, "memory", false, &bytes));
    if (bytes >= 0)
        r->mem_mb = bytes / 1e6;
    VS_TRY(vs_yget_double(I->doc, m, "price_per_kwh", false, 0, 1e6, &r->price));
    VS_TRY(profile(I, m, "host", &r->host_profile));
    VS_TRY(profile(I, m, "data_plane", &r->dp_profile));
    const char *power = I->cfg->power_profile;
    iv = r->linecards;
    VS_TRY(vs_yget_int(I->doc, m, "linecards", false, 1, 1024, &iv));
    VS_TRY(profile(I, m, "power_profile", &power));
    if (iv == r->linecards && !vs_ynode_get(m, "power_profile"))
        goto out;
    char msg[512];
    if ((err = sched_router_power(power, (int)iv, r))) {
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_yerr(I->doc, m, err, "%s", msg);
    }
out:
    return err;
}

static vs_err_t routers(inv_t *I, const vs_ynode_t *sec)
{
    vs_err_t err = VS_OK;
    VS_TRY(vs_yexpect(I->doc, sec, VS_Y_MAP, "a mapping of router names to their parameters"));
    for (size_t i = 0; i < sec->len; i++) {
        int p;
        VS_TRY(resolve(I, sec->keys[i], 1, &p));
        VS_TRY(router(I, sec->vals[i], &I->inst->nodes[p]));
    }
out:
    return err;
}

/* The VR's routing, a copy of its current one (defaults, then its entry) with m's changes. */
static vs_err_t routing_copy(inv_t *I, int v, sched_routing_t **out)
{
    sched_routing_t *r = vs_arena_alloc(I->inst->arena, sizeof *r);
    if (!r)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (I->inst->vrs[v].routing)
        *r = *I->inst->vrs[v].routing;
    *out = r;
    return VS_OK;
}

static vs_err_t ospf(inv_t *I, const vs_ynode_t *o, sched_routing_t *r)
{
    vs_err_t err = VS_OK;
    VS_TRY(vs_yexpect(I->doc, o, VS_Y_MAP, "a mapping of OSPF parameters"));
    VS_TRY(vs_ycheck_keys(I->doc, o, ospf_keys));
    r->ospf = true;
    VS_TRY(vs_yget_int(I->doc, o, "routes", false, 0, 100000000, &r->ospf_routes));
    VS_TRY(vs_yget_duration(I->doc, o, "hello", false, 1000000, INT64_C(3600000000000), &r->hello_ns));
    VS_TRY(vs_yget_duration(I->doc, o, "dead", false, 1000000, INT64_C(3600000000000), &r->dead_ns));
    VS_TRY(vs_yget_duration(I->doc, o, "retransmit", false, 1000000, INT64_C(3600000000000),
                            &r->retransmit_ns));
    int64_t hello = r->hello_ns ? r->hello_ns : INT64_C(10000000000); /* the scenario's */
    if (r->dead_ns && r->dead_ns <= hello)
        return vs_yerr(I->doc, vs_ynode_get(o, "dead") ? vs_ynode_get(o, "dead") : o, VS_ERANGE,
                       "dead (%.3g s) must exceed hello (%.3g s)", r->dead_ns / 1e9, hello / 1e9);
out:
    return err;
}

static vs_err_t bgp(inv_t *I, int v, const vs_ynode_t *b, sched_routing_t *r)
{
    vs_err_t err = VS_OK;
    VS_TRY(vs_yexpect(I->doc, b, VS_Y_MAP, "a mapping of BGP parameters"));
    VS_TRY(vs_ycheck_keys(I->doc, b, bgp_keys));
    r->bgp = true;
    VS_TRY(vs_yget_int(I->doc, b, "routes", false, 0, 100000000, &r->bgp_routes));
    VS_TRY(vs_yget_duration(I->doc, b, "keepalive", false, 1000000, INT64_C(3600000000000),
                            &r->keepalive_ns));
    VS_TRY(vs_yget_duration(I->doc, b, "hold", false, 3000000000, INT64_C(3600000000000),
                            &r->hold_ns));
    int64_t ka = r->keepalive_ns ? r->keepalive_ns : INT64_C(60000000000);
    int64_t hold = r->hold_ns ? r->hold_ns : INT64_C(180000000000);
    if (hold <= ka)
        return vs_yerr(I->doc, b, VS_ERANGE, "hold (%.3g s) must exceed keepalive (%.3g s)",
                       hold / 1e9, ka / 1e9);
    const vs_ynode_t *peers = vs_ynode_get(b, "peers");
    if (!peers)
        goto out;
    if (v < 0)
        return vs_yerr(I->doc, peers, VS_EINVAL, "BGP peers are per virtual router, not a default");
    VS_TRY(vs_yexpect(I->doc, peers, VS_Y_SEQ, "a list of virtual-router names"));
    int *ids = vs_arena_alloc(I->inst->arena, (peers->len + 1) * sizeof(int));
    if (!ids)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < peers->len; i++) {
        VS_TRY(vs_yexpect(I->doc, peers->vals[i], VS_Y_SCALAR, "a virtual router's name"));
        VS_TRY(resolve(I, peers->vals[i], 2, &ids[i]));
        if (ids[i] == v)
            return vs_yerr(I->doc, peers->vals[i], VS_EINVAL, "a virtual router cannot peer "
                                                               "with itself");
    }
    r->peers = ids;
    r->n_peers = (int)peers->len;
out:
    return err;
}

/* ospf, bgp and image of a VR's entry (v) or of the defaults (v < 0: applied to every VR by
 * the caller, so peers are refused). */
static vs_err_t routing_of(inv_t *I, int v, const vs_ynode_t *m, sched_routing_t *r)
{
    vs_err_t err = VS_OK;
    const vs_ynode_t *n;
    if ((n = vs_ynode_get(m, "ospf")))
        VS_TRY(ospf(I, n, r));
    if ((n = vs_ynode_get(m, "bgp")))
        VS_TRY(bgp(I, v, n, r));
    if ((n = vs_ynode_get(m, "image")) && n->kind == VS_Y_SCALAR && !strcmp(n->scalar, "derived"))
        r->image_derived = true;
out:
    return err;
}

/* The routing keys of entry m for VR v (vdef: m is the defaults' mapping). */
static vs_err_t routing(inv_t *I, int v, const vs_ynode_t *m)
{
    const vs_ynode_t *img = vs_ynode_get(m, "image");
    vs_err_t err = VS_OK;
    if (img && !(img->kind == VS_Y_SCALAR && !strcmp(img->scalar, "derived"))) {
        int64_t bytes;
        VS_TRY(vs_yget_size(I->doc, m, "image", true, &bytes));
        I->inst->vrs[v].mem_mb = bytes / 1e6; /* the image is the VR's memory in the model */
    }
    if (!vs_ynode_get(m, "ospf") && !vs_ynode_get(m, "bgp") && !img)
        return VS_OK;
    sched_routing_t *r = NULL;
    VS_TRY(routing_copy(I, v, &r));
    if (img)
        r->image_derived = false;
    VS_TRY(routing_of(I, I->in_defaults ? -1 : v, m, r));
    I->inst->vrs[v].routing = r;
out:
    return err;
}

/* One VR's entry (partners last: vr_partner). */
static vs_err_t vr(inv_t *I, int v, const vs_ynode_t *m)
{
    sched_vr_t *x = &I->inst->vrs[v];
    vs_err_t err = VS_OK;
    int64_t iv, bytes = -1;
    VS_TRY(vs_yexpect(I->doc, m, VS_Y_MAP, "a mapping of virtual-router parameters"));
    VS_TRY(vs_ycheck_keys(I->doc, m, vr_keys));
    VS_TRY(platform(I, m, &x->platform, &I->vr_platform[v]));
    VS_TRY(features(I, m, &x->features));
    iv = x->acl_need;
    VS_TRY(vs_yget_int(I->doc, m, "acls", false, 0, 1 << 30, &iv));
    x->acl_need = (int)iv;
    VS_TRY(vs_yget_size(I->doc, m, "memory", false, &bytes));
    if (bytes >= 0)
        x->mem_mb = bytes / 1e6;
    iv = I->cfg->vr_customer_ports;
    VS_TRY(vs_yget_int(I->doc, m, "customer_ports", false, 0, 1024, &iv));
    x->ports += (int)iv - I->cfg->vr_customer_ports;
    VS_TRY(vs_yget_bool(I->doc, m, "pop_diverse", false, &x->pop_diverse));
    static const char *const scopes[] = {"any", "pop", "region", NULL};
    int sc = (int)x->scope;
    VS_TRY(vs_yget_enum(I->doc, m, "scope", false, scopes, &sc));
    x->scope = (sched_scope_t)sc;
    VS_TRY(routing(I, v, m));
out:
    return err;
}

/* partner: a VR name, or none; the old partners lose theirs. */
static vs_err_t vr_partner(inv_t *I, int v, const vs_ynode_t *m)
{
    const vs_ynode_t *k = vs_ynode_get(m, "partner");
    sched_vr_t *vrs = I->inst->vrs;
    if (!k)
        return VS_OK;
    vs_err_t err = vs_yexpect(I->doc, k, VS_Y_SCALAR, "a virtual router's name or none");
    if (err)
        return err;
    int w = -1;
    if (strcmp(k->scalar, "none") && (err = resolve(I, k, 2, &w)))
        return err;
    if (w == v)
        return vs_yerr(I->doc, k, VS_EINVAL, "a virtual router cannot be its own partner");
    if (vrs[v].partner >= 0)
        vrs[vrs[v].partner].partner = -1;
    if (w >= 0 && vrs[w].partner >= 0)
        vrs[vrs[w].partner].partner = -1;
    vrs[v].partner = w;
    if (w >= 0) {
        vrs[w].partner = v;
        if (vrs[v].home == vrs[w].home)
            return vs_yerr(I->doc, k, VS_EINFEASIBLE, "'%s' and its partner '%s' are both on "
                                                      "'%s': partners never share a router",
                           vrs[v].name, vrs[w].name, I->inst->nodes[vrs[v].home].name);
    }
    return VS_OK;
}

static vs_err_t vrs(inv_t *I, const vs_ynode_t *sec)
{
    vs_err_t err = VS_OK;
    VS_TRY(vs_yexpect(I->doc, sec, VS_Y_MAP,
                      "a mapping of virtual-router names to their parameters"));
    for (size_t i = 0; i < sec->len; i++) {
        int v;
        VS_TRY(resolve(I, sec->keys[i], 2, &v));
        I->vr_entry[v] = sec->vals[i];
        VS_TRY(vr(I, v, sec->vals[i]));
    }
    for (size_t i = 0; i < sec->len; i++) {
        int v;
        VS_TRY(resolve(I, sec->keys[i], 2, &v));
        VS_TRY(vr_partner(I, v, sec->vals[i]));
    }
out:
    return err;
}

/* defaults: router and virtual_router mappings applied to every router and VR first. */
static vs_err_t defaults(inv_t *I, const vs_ynode_t *sec)
{
    vs_err_t err = VS_OK;
    const vs_ynode_t *m;
    VS_TRY(vs_yexpect(I->doc, sec, VS_Y_MAP, "a mapping with router and virtual_router"));
    VS_TRY(vs_ycheck_keys(I->doc, sec, default_keys));
    if ((m = vs_ynode_get(sec, "router")))
        for (int p = 0; p < I->inst->n_nodes; p++)
            if (I->inst->nodes[p].router)
                VS_TRY(router(I, m, &I->inst->nodes[p]));
    if ((m = vs_ynode_get(sec, "virtual_router"))) {
        if (vs_ynode_get(m, "partner"))
            return vs_yerr(I->doc, vs_ynode_get(m, "partner"), VS_EINVAL,
                           "a partner is per virtual router, not a default");
        I->in_defaults = true;
        for (int v = 0; v < I->inst->n_vrs; v++)
            VS_TRY(vr(I, v, m));
        I->in_defaults = false;
    }
out:
    return err;
}

/* A VR without a platform of its own runs its home router's; every VR must be one its home
 * can host (the error at the VR's entry, else at its router's). */
static vs_err_t check_homes(inv_t *I, const vs_ynode_t *routers_sec)
{
    sched_inst_t *inst = I->inst;
    char buf[256];
    for (int v = 0; v < inst->n_vrs; v++) {
        sched_vr_t *x = &inst->vrs[v];
        if (!I->vr_platform[v])
            x->platform = inst->nodes[x->home].platform;
        if (!sched_ineligible(inst, v, x->home, buf, sizeof buf))
            continue;
        const vs_ynode_t *at = I->vr_entry[v];
        if (!at && routers_sec)
            at = vs_ynode_get(routers_sec, inst->nodes[x->home].name);
        return vs_yerr(I->doc, at ? at : vs_ydoc_root(I->doc), VS_EINFEASIBLE,
                       "virtual router '%s' cannot stay on its router: %s", x->name, buf);
    }
    return VS_OK;
}

vs_err_t sched_inventory_apply(const char *path, const sched_inventory_base_t *cfg,
                               sched_inst_t *inst)
{
    vs_ydoc_t *doc = NULL;
    vs_err_t err = vs_ydoc_load_file(path, &doc);
    if (err)
        return err;
    size_t n = (size_t)inst->n_nodes + (size_t)inst->n_vrs + (size_t)inst->n_pops + 1;
    inv_t I = {.doc = doc, .cfg = cfg, .inst = inst, .names = malloc(n * sizeof(char *)),
               .vr_entry = calloc((size_t)inst->n_vrs + 1, sizeof(vs_ynode_t *)),
               .vr_platform = calloc((size_t)inst->n_vrs + 1, sizeof(bool))};
    if (!I.names || !I.vr_entry || !I.vr_platform) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    const vs_ynode_t *root = vs_ydoc_root(doc), *sec;
    VS_TRY(vs_yexpect(doc, root, VS_Y_MAP, "an inventory (a mapping with version: 1)"));
    VS_TRY(vs_ycheck_keys(doc, root, top_keys));
    int64_t version = 0;
    VS_TRY(vs_yget_int(doc, root, "version", true, 1, 1, &version));
    if ((sec = vs_ynode_get(root, "defaults")))
        VS_TRY(defaults(&I, sec));
    if ((sec = vs_ynode_get(root, "pops")))
        VS_TRY(pops(&I, sec));
    if ((sec = vs_ynode_get(root, "routers")))
        VS_TRY(routers(&I, sec));
    if ((sec = vs_ynode_get(root, "virtual_routers")))
        VS_TRY(vrs(&I, sec));
    VS_TRY(check_homes(&I, vs_ynode_get(root, "routers")));
    VS_TRY(sched_inst_refresh(inst));
out:
    free(I.names);
    free(I.vr_entry);
    free(I.vr_platform);
    vs_ydoc_free(doc);
    return err;
}
