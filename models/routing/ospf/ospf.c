#include "ospf.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_star.h"
#include "sim_rng.h"
#include "sim_stats.h"
#include "vs_log.h"
#include "vs_units.h"

/* Neighbour state, collapsed from RFC 2328 Section 10.1: Down; Init (hellos heard, but not
 * listing us); Full (two-way; the database exchange is not modelled). Driven by hello
 * reception (Down->Init->Full, Full->Init on a one-way hello) and by the dead timer
 * (any->Down). */
enum { ST_DOWN, ST_INIT, ST_FULL };

/* The inactivity timer fires when strictly more than RouterDeadInterval has passed without a
 * hello: a hello arriving exactly RouterDeadInterval after the previous one keeps the
 * adjacency. Without hello jitter the neighbours' hellos sit on a fixed grid, and with dead a
 * multiple of hello the expiry would otherwise tie with a hello arrival every time three
 * hellos in a row are lost; 1 ns makes the (documented) outcome independent of event order. */
#define OSPF_DEAD_SLACK SIM_NS(1)

/* Packet kinds, in the low bits of an event's arg. */
enum { PK_HELLO = 0, PK_LSU = 1, PK_ACK = 2, PK_LEARN = 3 };
/* Timer kinds. */
enum { TM_HELLO = 0, TM_DEAD = 1, TM_RXMT = 2 };

/* Per link end: hello, inactivity and retransmission timers. */
static const rt_star_kind_t ospf_kind = {.proto = "ospf", .peer = "neighbour",
                                         .period = "hello", .letter = "N",
                                         .max_peers = OSPF_MAX_NEIGHBORS, .timers = 3};

/* One end of an adjacency: end 0 is the router's interface towards the neighbour, end 1 the
 * neighbour's interface towards the router. */
typedef struct {
    uint8_t state;
    rt_timer_t hello, dead, rxmt;
    uint32_t rxmt_mask;         /* LSAs sent to the peer and not yet acknowledged */
    sim_time_t last_hello_rx;
} end_t;

/* Packets from the neighbour waiting in the frozen router's socket (RT_RX_QUEUE), summed up
 * without allocating: while the router is frozen the neighbour's hellos list it until the
 * neighbour's dead timer expires and never again (it hears nothing from the router), so they
 * are some that list it followed by some that do not; the updates and acknowledgements
 * among them are all sent while the neighbour was Full, i.e. among the first kind. Read at
 * resume in that order: a listing hello, the updates, the acknowledgements, a non-listing
 * hello. */
typedef struct {
    uint32_t hellos_seeing, hellos_blind;
    uint32_t lsu_mask, ack_mask;
    bool lsu_retx; /* every queued copy was a retransmission */
} rxq_t;

typedef struct {
    end_t end[2];
    rt_star_link_t link; /* the neighbour's process; trace entities "ospf:R->N", "ospf:N->R" */
    uint32_t nbr_lsdb;
    rxq_t q;
    ospf_nbr_result_t res;
} adj_t;

struct ospf {
    char *router;
    sim_time_t hello, dead, rxmt, delay;
    rt_proc_t rproc;
    rt_rx_mode_t frozen_rx;
    uint32_t router_lsdb;
    size_t n;
    adj_t *adj;
    int n_lsas;
    ospf_lsa_result_t lsa[OSPF_MAX_LSAS];
};

/* arg layout: bits 0-1 kind, bit 2 receiving end, bit 3 flag (hello: sender sees receiver;
 * update: retransmission), bits 4-27 adjacency, bits 32-63 LSA mask / id. */
static uint64_t pack(unsigned kind, unsigned to_end, unsigned flag, size_t adj, uint32_t mask)
{
    return (uint64_t)kind | (uint64_t)to_end << 2 | (uint64_t)flag << 3 | (uint64_t)adj << 4 |
           (uint64_t)mask << 32;
}

static rt_proc_t *proc_of(ospf_t *o, adj_t *a, unsigned e)
{
    return e == 0 ? &o->rproc : &a->link.peer;
}

static uint32_t *lsdb_of(ospf_t *o, adj_t *a, unsigned e)
{
    return e == 0 ? &o->router_lsdb : &a->nbr_lsdb;
}

static void trace(sim_t *sim, ospf_t *o, adj_t *a, unsigned e, const char *ev, const char *extra)
{
    if (sim_tracing(sim))
        sim_trace(sim, a ? a->link.name[e] : o->router, ev, extra);
}

const char *ospf_drop_cause_name(ospf_drop_cause_t c)
{
    switch (c) {
    case OSPF_DROP_NONE:
        return "none";
    case OSPF_DROP_NEIGHBOR_DEAD:
        return "neighbor_dead";
    case OSPF_DROP_ROUTER_DEAD:
        return "router_dead";
    case OSPF_DROP_ONE_WAY_AT_NEIGHBOR:
        return "one_way_at_neighbor";
    case OSPF_DROP_ONE_WAY_AT_ROUTER:
        return "one_way_at_router";
    default:
        return "?";
    }
}

static void rx(sim_t *sim, void *ctx, uint64_t arg);

static void transmit(sim_t *sim, ospf_t *o, size_t ai, unsigned from, unsigned kind, unsigned flag,
                     uint32_t mask)
{
    sim_after(sim, o->delay, rx, o, pack(kind, 1u - from, flag, ai, mask));
}

static void send_lsu(sim_t *sim, ospf_t *o, size_t ai, unsigned from, uint32_t mask, bool retx)
{
    adj_t *a = &o->adj[ai];
    end_t *e = &a->end[from];
    e->rxmt_mask |= mask;
    if (!rt_timer_armed(&e->rxmt))
        rt_timer_arm(sim, proc_of(o, a, from), &e->rxmt, sim_now(sim) + o->rxmt);
    if (from == 1 && retx)
        for (int i = 0; i < o->n_lsas; i++)
            if ((mask >> i & 1u) && !(o->router_lsdb >> i & 1u))
                o->lsa[i].retransmissions++;
    transmit(sim, o, ai, from, PK_LSU, retx, mask);
}

static void clear_rxmt(sim_t *sim, end_t *e)
{
    e->rxmt_mask = 0;
    rt_timer_cancel(sim, &e->rxmt);
}

static void drop(sim_t *sim, ospf_t *o, adj_t *a, unsigned e, ospf_drop_cause_t cause)
{
    if (a->res.drops++ == 0) {
        a->res.first_drop_at = sim_now(sim);
        a->res.first_drop_cause = cause;
    }
    if (sim_tracing(sim)) {
        char extra[64];
        snprintf(extra, sizeof extra, "\"cause\":\"%s\"", ospf_drop_cause_name(cause));
        trace(sim, o, a, e, "adjacency_down", extra);
    }
    VS_LOG_T(VS_LOG_DEBUG, "ospf", sim_now(sim), "%s: adjacency down (%s)", a->link.name[e],
             ospf_drop_cause_name(cause));
    clear_rxmt(sim, &a->end[e]);
}

/* The adjacency became Full at end e: the database exchange is abstracted as one update
 * carrying the whole database, under the same loss and acknowledgement rules. */
static void became_full(sim_t *sim, ospf_t *o, size_t ai, unsigned e)
{
    adj_t *a = &o->adj[ai];
    a->end[e].state = ST_FULL;
    trace(sim, o, a, e, "adjacency_full", NULL);
    VS_LOG_T(VS_LOG_DEBUG, "ospf", sim_now(sim), "%s: adjacency full", a->link.name[e]);
    uint32_t db = *lsdb_of(o, a, e);
    if (db)
        send_lsu(sim, o, ai, e, db, false);
}

static void on_timer(sim_t *sim, void *ctx, uint64_t arg)
{
    ospf_t *o = ctx;
    size_t ai = arg >> 8;
    unsigned e = (arg >> 4) & 1u, kind = arg & 0xfu;
    adj_t *a = &o->adj[ai];
    end_t *me = &a->end[e];
    switch (kind) {
    case TM_HELLO:
        trace(sim, o, a, e, "hello_sent",
              me->state != ST_DOWN ? "\"lists_peer\":true" : "\"lists_peer\":false");
        transmit(sim, o, ai, e, PK_HELLO, me->state != ST_DOWN, 0);
        rt_timer_arm(sim, proc_of(o, a, e), &me->hello, sim_now(sim) + o->hello);
        break;
    case TM_DEAD:
        trace(sim, o, a, e, "dead_timer_expired", NULL);
        if (me->state == ST_FULL)
            drop(sim, o, a, e, e == 0 ? OSPF_DROP_ROUTER_DEAD : OSPF_DROP_NEIGHBOR_DEAD);
        clear_rxmt(sim, me);
        me->state = ST_DOWN;
        break;
    case TM_RXMT:
        if (me->state == ST_FULL && me->rxmt_mask) {
            if (sim_tracing(sim)) {
                char extra[48];
                snprintf(extra, sizeof extra, "\"lsa_mask\":%u", (unsigned)me->rxmt_mask);
                trace(sim, o, a, e, "lsu_retransmitted", extra);
            }
            send_lsu(sim, o, ai, e, me->rxmt_mask, true);
        }
        break;
    default:
        assert(0);
    }
}

static void rx_hello(sim_t *sim, ospf_t *o, size_t ai, unsigned e, bool sees)
{
    adj_t *a = &o->adj[ai];
    end_t *me = &a->end[e];
    sim_time_t now = sim_now(sim);
    if (e == 1) {
        if (now - me->last_hello_rx > a->res.hello_gap_max)
            a->res.hello_gap_max = now - me->last_hello_rx;
    }
    me->last_hello_rx = now;
    trace(sim, o, a, e, "hello_received", sees ? "\"lists_us\":true" : "\"lists_us\":false");
    rt_timer_arm(sim, proc_of(o, a, e), &me->dead, now + o->dead + OSPF_DEAD_SLACK);
    if (!sees) {
        if (me->state == ST_FULL) {
            drop(sim, o, a, e, e == 0 ? OSPF_DROP_ONE_WAY_AT_ROUTER : OSPF_DROP_ONE_WAY_AT_NEIGHBOR);
            me->state = ST_INIT;
        } else if (me->state == ST_DOWN) {
            me->state = ST_INIT;
        }
    } else if (me->state != ST_FULL) {
        became_full(sim, o, ai, e);
    }
}

static void rx_lsu(sim_t *sim, ospf_t *o, size_t ai, unsigned e, uint32_t mask, bool retx)
{
    adj_t *a = &o->adj[ai];
    end_t *me = &a->end[e];
    if (me->state != ST_FULL)
        return; /* RFC 2328 13: updates only from neighbours in Exchange or later */
    uint32_t *db = lsdb_of(o, a, e);
    uint32_t fresh = mask & ~*db, dup = mask & *db;
    /* RFC 2328 13 (8)(a): a duplicate we are waiting an ack for is an implied ack. */
    uint32_t implied = dup & me->rxmt_mask;
    me->rxmt_mask &= ~implied;
    if (!me->rxmt_mask)
        rt_timer_cancel(sim, &me->rxmt);
    uint32_t ack = fresh | (dup & ~implied);
    if (ack)
        transmit(sim, o, ai, e, PK_ACK, 0, ack);
    if (!fresh)
        return;
    *db |= fresh;
    if (e != 0)
        return; /* the neighbour's other interfaces are outside the model */
    for (int i = 0; i < o->n_lsas; i++)
        if (fresh >> i & 1u) {
            ospf_lsa_result_t *l = &o->lsa[i];
            l->installed = sim_now(sim);
            l->via = (int)ai;
            l->by_retransmission = retx;
            if (sim_tracing(sim)) {
                char extra[96];
                snprintf(extra, sizeof extra, "\"lsa\":%d,\"retransmission\":%s", i,
                         retx ? "true" : "false");
                trace(sim, o, a, e, "lsa_installed", extra);
            }
        }
    /* Flood on every other Full interface (RFC 2328 13.3). */
    for (size_t j = 0; j < o->n; j++)
        if (j != ai && o->adj[j].end[0].state == ST_FULL)
            send_lsu(sim, o, j, 0, fresh, false);
}

static void rx_ack(sim_t *sim, ospf_t *o, size_t ai, unsigned e, uint32_t mask)
{
    end_t *me = &o->adj[ai].end[e];
    me->rxmt_mask &= ~mask;
    if (!me->rxmt_mask)
        rt_timer_cancel(sim, &me->rxmt);
}

/* The neighbour learns an LSA from the rest of the network and floods it to the router. */
static void learn(sim_t *sim, ospf_t *o, size_t ai, int id)
{
    adj_t *a = &o->adj[ai];
    uint32_t bit = 1u << id;
    if (a->nbr_lsdb & bit)
        return;
    a->nbr_lsdb |= bit;
    if (sim_tracing(sim)) {
        char extra[32];
        snprintf(extra, sizeof extra, "\"lsa\":%d", id);
        trace(sim, o, a, 1, "lsa_learned", extra);
    }
    if (a->end[1].state == ST_FULL)
        send_lsu(sim, o, ai, 1, bit, false);
}

/* Trace detail of a packet kind (PK_HELLO, PK_LSU, PK_ACK). */
static const char *const packet_kinds[] = {"\"packet\":\"hello\"", "\"packet\":\"lsu\"",
                                           "\"packet\":\"ack\""};

static void rx(sim_t *sim, void *ctx, uint64_t arg)
{
    ospf_t *o = ctx;
    unsigned kind = arg & 3u, e = (arg >> 2) & 1u, flag = (arg >> 3) & 1u;
    size_t ai = (size_t)((arg >> 4) & 0xffffffu);
    uint32_t mask = (uint32_t)(arg >> 32);
    adj_t *a = &o->adj[ai];
    if (kind == PK_LEARN) {
        learn(sim, o, ai, (int)mask);
        return;
    }
    if (e == 0 && o->rproc.frozen && o->frozen_rx == RT_RX_QUEUE) {
        /* The frozen router's kernel keeps it in the socket for ospf_resume. */
        trace(sim, o, a, 0, "queued_while_frozen", packet_kinds[kind]);
        switch (kind) {
        case PK_HELLO:
            a->res.hellos_queued++;
            if (flag)
                a->q.hellos_seeing++;
            else
                a->q.hellos_blind++;
            break;
        case PK_LSU:
            a->q.lsu_retx = a->q.lsu_mask ? a->q.lsu_retx && flag : flag;
            a->q.lsu_mask |= mask;
            break;
        default:
            a->q.ack_mask |= mask;
        }
        return;
    }
    if (e == 0 && o->rproc.frozen) {
        /* The frozen router: the packet is lost. */
        trace(sim, o, a, 0, "lost_while_frozen", packet_kinds[kind]);
        switch (kind) {
        case PK_HELLO:
            a->res.hellos_lost++;
            break;
        case PK_LSU:
            a->res.lsus_lost++;
            for (int i = 0; i < o->n_lsas; i++)
                if ((mask >> i & 1u) && !(o->router_lsdb >> i & 1u)) {
                    o->lsa[i].missed = true;
                    o->lsa[i].copies_lost++;
                }
            break;
        default:
            a->res.acks_lost++;
        }
        return;
    }
    switch (kind) {
    case PK_HELLO:
        rx_hello(sim, o, ai, e, flag);
        break;
    case PK_LSU:
        rx_lsu(sim, o, ai, e, mask, flag);
        break;
    default:
        rx_ack(sim, o, ai, e, mask);
    }
}

vs_err_t ospf_params_check(const ospf_params_t *p)
{
    char b1[32], b2[32];
    vs_err_t err = rt_star_check_names(&ospf_kind, p->router, p->neighbors, p->n_neighbors);
    if (err)
        return err;
    if (p->hello <= 0)
        return vs_fail(VS_ERANGE, "ospf: hello interval %s is not positive",
                       vs_fmt_duration(p->hello, b1, sizeof b1));
    if (p->dead <= 0)
        return vs_fail(VS_ERANGE, "ospf: dead interval %s is not positive",
                       vs_fmt_duration(p->dead, b1, sizeof b1));
    if (p->dead <= p->hello)
        return vs_fail(VS_ERANGE,
                       "ospf: dead interval %s is not larger than the hello interval %s",
                       vs_fmt_duration(p->dead, b1, sizeof b1),
                       vs_fmt_duration(p->hello, b2, sizeof b2));
    if (p->rxmt <= 0)
        return vs_fail(VS_ERANGE, "ospf: retransmit interval %s is not positive",
                       vs_fmt_duration(p->rxmt, b1, sizeof b1));
    if (p->delay < 0)
        return vs_fail(VS_ERANGE, "ospf: link delay %s is negative",
                       vs_fmt_duration(p->delay, b1, sizeof b1));
    return rt_star_check_phases(&ospf_kind, p->router_phase, p->neighbor_phase, p->n_neighbors,
                                p->hello);
}

void ospf_destroy(ospf_t *o)
{
    if (!o)
        return;
    if (o->adj)
        for (size_t i = 0; i < o->n; i++)
            rt_star_link_free(&o->adj[i].link);
    free(o->adj);
    rt_proc_free(&o->rproc);
    free(o->router);
    free(o);
}

vs_err_t ospf_create(sim_t *sim, const ospf_params_t *p, ospf_t **out)
{
    vs_err_t err;
    *out = NULL;
    if ((err = ospf_params_check(p)))
        return err;
    ospf_t *o = calloc(1, sizeof *o);
    if (!o)
        return vs_fail(VS_ENOMEM, "out of memory");
    o->hello = p->hello;
    o->dead = p->dead;
    o->rxmt = p->rxmt;
    o->delay = p->delay;
    o->frozen_rx = p->frozen_rx;
    o->n = p->n_neighbors;
    o->router = strdup(p->router);
    o->adj = calloc(o->n, sizeof *o->adj);
    if (!o->router || !o->adj)
        goto nomem;
    if ((err = rt_proc_init(&o->rproc, p->clock, ospf_kind.timers * o->n)))
        goto fail;
    sim_time_t now = sim_now(sim);
    for (size_t i = 0; i < o->n; i++) {
        adj_t *a = &o->adj[i];
        if ((err = rt_star_link_init(&a->link, &ospf_kind, p->router, p->neighbors[i])))
            goto fail;
        a->res.first_drop_at = -1;
        a->res.up = true;
        for (unsigned e = 0; e < 2; e++) {
            end_t *me = &a->end[e];
            rt_proc_t *pr = proc_of(o, a, e);
            uint64_t base = (uint64_t)i << 8 | (uint64_t)e << 4;
            rt_proc_add(pr, &me->hello, on_timer, o, base | TM_HELLO);
            rt_proc_add(pr, &me->dead, on_timer, o, base | TM_DEAD);
            rt_proc_add(pr, &me->rxmt, on_timer, o, base | TM_RXMT);
            me->state = ST_FULL;
            me->last_hello_rx = now;
            rt_timer_arm(sim, pr, &me->dead, now + o->dead + OSPF_DEAD_SLACK);
            const sim_time_t *fixed = e == 0 ? p->router_phase : p->neighbor_phase;
            /* The stream is the interface's own: a->link.name[e], "ospf:<from>-><to>". */
            rt_timer_arm(sim, pr, &me->hello,
                         now + rt_star_phase(&a->link, e, fixed, i, p->seed, o->hello));
        }
    }
    *out = o;
    return VS_OK;
nomem:
    err = vs_fail(VS_ENOMEM, "out of memory");
fail:
    ospf_destroy(o);
    return err;
}

void ospf_freeze(sim_t *sim, ospf_t *o)
{
    if (o->rproc.frozen)
        return;
    trace(sim, o, NULL, 0, "freeze", NULL);
    rt_proc_freeze(sim, &o->rproc);
}

void ospf_resume(sim_t *sim, ospf_t *o)
{
    if (!o->rproc.frozen)
        return;
    sim_time_t now = sim_now(sim);
    /* Hello instants of the original schedule that fell inside the freeze were never sent
     * (in running mode one late hello goes out at the resume instead). */
    for (size_t i = 0; i < o->n; i++) {
        const rt_timer_t *h = &o->adj[i].end[0].hello;
        if (h->held && h->held_when < now)
            o->adj[i].res.hellos_unsent += (uint32_t)((now - 1 - h->held_when) / o->hello + 1);
    }
    trace(sim, o, NULL, 0, "resume", NULL);
    rt_proc_resume(sim, &o->rproc);
    /* RT_RX_QUEUE: the packets waiting in the socket are read now, after the expired timers
     * have fired (FRR: lib/thread.c thread_fetch posts expired timers to the ready queue
     * before readable sockets; ospfd's inactivity timer then takes the neighbour Down before
     * ospf_read's hellos can restart it, ospf_nsm.c ospf_inactivity_timer and
     * nsm_hello_received are both NSM events, run in that order). */
    for (size_t i = 0; i < o->n; i++) {
        adj_t *a = &o->adj[i];
        rxq_t q = a->q;
        a->q = (rxq_t){0};
        if (q.hellos_seeing)
            rx_hello(sim, o, i, 0, true);
        if (q.lsu_mask)
            rx_lsu(sim, o, i, 0, q.lsu_mask, q.lsu_retx);
        if (q.ack_mask)
            rx_ack(sim, o, i, 0, q.ack_mask);
        if (q.hellos_blind)
            rx_hello(sim, o, i, 0, false);
    }
}

bool ospf_frozen(const ospf_t *o)
{
    return o->rproc.frozen;
}

vs_err_t ospf_network_event(sim_t *sim, ospf_t *o, sim_time_t originated, const sim_time_t *reach,
                            int *lsa_id)
{
    if (o->n_lsas >= OSPF_MAX_LSAS)
        return vs_fail(VS_ERANGE, "ospf: more than %d network events on one instance",
                       OSPF_MAX_LSAS);
    int id = o->n_lsas++;
    o->lsa[id] = (ospf_lsa_result_t){.originated = originated, .installed = -1, .via = -1};
    for (size_t i = 0; i < o->n; i++)
        if (reach[i] >= 0)
            sim_at(sim, reach[i] < sim_now(sim) ? sim_now(sim) : reach[i], rx, o,
                   pack(PK_LEARN, 1, 0, i, (uint32_t)id));
    if (lsa_id)
        *lsa_id = id;
    return VS_OK;
}

size_t ospf_neighbors(const ospf_t *o)
{
    return o->n;
}

const ospf_nbr_result_t *ospf_neighbor_result(const ospf_t *o, size_t i)
{
    assert(i < o->n);
    adj_t *a = &o->adj[i];
    a->res.up = a->end[0].state == ST_FULL && a->end[1].state == ST_FULL;
    return &a->res;
}

vs_err_t ospf_lsa_result(const ospf_t *o, int lsa_id, ospf_lsa_result_t *out)
{
    if (lsa_id < 0 || lsa_id >= o->n_lsas)
        return vs_fail(VS_ENOTFOUND, "ospf: no LSA %d", lsa_id);
    *out = o->lsa[lsa_id];
    return VS_OK;
}

void ospf_result(const ospf_t *o, ospf_result_t *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < o->n; i++) {
        const ospf_nbr_result_t *r = ospf_neighbor_result(o, i);
        out->hellos_lost += r->hellos_lost;
        if (r->hellos_lost > out->hellos_lost_max)
            out->hellos_lost_max = r->hellos_lost;
        if (r->hellos_unsent > out->hellos_unsent)
            out->hellos_unsent = r->hellos_unsent;
        if (r->drops)
            out->adjacencies_lost++;
    }
    out->lsas = (uint32_t)o->n_lsas;
    for (int i = 0; i < o->n_lsas; i++) {
        const ospf_lsa_result_t *l = &o->lsa[i];
        if (l->missed)
            out->lsas_missed++;
        if (l->installed < 0)
            out->lsas_pending++;
        else if (l->installed - l->originated > out->staleness_max)
            out->staleness_max = l->installed - l->originated;
    }
    out->frozen_total = o->rproc.frozen_total;
}

/* ---- study ---- */

vs_err_t ospf_study_check(const ospf_study_params_t *sp)
{
    const char *names[] = {"R", "N"};
    ospf_params_t p = {.router = names[0], .neighbors = names + 1, .n_neighbors = sp->neighbors,
                       .hello = sp->hello, .dead = sp->dead, .rxmt = sp->rxmt,
                       .delay = sp->delay, .clock = sp->clock, .frozen_rx = sp->frozen_rx};
    /* Only the count matters for the check. */
    p.n_neighbors = 1;
    vs_err_t err = ospf_params_check(&p);
    if (err)
        return err;
    if ((err = rt_star_check_count(&ospf_kind, sp->neighbors)))
        return err;
    return rt_star_study_check(&ospf_kind, sp->runs, sp->downtime, sp->freeze_at);
}

typedef struct {
    ospf_t *o;
} run_ctx_t;

static void ev_freeze(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    ospf_freeze(sim, ((run_ctx_t *)ctx)->o);
}

static void ev_resume(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    ospf_resume(sim, ((run_ctx_t *)ctx)->o);
}

vs_err_t ospf_study(const ospf_study_params_t *sp, ospf_study_result_t *out)
{
    vs_err_t err = VS_OK;
    memset(out, 0, sizeof *out);
    if ((err = ospf_study_check(sp)))
        return err;
    size_t n = sp->neighbors;
    char **names = NULL;
    sim_time_t *reach = calloc(n, sizeof *reach);
    sim_samples_t stale;
    sim_samples_init(&stale);
    sim_t *sim = NULL;
    ospf_t *o = NULL;
    if (!reach) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    VS_TRY(rt_star_study_names(&ospf_kind, n, &names));
    sim_time_t t_f = sp->freeze_at > 0 ? sp->freeze_at : sp->dead + 2 * sp->hello;
    sim_time_t t_r = t_f + sp->downtime;
    sim_time_t settle = sp->dead + 2 * sp->hello;
    if (2 * sp->rxmt > settle)
        settle = 2 * sp->rxmt;
    settle += 4 * sp->delay;
    double gap_sum = 0, lost_sum = 0, unsent_sum = 0, retx_sum = 0;
    uint32_t lsa_runs = 0;
    for (uint32_t r = 0; r < sp->runs; r++) {
        uint64_t seed = rt_star_run_seed(sp->seed, r);
        sim_config_t cfg = {.seed = seed, .trace = r == 0 ? sp->trace : NULL};
        VS_TRY(sim_create(&cfg, &sim));
        ospf_params_t p = {.router = "R", .neighbors = (const char *const *)names,
                           .n_neighbors = n, .hello = sp->hello, .dead = sp->dead,
                           .rxmt = sp->rxmt, .delay = sp->delay, .clock = sp->clock,
                           .frozen_rx = sp->frozen_rx, .seed = seed};
        VS_TRY(ospf_create(sim, &p, &o));
        run_ctx_t rc = {o};
        /* Scheduled before anything else at those instants: the freeze takes effect before
         * packets arriving at t_f, and the resume (with its expired timers) runs before
         * packets arriving at t_r. */
        sim_at(sim, t_f, ev_freeze, &rc, 0);
        sim_at(sim, t_r, ev_resume, &rc, 0);
        sim_time_t lsa_at = 0;
        if (sp->lsa) {
            if (sp->lsa_random) {
                sim_rng_t rng;
                sim_rng_init_named(&rng, seed, "ospf-study:lsa");
                lsa_at = t_f + (sp->downtime > 0
                                    ? (sim_time_t)sim_rng_below(&rng, (uint64_t)sp->downtime)
                                    : 0);
            } else {
                lsa_at = t_f + sp->lsa_offset;
            }
            for (size_t i = 0; i < n; i++)
                reach[i] = lsa_at;
            VS_TRY(ospf_network_event(sim, o, lsa_at, reach, NULL));
        }
        sim_time_t end = t_r + settle;
        if (sp->lsa && lsa_at + settle > end)
            end = lsa_at + settle;
        sim_run(sim, end);

        bool all = true;
        for (size_t i = 0; i < n; i++) {
            const ospf_nbr_result_t *nr = ospf_neighbor_result(o, i);
            out->adjacencies++;
            if (nr->drops) {
                all = false;
                out->first_drop_cause[nr->first_drop_cause]++;
            } else {
                out->adjacencies_survived++;
            }
            rt_star_count(out->hellos_lost_hist, OSPF_HIST_BINS, &lost_sum,
                          &out->hellos_lost_max, nr->hellos_lost);
            rt_star_count(out->hellos_unsent_hist, OSPF_HIST_BINS, &unsent_sum,
                          &out->hellos_unsent_max, nr->hellos_unsent);
            double g = sim_to_s(nr->hello_gap_max);
            gap_sum += g;
            if (g > out->hello_gap_max_s)
                out->hello_gap_max_s = g;
        }
        if (all)
            out->survived++;
        if (sp->lsa) {
            ospf_lsa_result_t l = {0};
            VS_TRY(ospf_lsa_result(o, 0, &l));
            lsa_runs++;
            if (l.missed)
                out->lsa_missed++;
            retx_sum += l.retransmissions;
            if (l.retransmissions > out->lsa_retransmissions_max)
                out->lsa_retransmissions_max = l.retransmissions;
            if (l.installed < 0) {
                out->lsa_never++;
            } else {
                double s = sim_to_s(l.installed - l.originated);
                VS_TRY(sim_samples_add(&stale, s));
                if (l.missed && s > out->staleness_missed_max_s)
                    out->staleness_missed_max_s = s;
            }
        }
        ospf_destroy(o);
        o = NULL;
        sim_destroy(sim);
        sim = NULL;
    }
    out->runs = sp->runs;
    out->survival_probability = (double)out->survived / sp->runs;
    out->adjacency_survival_probability =
        (double)out->adjacencies_survived / (double)out->adjacencies;
    out->hellos_lost_mean = lost_sum / (double)out->adjacencies;
    out->hellos_unsent_mean = unsent_sum / (double)out->adjacencies;
    out->hello_gap_mean_s = gap_sum / (double)out->adjacencies;
    if (lsa_runs) {
        out->lsa_retransmissions_mean = retx_sum / lsa_runs;
        if (stale.n) {
            double sum = 0;
            out->staleness_min_s = stale.v[0];
            for (size_t i = 0; i < stale.n; i++) {
                sum += stale.v[i];
                if (stale.v[i] < out->staleness_min_s)
                    out->staleness_min_s = stale.v[i];
                if (stale.v[i] > out->staleness_max_s)
                    out->staleness_max_s = stale.v[i];
            }
            out->staleness_mean_s = sum / (double)stale.n;
            out->staleness_p50_s = sim_samples_percentile(&stale, 50);
            out->staleness_p95_s = sim_samples_percentile(&stale, 95);
        }
    }
out:
    ospf_destroy(o);
    sim_destroy(sim);
    rt_star_names_free(names, n);
    free(reach);
    sim_samples_free(&stale);
    return err;
}
