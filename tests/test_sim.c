/* The engine (sim.h): ordering (FIFO at equal times, cancel, re-arm, stale ids, events
 * scheduled at the current time), run limits, a randomized model checked event by event
 * against the (time, sequence) order, determinism of the JSON-lines trace, independence of
 * random streams, and reading the trace back. */
#define _GNU_SOURCE /* open_memstream, memmem */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "vs_check.h"
#include "bench_des.h"
#include "sim.h"
#include "sim_rng.h"

/* ---- recording what fired ---- */

#define MAXLOG 4096

typedef struct {
    uint64_t arg[MAXLOG];
    sim_time_t t[MAXLOG];
    size_t n;
} log_t;

static void record(sim_t *sim, void *ctx, uint64_t arg)
{
    log_t *log = ctx;
    ck_assert_uint_lt(log->n, MAXLOG);
    log->arg[log->n] = arg;
    log->t[log->n] = sim_now(sim);
    log->n++;
}

static sim_t *make(uint64_t seed, FILE *trace)
{
    sim_t *sim;
    sim_config_t cfg = {.seed = seed, .trace = trace};
    ck_assert_int_eq(sim_create(&cfg, &sim), VS_OK);
    return sim;
}

START_TEST(fifo_at_equal_times)
{
    sim_t *sim = make(1, NULL);
    static log_t log;
    log.n = 0;
    /* Times 10, 5, 10, 5, far, ... interleaved: each time's events must keep their order. */
    const sim_time_t times[4] = {10, 5, SIM_S(40), 5};
    for (uint64_t i = 0; i < 400; i++)
        sim_at(sim, times[i % 4], record, &log, i);
    ck_assert_uint_eq(sim_pending(sim), 400);
    ck_assert_uint_eq(sim_run(sim, SIM_TIME_MAX), 400);
    ck_assert_uint_eq(log.n, 400);
    for (size_t k = 1; k < log.n; k++) {
        ck_assert_int_le(log.t[k - 1], log.t[k]);
        if (log.t[k - 1] == log.t[k])
            ck_assert_uint_lt(log.arg[k - 1], log.arg[k]);
    }
    ck_assert_int_eq(log.t[0], 5);
    ck_assert_int_eq(log.t[399], SIM_S(40));
    ck_assert_int_eq(sim_now(sim), SIM_S(40));
    ck_assert_uint_eq(sim_pending(sim), 0);
    sim_destroy(sim);
}
END_TEST

/* A handler that schedules another event at the current time. */
static log_t nowlog;
static void schedule_now(sim_t *sim, void *ctx, uint64_t arg)
{
    record(sim, &nowlog, arg);
    if (arg < 100)
        sim_at(sim, sim_now(sim), schedule_now, ctx, arg + 100);
}

START_TEST(scheduled_at_now_runs_after_queued)
{
    sim_t *sim = make(1, NULL);
    nowlog.n = 0;
    for (uint64_t i = 0; i < 3; i++)
        sim_at(sim, SIM_MS(3), schedule_now, NULL, i);
    sim_at(sim, SIM_MS(3) + 1, schedule_now, NULL, 500);
    sim_run(sim, SIM_TIME_MAX);
    const uint64_t want[] = {0, 1, 2, 100, 101, 102, 500};
    ck_assert_uint_eq(nowlog.n, 7);
    for (size_t k = 0; k < 7; k++)
        ck_assert_uint_eq(nowlog.arg[k], want[k]);
    for (size_t k = 0; k < 6; k++)
        ck_assert_int_eq(nowlog.t[k], SIM_MS(3));
    sim_destroy(sim);
}
END_TEST

START_TEST(cancel_and_stale_ids)
{
    sim_t *sim = make(1, NULL);
    static log_t log;
    log.n = 0;
    sim_eid_t a = sim_at(sim, 10, record, &log, 1);
    sim_eid_t b = sim_at(sim, 10, record, &log, 2);
    sim_eid_t c = sim_at(sim, SIM_S(5), record, &log, 3);
    ck_assert(a != 0 && b != 0 && c != 0 && a != b && b != c);
    sim_time_t at = 0;
    ck_assert(sim_pending_at(sim, c, &at));
    ck_assert_int_eq(at, SIM_S(5));
    ck_assert(sim_cancel(sim, b));
    ck_assert(!sim_cancel(sim, b)); /* twice */
    ck_assert(!sim_pending_at(sim, b, NULL));
    ck_assert(!sim_cancel(sim, 0));
    ck_assert(!sim_cancel(sim, UINT64_MAX));
    ck_assert_uint_eq(sim_pending(sim), 2);
    ck_assert(sim_cancel(sim, c));
    ck_assert_uint_eq(sim_run(sim, SIM_TIME_MAX), 1);
    ck_assert_uint_eq(log.n, 1);
    ck_assert_uint_eq(log.arg[0], 1);
    /* The clock ends at the last event run, not at the cancelled one. */
    ck_assert_int_eq(sim_now(sim), 10);
    ck_assert(!sim_cancel(sim, a)); /* already fired */
    /* Records are reused: the old ids must not reach the new events. */
    sim_eid_t d = sim_at(sim, 20, record, &log, 4);
    sim_eid_t e = sim_at(sim, 15, record, &log, 5);
    ck_assert(!sim_cancel(sim, a));
    ck_assert(!sim_cancel(sim, b));
    ck_assert(!sim_cancel(sim, c));
    ck_assert(sim_pending_at(sim, d, NULL) && sim_pending_at(sim, e, NULL));
    sim_run(sim, SIM_TIME_MAX);
    ck_assert_uint_eq(log.n, 3);
    ck_assert_uint_eq(log.arg[1], 5);
    ck_assert_uint_eq(log.arg[2], 4);
    ck_assert_uint_eq(sim_events_run(sim), 3);
    sim_destroy(sim);
}
END_TEST

START_TEST(cancel_many_keeps_order)
{
    /* Enough cancellations to make the engine purge its queue several times. */
    sim_t *sim = make(3, NULL);
    static log_t log;
    log.n = 0;
    enum { N = 30000 };
    static sim_eid_t id[N];
    static bool keep[N];
    sim_rng_t rng;
    sim_rng_init(&rng, 3, 0);
    size_t kept = 0;
    for (uint64_t i = 0; i < N; i++) {
        sim_time_t t = (sim_time_t)sim_rng_below(&rng, 8) * SIM_S(7) + (sim_time_t)(i % 3);
        id[i] = sim_at(sim, t, record, &log, i);
        keep[i] = sim_rng_below(&rng, 10) == 0 && kept < MAXLOG;
        kept += keep[i];
    }
    for (uint64_t i = 0; i < N; i++)
        if (!keep[i])
            ck_assert(sim_cancel(sim, id[i]));
    for (uint64_t i = 0; i < N; i++) {
        ck_assert(sim_pending_at(sim, id[i], NULL) == keep[i]);
        if (!keep[i])
            ck_assert(!sim_cancel(sim, id[i]));
    }
    ck_assert_uint_eq(sim_pending(sim), kept);
    ck_assert_uint_eq(sim_run(sim, SIM_TIME_MAX), kept);
    ck_assert_uint_eq(log.n, kept);
    for (size_t k = 1; k < log.n; k++) {
        ck_assert(keep[log.arg[k]]);
        ck_assert(log.t[k - 1] < log.t[k] ||
                  (log.t[k - 1] == log.t[k] && log.arg[k - 1] < log.arg[k]));
    }
    sim_destroy(sim);
}
END_TEST

/* ---- timers ---- */

typedef struct {
    sim_timer_t timer;
    int fired, period_left;
    sim_time_t last;
} tstate_t;

static void on_timer(sim_t *sim, void *ctx, uint64_t arg)
{
    tstate_t *s = ctx;
    ck_assert(!sim_timer_armed(&s->timer)); /* idle while its callback runs */
    s->fired++;
    s->last = sim_now(sim);
    ck_assert_uint_eq(arg, 42);
    if (s->period_left-- > 0)
        sim_timer_arm_after(sim, &s->timer, SIM_MS(10));
}

START_TEST(timer_rearm_cancel)
{
    sim_t *sim = make(1, NULL);
    tstate_t s = {0};
    sim_timer_init(&s.timer, on_timer, &s, 42);
    ck_assert(!sim_timer_armed(&s.timer));
    sim_timer_cancel(sim, &s.timer); /* idle: no-op */
    sim_timer_arm(sim, &s.timer, SIM_S(40));
    ck_assert(sim_timer_armed(&s.timer));
    /* Re-armed like an OSPF dead timer on every hello: only the last arming fires. */
    for (int i = 1; i <= 1000; i++)
        sim_timer_arm(sim, &s.timer, SIM_S(40) + i);
    ck_assert_int_eq(s.timer.when, SIM_S(40) + 1000);
    ck_assert_uint_eq(sim_pending(sim), 1);
    sim_run(sim, SIM_TIME_MAX);
    ck_assert_int_eq(s.fired, 1);
    ck_assert_int_eq(s.last, SIM_S(40) + 1000);
    /* Moving a timer earlier works too. */
    sim_timer_arm_after(sim, &s.timer, SIM_S(10));
    sim_timer_arm_after(sim, &s.timer, SIM_MS(1));
    sim_run(sim, SIM_TIME_MAX);
    ck_assert_int_eq(s.fired, 2);
    ck_assert_int_eq(s.last, SIM_S(40) + 1000 + SIM_MS(1));
    /* Cancel. */
    sim_timer_arm_after(sim, &s.timer, SIM_MS(1));
    sim_timer_cancel(sim, &s.timer);
    ck_assert(!sim_timer_armed(&s.timer));
    ck_assert_uint_eq(sim_run(sim, SIM_TIME_MAX), 0);
    ck_assert_int_eq(s.fired, 2);
    /* A callback that re-arms itself: periodic. */
    s.period_left = 5;
    sim_time_t t0 = sim_now(sim);
    sim_timer_arm_after(sim, &s.timer, SIM_MS(10));
    sim_run(sim, SIM_TIME_MAX);
    ck_assert_int_eq(s.fired, 2 + 6);
    ck_assert_int_eq(s.last, t0 + SIM_MS(60));
    sim_destroy(sim);
}
END_TEST

/* ---- run limits ---- */

static void stopper(sim_t *sim, void *ctx, uint64_t arg)
{
    record(sim, ctx, arg);
    if (arg == 2)
        sim_stop(sim);
}

START_TEST(run_until_and_stop)
{
    sim_t *sim = make(1, NULL);
    static log_t log;
    log.n = 0;
    sim_at(sim, 10, record, &log, 1);
    sim_at(sim, SIM_S(100), record, &log, 3);
    ck_assert_uint_eq(sim_run(sim, 15), 1);
    ck_assert_int_eq(sim_now(sim), 15); /* clock moved to until: later events remain */
    /* Scheduling between until and the next event (far away: the queue may have moved). */
    sim_at(sim, 16, record, &log, 2);
    ck_assert_uint_eq(sim_run(sim, SIM_S(50)), 1);
    ck_assert_int_eq(sim_now(sim), SIM_S(50));
    sim_at(sim, SIM_S(50), record, &log, 4); /* at now */
    sim_at(sim, SIM_S(60), stopper, &log, 2);
    sim_at(sim, SIM_S(70), record, &log, 5);
    ck_assert_uint_eq(sim_run(sim, SIM_TIME_MAX), 2); /* 4, then the stopper */
    ck_assert_int_eq(sim_now(sim), SIM_S(60));
    ck_assert_uint_eq(sim_run(sim, SIM_S(60) - 1), 0); /* until in the past: nothing */
    ck_assert_int_eq(sim_now(sim), SIM_S(60));
    ck_assert_uint_eq(sim_run(sim, SIM_TIME_MAX), 2);
    ck_assert_int_eq(sim_now(sim), SIM_S(100));
    const uint64_t want[] = {1, 2, 4, 2, 5, 3};
    ck_assert_uint_eq(log.n, 6);
    for (size_t k = 0; k < 6; k++)
        ck_assert_uint_eq(log.arg[k], want[k]);
    /* The end of time: a delay past it saturates instead of overflowing. */
    sim_eid_t end = sim_after(sim, SIM_TIME_MAX, record, &log, 6);
    sim_time_t at = 0;
    ck_assert(sim_pending_at(sim, end, &at));
    ck_assert_int_eq(at, SIM_TIME_MAX);
    ck_assert(sim_cancel(sim, end));
    /* Empty queue: the clock stays at the last event. */
    ck_assert_uint_eq(sim_run(sim, SIM_S(200)), 0);
    ck_assert_int_eq(sim_now(sim), SIM_S(100));
    ck_assert_uint_eq(sim_events_run(sim), 6);
    sim_destroy(sim);
}
END_TEST

/* ---- randomized model, checked at each event against the (time, seq) order ---- */

#define RMAX 3000

typedef struct {
    sim_t *sim;
    sim_rng_t rng;
    struct {
        sim_time_t t;
        uint64_t seq;
        sim_eid_t id;
    } pend[RMAX];
    size_t n;
    uint64_t seq, fired, budget;
} rmodel_t;

static void rm_fire(sim_t *sim, void *ctx, uint64_t arg);

static void rm_schedule(rmodel_t *m)
{
    if (m->n == RMAX || m->budget == 0)
        return;
    m->budget--;
    sim_time_t now = sim_now(m->sim), t;
    switch (sim_rng_below(&m->rng, 6)) {
    case 0:
        t = now;
        break;
    case 1:
        t = now + (sim_time_t)sim_rng_below(&m->rng, 3);
        break;
    case 2:
        t = now + (sim_time_t)sim_rng_below(&m->rng, 40000);
        break;
    case 3: /* the time of something pending */
        t = m->n ? m->pend[sim_rng_below(&m->rng, m->n)].t : now;
        break;
    case 4:
        t = now + SIM_S(1) + (sim_time_t)sim_rng_below(&m->rng, (uint64_t)SIM_S(59));
        break;
    default:
        t = now + (sim_time_t)sim_rng_below(&m->rng, (uint64_t)SIM_S(3600) * 24 * 30);
        break;
    }
    uint64_t seq = m->seq++;
    m->pend[m->n].t = t;
    m->pend[m->n].seq = seq;
    m->pend[m->n].id = sim_at(m->sim, t, rm_fire, m, seq);
    m->n++;
}

static void rm_fire(sim_t *sim, void *ctx, uint64_t arg)
{
    rmodel_t *m = ctx;
    size_t best = 0;
    for (size_t i = 1; i < m->n; i++)
        if (m->pend[i].t < m->pend[best].t ||
            (m->pend[i].t == m->pend[best].t && m->pend[i].seq < m->pend[best].seq))
            best = i;
    ck_assert_uint_gt(m->n, 0);
    ck_assert_msg(m->pend[best].seq == arg, "fired seq %llu at %lld, expected seq %llu at %lld",
                  (unsigned long long)arg, (long long)sim_now(sim),
                  (unsigned long long)m->pend[best].seq, (long long)m->pend[best].t);
    ck_assert_int_eq(m->pend[best].t, sim_now(sim));
    m->pend[best] = m->pend[--m->n];
    m->fired++;
    int k = (int)sim_rng_below(&m->rng, 4);
    for (int i = 0; i < k; i++)
        rm_schedule(m);
    if (m->n && sim_rng_below(&m->rng, 5) == 0) {
        size_t v = sim_rng_below(&m->rng, m->n);
        ck_assert(sim_cancel(sim, m->pend[v].id));
        ck_assert(!sim_cancel(sim, m->pend[v].id));
        m->pend[v] = m->pend[--m->n];
    }
}

START_TEST(random_model_order)
{
    for (uint64_t seed = 1; seed <= 4; seed++) {
        static rmodel_t m;
        memset(&m, 0, sizeof m);
        m.sim = make(seed, NULL);
        m.budget = 60000;
        sim_rng_init(&m.rng, seed, 99);
        for (int i = 0; i < 500; i++)
            rm_schedule(&m);
        /* Run in slices with limits, as a stepping driver would, then to the end. */
        sim_time_t until = 0;
        for (int slice = 0; slice < 50; slice++) {
            until += (sim_time_t)sim_rng_below(&m.rng, (uint64_t)SIM_S(2));
            sim_run(m.sim, until);
            if (m.n)
                ck_assert_int_ge(sim_now(m.sim), until);
            if (m.n && sim_rng_below(&m.rng, 2))
                rm_schedule(&m); /* from outside a handler, at the clock set by until */
        }
        sim_run(m.sim, SIM_TIME_MAX);
        ck_assert_uint_eq(m.n, 0);
        ck_assert_uint_eq(sim_pending(m.sim), 0);
        ck_assert_uint_gt(m.fired, 10000);
        sim_destroy(m.sim);
    }
}
END_TEST

/* ---- determinism: a small model with per-entity streams, traced ---- */

typedef struct {
    sim_rng_t rng;
    char name[32];
    int left;
} ent_t;

static void ent_step(sim_t *sim, void *ctx, uint64_t arg)
{
    ent_t *e = ctx;
    char extra[96];
    double d = sim_rng_exp(&e->rng, 1e-3);
    snprintf(extra, sizeof extra, "\"draw\":%.17g,\"n\":%llu", d, (unsigned long long)arg);
    sim_trace(sim, e->name, "step", extra);
    if (--e->left > 0)
        sim_after(sim, sim_from_s(d), ent_step, e, arg + 1);
}

/* Runs entities a0..a{n-1} (and optionally "other") and returns the trace (malloc'd). */
static char *traced_run(uint64_t seed, int n, bool other, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    ck_assert_ptr_nonnull(f);
    sim_t *sim = make(seed, f);
    ck_assert(sim_tracing(sim));
    ent_t ents[8];
    int k = 0;
    for (int i = 0; i < n + (other ? 1 : 0); i++, k++) {
        ent_t *e = &ents[k];
        if (other && i == 1)
            snprintf(e->name, sizeof e->name, "other");
        else
            snprintf(e->name, sizeof e->name, "a%d", i - (other && i > 1 ? 1 : 0));
        sim_rng_init_named(&e->rng, sim_seed(sim), e->name);
        e->left = 200;
        sim_at(sim, 0, ent_step, e, 0);
    }
    sim_run(sim, SIM_TIME_MAX);
    sim_destroy(sim);
    fclose(f);
    return buf;
}

/* Keeps only the lines of one entity. */
static char *lines_of(const char *trace, const char *entity)
{
    char key[64];
    snprintf(key, sizeof key, "\"entity\":\"%s\"", entity);
    size_t cap = strlen(trace) + 1, n = 0;
    char *out = malloc(cap);
    ck_assert_ptr_nonnull(out);
    for (const char *p = trace; *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) + 1 : strlen(p);
        if (memmem(p, l, key, strlen(key))) {
            memcpy(out + n, p, l);
            n += l;
        }
        p += l;
    }
    out[n] = 0;
    return out;
}

START_TEST(same_seed_same_trace)
{
    size_t l1, l2, l3;
    char *t1 = traced_run(7, 3, false, &l1);
    char *t2 = traced_run(7, 3, false, &l2);
    char *t3 = traced_run(8, 3, false, &l3);
    ck_assert_uint_gt(l1, 1000);
    ck_assert_uint_eq(l1, l2);
    ck_assert(memcmp(t1, t2, l1) == 0);
    ck_assert(l1 != l3 || memcmp(t1, t3, l1) != 0);
    free(t1);
    free(t2);
    free(t3);
}
END_TEST

START_TEST(unrelated_entity_keeps_draws)
{
    /* Adding "other" (created between a0 and a1, drawing and interleaving events) changes
     * neither a0's nor a1's lines: their draws and hence their times are their own. */
    size_t l1, l2;
    char *base = traced_run(11, 2, false, &l1);
    char *with = traced_run(11, 2, true, &l2);
    ck_assert_uint_gt(l2, l1);
    for (int i = 0; i < 2; i++) {
        char name[16];
        snprintf(name, sizeof name, "a%d", i);
        char *x = lines_of(base, name), *y = lines_of(with, name);
        ck_assert_uint_gt(strlen(x), 100);
        ck_assert_str_eq(x, y);
        free(x);
        free(y);
    }
    char *o = lines_of(with, "other");
    ck_assert_uint_gt(strlen(o), 100);
    free(o);
    free(base);
    free(with);
}
END_TEST

START_TEST(rng_streams)
{
    sim_rng_t a, b, a2, c;
    sim_rng_init(&a, 5, 1);
    sim_rng_init(&a2, 5, 1);
    sim_rng_init(&b, 5, 2);
    sim_rng_init(&c, 6, 1);
    int same_ab = 0, same_ac = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = sim_rng_u64(&a);
        (void)sim_rng_u64(&b); /* draws on b must not disturb a */
        ck_assert_uint_eq(x, sim_rng_u64(&a2));
        same_ab += x == sim_rng_u64(&b);
        same_ac += x == sim_rng_u64(&c);
    }
    ck_assert_int_eq(same_ab, 0);
    ck_assert_int_eq(same_ac, 0);
    /* Ranges and a loose, deterministic check of the exponential's mean. */
    double sum = 0;
    for (int i = 0; i < 20000; i++) {
        double u = sim_rng_uniform01(&a);
        ck_assert(u >= 0.0 && u < 1.0);
        ck_assert_uint_lt(sim_rng_below(&a, 7), 7);
        double e = sim_rng_exp(&a, 2.0);
        ck_assert(e >= 0.0);
        sum += e;
    }
    ck_assert_double_eq_tol(sum / 20000, 2.0, 0.05); /* 3.5 standard errors */
    sim_rng_t n1, n2;
    sim_rng_init_named(&n1, 5, "vr1");
    sim_rng_init_named(&n2, 5, "vr1");
    ck_assert_uint_eq(sim_rng_u64(&n1), sim_rng_u64(&n2));
}
END_TEST

/* ---- the trace read back ---- */

START_TEST(trace_reads_back_as_json)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    sim_t *sim = make(1, f);
    const char *names[] = {"plain", "quote\"back\\slash", "line\nbreak\ttab\x01", "r\xc3\xa9seau"};
    static log_t log;
    log.n = 0;
    for (int i = 0; i < 4; i++)
        sim_at(sim, SIM_US(i), record, &log, 0);
    sim_run(sim, SIM_US(1));
    sim_trace(sim, names[0], "up", NULL);
    sim_trace(sim, names[1], names[2], "\"bytes\":512");
    sim_run(sim, SIM_TIME_MAX);
    sim_trace(sim, names[3], "down", "");
    sim_destroy(sim);
    fclose(f);

    const sim_time_t want_t[] = {SIM_US(1), SIM_US(1), SIM_US(3)};
    const char *want_entity[] = {names[0], names[1], names[3]};
    const char *want_event[] = {"up", names[2], "down"};
    int line = 0;
    for (char *p = buf, *e; (e = strchr(p, '\n')); p = e + 1, line++) {
        *e = 0;
        ck_assert_int_lt(line, 3);
        cJSON *o = cJSON_Parse(p);
        ck_assert_msg(o != NULL, "line %d is not JSON: %s", line, p);
        cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "t");
        cJSON *en = cJSON_GetObjectItemCaseSensitive(o, "entity");
        cJSON *ev = cJSON_GetObjectItemCaseSensitive(o, "event");
        ck_assert(cJSON_IsNumber(t) && cJSON_IsString(en) && cJSON_IsString(ev));
        ck_assert_int_eq((sim_time_t)t->valuedouble, want_t[line]);
        ck_assert_str_eq(en->valuestring, want_entity[line]);
        ck_assert_str_eq(ev->valuestring, want_event[line]);
        cJSON *bytes = cJSON_GetObjectItemCaseSensitive(o, "bytes");
        ck_assert(line == 1 ? cJSON_IsNumber(bytes) && bytes->valueint == 512 : bytes == NULL);
        cJSON_Delete(o);
    }
    ck_assert_int_eq(line, 3);
    free(buf);
}
END_TEST

/* ---- the benchmark's two sides fire the same times (no timing asserted) ---- */

START_TEST(bench_sides_agree)
{
    for (int d = 0; d < 2; d++) {
        bench_des_config_t cfg = {.pending = 2000, .events = 50000, .seed = 3,
                                  .dist = d ? BENCH_DIST_TIMERS : BENCH_DIST_EXP};
        bench_des_result_t r;
        ck_assert_int_eq(bench_des_run(&cfg, &r), VS_OK);
        ck_assert_uint_eq(r.engine_checksum, r.reference_checksum);
        ck_assert(r.engine_events_per_sec > 0 && r.reference_events_per_sec > 0);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("sim");
    TCase *order = tcase_create("order");
    tcase_add_test(order, fifo_at_equal_times);
    tcase_add_test(order, scheduled_at_now_runs_after_queued);
    tcase_add_test(order, cancel_and_stale_ids);
    tcase_add_test(order, cancel_many_keeps_order);
    tcase_add_test(order, timer_rearm_cancel);
    tcase_add_test(order, run_until_and_stop);
    tcase_add_test(order, random_model_order);
    tcase_set_timeout(order, 120);
    suite_add_tcase(s, order);
    TCase *det = tcase_create("determinism");
    tcase_add_test(det, same_seed_same_trace);
    tcase_add_test(det, unrelated_entity_keeps_draws);
    tcase_add_test(det, rng_streams);
    tcase_add_test(det, trace_reads_back_as_json);
    tcase_add_test(det, bench_sides_agree);
    tcase_set_timeout(det, 60);
    suite_add_tcase(s, det);
    return s;
}

int main(void)
{
    int failed = vs_check_run(suite());
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
