#include "igp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_profile.h"
#include "vs_log.h"
#include "vs_out.h"

/* FRR 8.4: lib/libospf.h (OSPF_MIN_LS_INTERVAL, OSPF_SPF_DELAY_DEFAULT,
 * OSPF_SPF_HOLDTIME_DEFAULT, OSPF_SPF_MAX_HOLDTIME_DEFAULT). */
#define MIN_LS_INTERVAL SIM_MS(5000)
#define SPF_DELAY SIM_MS(0)
#define SPF_HOLD SIM_MS(50)
#define SPF_MAX_HOLD SIM_MS(5000)
/* An interface that comes up sends its first hello after 1 ms (ism_timer_set in FRR 8.4's
 * ospfd/ospf_ism.c, point-to-point). */
#define FIRST_HELLO SIM_MS(1)

#define NONE IGP_NONE
#define NO_WRITE (-1) /* an event that caused no FIB write */
/* Event arguments pack indices in 20 bits (and a record or generation in 24). */
#define IDX_BITS 20
#define IDX_MAX ((1u << IDX_BITS) - 1)
#define TOP_MAX ((1u << 24) - 1)

/* A router-LSA as one VR originated it: whether each of its virtual links (in the order of
 * its incidence list) was up at its end. */
typedef struct {
    uint32_t origin, seq;
    uint8_t *up;
} rec_t;

typedef struct {
    uint32_t *view;      /* per origin: the record of its LSA held here */
    uint32_t *fib;       /* per destination: next virtual link in force */
    uint32_t *want;      /* per destination: what the last SPF computed; NULL before one */
    bool own_view, own_fib; /* else view and fib are the converged start's, shared */
    uint32_t gen;        /* FIB writes of an older SPF are void */
    sim_time_t last_spf, last_orig;
    bool spf_pending, orig_pending, spf_ran, originated;
    bool dead;           /* its router failed: no LSAs in or out, no SPF, no forwarding */
    int hold_mult;
    sim_time_t rpc, install, replace, del; /* per route written to the data plane */
    int64_t batch;                         /* routes handed over per batch, each batch ... */
    sim_time_t batch_ovh;                  /* ... costing this on top */
} vr_t;

typedef struct {
    sim_time_t at, last_write;
    const char *kind;           /* static storage */
    char element[128];          /* what failed, by name */
    bool up;
    uint64_t routes_missing;
    sim_time_t missing_ns;
} ev_t;

typedef struct {
    uint64_t hash;
    uint8_t *usable;
    uint32_t *next;      /* next[v * nv + d] */
} table_t;

#define N_TABLES 4

struct igp {
    sim_t *sim;
    const scn_t *scn;
    size_t nv, ne;
    igp_delay_fn delay;
    void *dctx;
    uint32_t *inc_off, *inc;   /* CSR: each VR's virtual links in index order */
    uint32_t *pos;             /* pos[2k + end]: k's place in that end's incidence list */
    uint16_t *down;            /* per link: causes keeping it down (flap, failures); 0 = up */
    uint8_t *adj;              /* adj[2k + end]: the adjacency as that end sees it */
    vr_t *vr;
    rec_t *rec;
    size_t n_rec, cap_rec;
    uint32_t *view0, *next0;   /* the converged start all VRs share until they change */
    table_t tab[N_TABLES];
    size_t tab_next;
    uint8_t *scratch;          /* ne: the usable links of the view being computed */
    uint32_t *queue;
    sim_time_t *missing_since; /* per (v, d): since when v has had no route; SIM_TIME_MAX: has one */
    uint32_t *missing_ev;      /* per (v, d): the event during which it went missing */
    ev_t *ev;
    size_t n_ev, cap_ev;
    uint64_t spf_runs, lsas, writes;
    igp_change_fn watch;       /* igp_watch */
    void *watch_ctx;
};

static size_t other(const scn_vlink_t *l, size_t v) { return l->a == v ? l->b : l->a; }
static int end_of(const scn_vlink_t *l, size_t v) { return l->a == v ? 0 : 1; }

uint32_t igp_next(const igp_t *g, size_t v, size_t d) { return g->vr[v].fib[d]; }
bool igp_link_up(const igp_t *g, size_t k) { return g->down[k] == 0; }
bool igp_vr_alive(const igp_t *g, size_t v) { return !g->vr[v].dead; }

void igp_watch(igp_t *g, igp_change_fn fn, void *ctx)
{
    g->watch = fn;
    g->watch_ctx = ctx;
}

static void changed(igp_t *g, size_t v, size_t d)
{
    if (g->watch)
        g->watch(g->watch_ctx, v, d);
}

static void link_changed(igp_t *g, size_t k)
{
    changed(g, g->scn->vlinks[k].a, NONE);
    changed(g, g->scn->vlinks[k].b, NONE);
}

/* ---- routes from a view ------------------------------------------------------------------ */

/* The links usable in VR v's copy of the LSAs, into g->scratch; returns its hash (FNV-1a). */
static uint64_t usable(igp_t *g, size_t v)
{
    uint64_t h = 1469598103934665603u;
    const uint32_t *view = g->vr[v].view;
    for (size_t k = 0; k < g->ne; k++) {
        const scn_vlink_t *l = &g->scn->vlinks[k];
        uint32_t ra = view[l->a], rb = view[l->b];
        g->scratch[k] = ra != NONE && rb != NONE && g->rec[ra].up[g->pos[2 * k]] &&
                        g->rec[rb].up[g->pos[2 * k + 1]];
        h = (h ^ g->scratch[k]) * 1099511628211u;
    }
    return h;
}

/* Next hops of every VR toward every destination over the usable links: breadth first
 * from each destination, links in index order (the routes of the data plane before). */
static void routes(igp_t *g, uint32_t *next)
{
    size_t n = g->nv;
    for (size_t i = 0; i < n * n; i++)
        next[i] = NONE;
    for (size_t d = 0; d < n; d++) {
        size_t h = 0, t = 0;
        g->queue[t++] = (uint32_t)d;
        next[d * n + d] = NONE - 1; /* reached */
        while (h < t) {
            size_t u = g->queue[h++];
            for (uint32_t i = g->inc_off[u]; i < g->inc_off[u + 1]; i++) {
                uint32_t k = g->inc[i];
                size_t w = other(&g->scn->vlinks[k], u);
                if (!g->scratch[k] || next[w * n + d] != NONE)
                    continue;
                next[w * n + d] = k;
                g->queue[t++] = (uint32_t)w;
            }
        }
        next[d * n + d] = NONE;
    }
}

/* The routing table of VR v's view: cached by the set of usable links. */
static const uint32_t *table_of(igp_t *g, size_t v)
{
    uint64_t h = usable(g, v);
    for (size_t i = 0; i < N_TABLES; i++)
        if (g->tab[i].next && g->tab[i].hash == h && !memcmp(g->tab[i].usable, g->scratch, g->ne))
            return g->tab[i].next;
    table_t *t = &g->tab[g->tab_next];
    size_t n = g->nv;
    if (!t->next && (!(t->usable = malloc(g->ne ? g->ne : 1)) ||
                     !(t->next = malloc(n * n * sizeof *t->next)))) {
        free(t->usable);
        t->usable = NULL;
        VS_WARN("igp", "out of memory for a routing table of %zu VRs: the SPF is skipped", n);
        return NULL;
    }
    g->tab_next = (g->tab_next + 1) % N_TABLES;
    t->hash = h;
    memcpy(t->usable, g->scratch, g->ne);
    routes(g, t->next);
    return t->next;
}

/* ---- the FIB ----------------------------------------------------------------------------- */

/* VR v's own copy of its view, its FIB and its SPF's result, made when it first changes
 * one (until then every VR shares the converged start: V^2 entries in all, not per VR).
 * False when out of memory (then the change is dropped, with a warning). */
static bool own(igp_t *g, size_t v, bool view, bool fib, bool want)
{
    vr_t *r = &g->vr[v];
    size_t n = g->nv, sz = n * sizeof(uint32_t);
    uint32_t *x;
    if (view && !r->own_view) {
        if (!(x = malloc(sz)))
            goto oom;
        memcpy(x, r->view, sz);
        r->view = x;
        r->own_view = true;
    }
    if (fib && !r->own_fib) {
        if (!(x = malloc(sz)))
            goto oom;
        memcpy(x, r->fib, sz);
        r->fib = x;
        r->own_fib = true;
    }
    if (want && !r->want) {
        if (!(r->want = malloc(sz)))
            goto oom;
        memcpy(r->want, r->fib, sz);
    }
    return true;
oom:
    VS_WARN("igp", "out of memory: VR %zu's routing change is dropped", v);
    return false;
}

static void on_write(sim_t *sim, void *ctx, uint64_t arg)
{
    igp_t *g = ctx;
    size_t v = (arg >> IDX_BITS) & IDX_MAX, d = arg & IDX_MAX;
    vr_t *r = &g->vr[v];
    if ((uint32_t)(arg >> (2 * IDX_BITS)) != (r->gen & TOP_MAX) || r->dead || !own(g, v, false, true, false))
        return; /* superseded by a later SPF, or the router failed */
    sim_time_t now = sim_now(sim);
    uint32_t old = r->fib[d], nw = r->want[d];
    size_t i = v * g->nv + d;
    ev_t *e = &g->ev[g->n_ev - 1]; /* writes follow events: n_ev >= 1 */
    r->fib[d] = nw;
    g->writes++;
    e->last_write = now;
    if (!g->missing_since) /* no failures: routes cannot go missing */
        return;
    if (nw == NONE && old != NONE) {
        g->missing_since[i] = now;
        g->missing_ev[i] = (uint32_t)(g->n_ev - 1);
        e->routes_missing++;
    } else if (nw != NONE && g->missing_since[i] != SIM_TIME_MAX) {
        g->ev[g->missing_ev[i]].missing_ns += now - g->missing_since[i]; /* where it began */
        g->missing_since[i] = SIM_TIME_MAX;
    }
    if (nw != old)
        changed(g, v, d);
}

static void on_spf(sim_t *sim, void *ctx, uint64_t v)
{
    igp_t *g = ctx;
    vr_t *r = &g->vr[v];
    sim_time_t at = sim_now(sim);
    r->spf_pending = false;
    if (r->dead)
        return;
    r->spf_ran = true;
    r->last_spf = at;
    g->spf_runs++;
    const uint32_t *table = table_of(g, v);
    if (!table || !own(g, v, false, false, true))
        return;
    const uint32_t *row = table + v * g->nv;
    r->gen++;
    int64_t n = 0;
    for (size_t d = 0; d < g->nv; d++) {
        r->want[d] = row[d];
        if (d == v || row[d] == r->fib[d])
            continue;
        at += (n++ % r->batch == 0 ? r->batch_ovh : 0) + r->rpc +
              (r->fib[d] == NONE ? r->install : row[d] == NONE ? r->del : r->replace);
        sim_at(sim, at, on_write, g,
               (uint64_t)(r->gen & TOP_MAX) << (2 * IDX_BITS) | (uint64_t)v << IDX_BITS | d);
    }
}

/* ospfd's SPF throttle (ospf_spf_calculate_schedule, FRR 8.4). */
static void schedule_spf(igp_t *g, size_t v)
{
    vr_t *r = &g->vr[v];
    if (r->spf_pending || r->dead)
        return;
    sim_time_t now = sim_now(g->sim), delay = SPF_DELAY;
    sim_time_t ht = SPF_HOLD * r->hold_mult;
    ht = ht > SPF_MAX_HOLD ? SPF_MAX_HOLD : ht;
    if (r->spf_ran && now - r->last_spf < ht) {
        if (ht < SPF_MAX_HOLD)
            r->hold_mult++;
        delay = ht - (now - r->last_spf) < SPF_DELAY ? SPF_DELAY : ht - (now - r->last_spf);
    } else {
        r->hold_mult = 1;
    }
    r->spf_pending = true;
    sim_at(g->sim, now + delay, on_spf, g, v);
}

/* ---- flooding ---------------------------------------------------------------------------- */

static void on_lsa(sim_t *sim, void *ctx, uint64_t arg);

/* Sends record rec from v over virtual link k (when its adjacency is up at v). */
static void send_lsa(igp_t *g, size_t v, uint32_t k, uint32_t rec)
{
    const scn_vlink_t *l = &g->scn->vlinks[k];
    if (g->down[k] || !g->adj[2 * k + (size_t)end_of(l, v)] || rec == NONE)
        return;
    sim_time_t d = g->delay(g->dctx, k);
    if (d == SIM_TIME_MAX)
        return;
    sim_at(g->sim, sim_now(g->sim) + d, on_lsa, g,
           (uint64_t)rec << (2 * IDX_BITS) | (uint64_t)k << IDX_BITS | other(l, v));
}

static void flood(igp_t *g, size_t v, uint32_t rec, uint32_t except)
{
    for (uint32_t i = g->inc_off[v]; i < g->inc_off[v + 1]; i++)
        if (g->inc[i] != except)
            send_lsa(g, v, g->inc[i], rec);
}

static void on_lsa(sim_t *sim, void *ctx, uint64_t arg)
{
    igp_t *g = ctx;
    uint32_t rec = (uint32_t)(arg >> (2 * IDX_BITS)), k = (arg >> IDX_BITS) & IDX_MAX;
    size_t w = arg & IDX_MAX;
    const scn_vlink_t *l = &g->scn->vlinks[k];
    (void)sim;
    if (g->down[k] || !g->adj[2 * k + (size_t)end_of(l, w)] || g->vr[w].dead)
        return; /* the link went down under it, or the router */
    uint32_t held = g->vr[w].view[g->rec[rec].origin];
    if ((held != NONE && g->rec[held].seq >= g->rec[rec].seq) || !own(g, w, true, false, false))
        return;
    g->vr[w].view[g->rec[rec].origin] = rec;
    g->lsas++;
    flood(g, w, rec, k);
    schedule_spf(g, w);
}

static vs_err_t add_rec(igp_t *g, size_t v, uint32_t seq, uint32_t *out)
{
    if (g->n_rec == g->cap_rec) {
        size_t cap = g->cap_rec ? 2 * g->cap_rec : 16;
        rec_t *x = cap <= TOP_MAX ? realloc(g->rec, cap * sizeof *x) : NULL;
        if (!x)
            return vs_fail(VS_ENOMEM, "out of memory (router-LSAs)");
        g->rec = x;
        g->cap_rec = cap;
    }
    size_t deg = g->inc_off[v + 1] - g->inc_off[v];
    rec_t *r = &g->rec[g->n_rec];
    if (!(r->up = malloc(deg + 1)))
        return vs_fail(VS_ENOMEM, "out of memory (router-LSAs)");
    for (size_t i = 0; i < deg; i++) {
        uint32_t k = g->inc[g->inc_off[v] + i];
        r->up[i] = g->adj[2 * k + (size_t)end_of(&g->scn->vlinks[k], v)];
    }
    r->origin = (uint32_t)v;
    r->seq = seq;
    *out = (uint32_t)g->n_rec++;
    return VS_OK;
}

static void on_originate(sim_t *sim, void *ctx, uint64_t v);

/* v re-originates its router-LSA now, or when MinLSInterval since the last has passed. */
static void originate(igp_t *g, size_t v)
{
    vr_t *r = &g->vr[v];
    sim_time_t now = sim_now(g->sim);
    if (r->dead)
        return;
    if (r->originated && now - r->last_orig < MIN_LS_INTERVAL) {
        if (!r->orig_pending) {
            r->orig_pending = true;
            sim_at(g->sim, r->last_orig + MIN_LS_INTERVAL, on_originate, g, v);
        }
        return;
    }
    uint32_t rec;
    if (!own(g, v, true, false, false))
        return;
    if (add_rec(g, v, g->rec[r->view[v]].seq + 1, &rec) != VS_OK) {
        VS_WARN("igp", "%s", vs_errmsg()); /* out of memory: the change stays unannounced */
        vs_errclear();
        return;
    }
    r->originated = true;
    r->last_orig = now;
    r->view[v] = rec;
    flood(g, v, rec, NONE);
    schedule_spf(g, v);
}

static void on_originate(sim_t *sim, void *ctx, uint64_t v)
{
    igp_t *g = ctx;
    (void)sim;
    g->vr[v].orig_pending = false;
    originate(g, v);
}

/* An adjacency that came up: both ends offer each other their copies (the database
 * exchange, as one flood of what each holds; what the other has already is ignored). */
static void exchange(igp_t *g, uint32_t k)
{
    const scn_vlink_t *l = &g->scn->vlinks[k];
    for (size_t u = 0; u < g->nv; u++) {
        send_lsa(g, l->a, k, g->vr[l->a].view[u]);
        send_lsa(g, l->b, k, g->vr[l->b].view[u]);
    }
}

/* An end of link k sees its adjacency change: arg = 4k + 2 end + up. An up goes to both
 * ends at once (end 0) and is followed by the database exchange. */
static void on_detect(sim_t *sim, void *ctx, uint64_t arg)
{
    igp_t *g = ctx;
    uint32_t k = (uint32_t)(arg >> 2);
    int end = (arg >> 1) & 1;
    bool up = arg & 1;
    const scn_vlink_t *l = &g->scn->vlinks[k];
    (void)sim;
    if ((g->down[k] == 0) != up) /* changed again since */
        return;
    if (!up) {
        g->adj[2 * k + (size_t)end] = 0;
        originate(g, end ? l->b : l->a);
        return;
    }
    if (g->vr[l->a].dead || g->vr[l->b].dead)
        return; /* no hellos from a dead router */
    g->adj[2 * k] = g->adj[2 * k + 1] = 1;
    originate(g, l->a);
    originate(g, l->b);
    exchange(g, k);
}

void igp_event(igp_t *g, const char *kind, const char *element, bool up)
{
    if (g->n_ev == g->cap_ev) {
        size_t cap = g->cap_ev ? 2 * g->cap_ev : 8;
        ev_t *x = realloc(g->ev, cap * sizeof *x);
        if (!x) {
            VS_WARN("igp", "out of memory: the %s at %.9f s is reported with the one before",
                    kind, sim_to_s(sim_now(g->sim)));
            return;
        }
        g->ev = x;
        g->cap_ev = cap;
    }
    ev_t *e = &g->ev[g->n_ev++];
    *e = (ev_t){.at = sim_now(g->sim), .last_write = NO_WRITE, .kind = kind, .up = up};
    snprintf(e->element, sizeof e->element, "%s", element);
}

void igp_link_fail(igp_t *g, size_t k, const sim_time_t detect[2])
{
    if (g->down[k]++ > 0)
        return; /* down already */
    link_changed(g, k);
    sim_time_t now = sim_now(g->sim);
    for (int e = 0; e < 2; e++)
        if (detect[e] != SIM_TIME_MAX)
            sim_at(g->sim, now + detect[e], on_detect, g, (uint64_t)k << 2 | (uint64_t)e << 1);
}

void igp_link_restore(igp_t *g, size_t k)
{
    if (g->down[k] == 0 || --g->down[k] > 0)
        return; /* up already, or still down for another cause */
    link_changed(g, k);
    const scn_t *s = g->scn;
    /* first hellos 1 ms after the interface comes up; the second lists the other end */
    sim_time_t ha = s->vrouters[s->vlinks[k].a].hello, hb = s->vrouters[s->vlinks[k].b].hello;
    sim_time_t d = g->delay(g->dctx, k);
    sim_time_t wait = FIRST_HELLO + (ha > hb ? ha : hb) + (d == SIM_TIME_MAX ? 0 : d);
    sim_at(g->sim, sim_now(g->sim) + wait, on_detect, g, (uint64_t)k << 2 | 1);
}

/* Stops counting VR v's routes as missing (it died), or starts them all (it came back with
 * an empty FIB). */
static void vr_routes_missing(igp_t *g, size_t v, bool missing)
{
    sim_time_t now = sim_now(g->sim);
    if (!g->missing_since)
        return;
    for (size_t d = 0; d < g->nv; d++) {
        size_t i = v * g->nv + d;
        if (!missing && g->missing_since[i] != SIM_TIME_MAX) {
            g->ev[g->missing_ev[i]].missing_ns += now - g->missing_since[i];
            g->missing_since[i] = SIM_TIME_MAX;
        } else if (missing && d != v && g->n_ev) {
            g->missing_since[i] = now;
            g->missing_ev[i] = (uint32_t)(g->n_ev - 1);
            g->ev[g->n_ev - 1].routes_missing++;
        }
    }
}

void igp_vr_set(igp_t *g, size_t v, bool alive)
{
    vr_t *r = &g->vr[v];
    if (r->dead == !alive)
        return;
    r->dead = !alive;
    r->gen++; /* pending writes are void */
    changed(g, v, NONE);
    if (!alive) {
        vr_routes_missing(g, v, false);
        return;
    }
    /* A restart: its own LSA only, an empty FIB; it relearns as its adjacencies form. */
    if (!own(g, v, true, true, true))
        return;
    for (size_t u = 0; u < g->nv; u++) {
        if (u != v)
            r->view[u] = NONE;
        r->fib[u] = r->want[u] = NONE;
    }
    r->spf_ran = r->originated = r->orig_pending = false;
    r->hold_mult = 1;
    vr_routes_missing(g, v, true);
}

/* ---- set-up and results ------------------------------------------------------------------ */

/* What writing one route costs on each VR's data plane: its first host's FIB profile. Only
 * needed when something can change (the scenario has events). */
static vs_err_t write_costs(igp_t *g)
{
    const scn_t *s = g->scn;
    for (size_t v = 0; v < g->nv; v++) {
        const scn_prouter_t *p = &s->prouters[s->vrouters[v].host];
        const hw_profile_t *prof = NULL;
        vs_err_t err = hw_profile_load(p->fib_profile, &prof);
        if (!err && !prof->has_fib)
            err = vs_fail(VS_EINVAL, "profile '%s' has no 'fib' section", p->fib_profile);
        if (err) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", vs_errmsg());
            hw_profile_free(prof);
            return vs_fail(err, "routing: the data plane of router '%s': %s", p->name, msg);
        }
        vr_t *r = &g->vr[v];
        r->rpc = prof->fib.rpc_ns;
        r->install = prof->fib.install_ns;
        r->replace = prof->fib.replace_ns;
        r->del = prof->fib.delete_ns;
        r->batch = prof->fib.batch_size > 0 ? prof->fib.batch_size : 1;
        r->batch_ovh = prof->fib.batch_overhead_ns;
        hw_profile_free(prof);
    }
    return VS_OK;
}

static vs_err_t incidence(igp_t *g)
{
    const scn_t *s = g->scn;
    g->inc_off = calloc(g->nv + 2, sizeof *g->inc_off);
    g->inc = malloc((2 * g->ne + 1) * sizeof *g->inc);
    g->pos = malloc((2 * g->ne + 1) * sizeof *g->pos);
    if (!g->inc_off || !g->inc || !g->pos)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t k = 0; k < g->ne; k++) {
        g->inc_off[s->vlinks[k].a + 2]++;
        g->inc_off[s->vlinks[k].b + 2]++;
    }
    for (size_t v = 2; v < g->nv + 2; v++)
        g->inc_off[v] += g->inc_off[v - 1];
    for (size_t k = 0; k < g->ne; k++) /* in link order within each row */
        for (int e = 0; e < 2; e++) {
            size_t v = e ? s->vlinks[k].b : s->vlinks[k].a;
            g->inc[g->inc_off[v + 1]++] = (uint32_t)k;
        }
    for (size_t v = 0; v < g->nv; v++) /* rows are final now: each link's place in them */
        for (uint32_t i = g->inc_off[v]; i < g->inc_off[v + 1]; i++) {
            uint32_t k = g->inc[i];
            g->pos[2 * k + (size_t)end_of(&s->vlinks[k], v)] = i - g->inc_off[v];
        }
    return VS_OK;
}

static vs_err_t alloc_all(igp_t *g)
{
    size_t n = g->nv, e = g->ne ? g->ne : 1;
    g->vr = calloc(n, sizeof *g->vr);
    g->down = calloc(e, sizeof *g->down);
    g->adj = malloc(2 * e);
    g->scratch = malloc(e);
    g->queue = malloc(n * sizeof *g->queue);
    g->view0 = malloc(n * sizeof *g->view0);
    g->next0 = malloc(n * n * sizeof *g->next0);
    if (!g->vr || !g->down || !g->adj || !g->scratch || !g->queue || !g->view0 || !g->next0)
        return vs_fail(VS_ENOMEM, "out of memory (routing of %zu VRs: %zu MB of routes)", n,
                       n * n * sizeof *g->next0 >> 20);
    if (scn_has_failures(g->scn)) { /* what a route missing needs: only when one can be */
        g->missing_since = malloc(n * n * sizeof *g->missing_since);
        g->missing_ev = malloc(n * n * sizeof *g->missing_ev);
        if (!g->missing_since || !g->missing_ev)
            return vs_fail(VS_ENOMEM, "out of memory (routing of %zu VRs)", n);
        for (size_t i = 0; i < n * n; i++)
            g->missing_since[i] = SIM_TIME_MAX;
    }
    return VS_OK;
}

/* Every link up, every VR's LSA everywhere, every FIB as its SPF gives it. */
static vs_err_t converge(igp_t *g)
{
    size_t n = g->nv;
    memset(g->adj, 1, 2 * g->ne);
    for (size_t v = 0; v < n; v++) {
        uint32_t rec;
        vs_err_t err = add_rec(g, v, 1, &rec);
        if (err)
            return err;
    }
    for (size_t u = 0; u < n; u++)
        g->view0[u] = (uint32_t)u;
    memset(g->scratch, 1, g->ne); /* every link usable */
    routes(g, g->next0);
    for (size_t v = 0; v < n; v++) {
        vr_t *r = &g->vr[v];
        r->view = g->view0;
        r->fib = g->next0 + v * n;
        r->hold_mult = 1;
    }
    return VS_OK;
}

vs_err_t igp_create(sim_t *sim, const scn_t *scn, igp_delay_fn delay, void *ctx, igp_t **out)
{
    *out = NULL;
    if (scn->n_vrouters > IDX_MAX || scn->n_vlinks > IDX_MAX)
        return vs_fail(VS_ERANGE, "routing: at most %u virtual routers and links (%zu and %zu)",
                       IDX_MAX, scn->n_vrouters, scn->n_vlinks);
    igp_t *g = calloc(1, sizeof *g);
    if (!g)
        return vs_fail(VS_ENOMEM, "out of memory");
    *g = (igp_t){.sim = sim, .scn = scn, .nv = scn->n_vrouters, .ne = scn->n_vlinks,
                 .delay = delay, .dctx = ctx};
    vs_err_t err = alloc_all(g);
    if (!err)
        err = incidence(g);
    if (!err)
        err = converge(g);
    if (!err && scn_has_failures(scn))
        err = write_costs(g);
    if (err) {
        igp_destroy(g);
        return err;
    }
    *out = g;
    return VS_OK;
}

void igp_destroy(igp_t *g)
{
    if (!g)
        return;
    for (size_t v = 0; g->vr && v < g->nv; v++) {
        if (g->vr[v].own_view)
            free(g->vr[v].view);
        if (g->vr[v].own_fib)
            free(g->vr[v].fib);
        free(g->vr[v].want);
    }
    free(g->view0);
    free(g->next0);
    for (size_t i = 0; i < g->n_rec; i++)
        free(g->rec[i].up);
    for (size_t i = 0; i < N_TABLES; i++) {
        free(g->tab[i].usable);
        free(g->tab[i].next);
    }
    free(g->vr);
    free(g->rec);
    free(g->inc_off);
    free(g->inc);
    free(g->pos);
    free(g->down);
    free(g->adj);
    free(g->scratch);
    free(g->queue);
    free(g->missing_since);
    free(g->missing_ev);
    free(g->ev);
    free(g);
}

/* Event e's routes still without a next hop at the end: their time so far. */
static sim_time_t open_missing(const igp_t *g, size_t e, sim_time_t now)
{
    sim_time_t sum = 0;
    for (size_t i = 0; g->missing_since && i < g->nv * g->nv; i++)
        if (g->missing_since[i] != SIM_TIME_MAX && g->missing_ev[i] == e)
            sum += now - g->missing_since[i];
    return sum;
}

vs_err_t igp_report(const igp_t *g, cJSON *obj)
{
    cJSON *o = vs_json_obj(obj, "igp");
    cJSON *arr = o ? vs_json_arr(o, "events") : NULL;
    if (!arr)
        return vs_fail(VS_ENOMEM, "out of memory");
    cJSON_AddNumberToObject(o, "spf_runs", (double)g->spf_runs);
    cJSON_AddNumberToObject(o, "lsas_flooded", (double)g->lsas);
    cJSON_AddNumberToObject(o, "fib_writes", (double)g->writes);
    for (size_t i = 0; i < g->n_ev; i++) {
        const ev_t *e = &g->ev[i];
        cJSON *x = cJSON_CreateObject();
        if (!x || !cJSON_AddItemToArray(arr, x))
            return vs_fail(VS_ENOMEM, "out of memory");
        cJSON_AddNumberToObject(x, "at_s", sim_to_s(e->at));
        cJSON_AddStringToObject(x, "event", e->kind);
        cJSON_AddStringToObject(x, "element", e->element);
        cJSON_AddStringToObject(x, "change", e->up ? "up" : "down");
        if (e->last_write == NO_WRITE)
            cJSON_AddNullToObject(x, "convergence_s");
        else
            cJSON_AddNumberToObject(x, "convergence_s", sim_to_s(e->last_write - e->at));
        cJSON_AddNumberToObject(x, "routes_missing", (double)e->routes_missing);
        sim_time_t miss = e->missing_ns + (e->routes_missing ? open_missing(g, i, sim_now(g->sim)) : 0);
        cJSON_AddNumberToObject(x, "route_missing_s", sim_to_s(miss));
    }
    return VS_OK;
}
