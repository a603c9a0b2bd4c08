/* The event-queue structures (sim_queue.h) against a brute-force reference: every
 * implementation must hand items out by (time, push order), under randomized push/pop with
 * equal times, near and far-future times, pop_until limits, peek and purge. */
#include <stdlib.h>
#include <string.h>

#include "vs_check.h"
#include "sim_qops.h"
#include "sim_rng.h"

#define CAP 2000

typedef struct {
    sim_time_t time;
    uint64_t seq; /* push order, for the reference */
    bool queued;
    bool dead;
} item_t;

/* Brute-force reference: the live items, searched linearly for the minimum (time, seq). */
typedef struct {
    item_t *items;
    uint32_t live[CAP];
    size_t n;
} ref_t;

static bool ref_min(const ref_t *r, size_t *pos)
{
    if (r->n == 0)
        return false;
    size_t best = 0;
    for (size_t i = 1; i < r->n; i++) {
        const item_t *a = &r->items[r->live[i]], *b = &r->items[r->live[best]];
        if (a->time < b->time || (a->time == b->time && a->seq < b->seq))
            best = i;
    }
    *pos = best;
    return true;
}

static bool purge_dead(void *ctx, uint32_t idx)
{
    item_t *items = ctx;
    return items[idx].dead;
}

/* The time of the next push: at or after floor, with a mix that exercises every level. */
static sim_time_t next_time(sim_rng_t *rng, const ref_t *ref, sim_time_t floor)
{
    uint64_t span;
    switch (sim_rng_below(rng, 9)) {
    case 0:
        return floor; /* equal to the last popped time */
    case 1:
    case 8:
        /* equal to a queued item's time, wherever it waits (upper levels included) */
        if (ref->n)
            return ref->items[ref->live[sim_rng_below(rng, ref->n)]].time;
        return floor;
    case 2:
        span = 4;
        break;
    case 3:
        span = 3000;
        break;
    case 4:
        span = UINT64_C(1) << 20;
        break;
    case 5:
        span = UINT64_C(1) << 36;
        break;
    case 6:
        span = UINT64_C(1) << 50;
        break;
    default:
        span = (uint64_t)(INT64_MAX - floor) + 1; /* anywhere up to the end of time */
        break;
    }
    if (span > (uint64_t)(INT64_MAX - floor))
        span = (uint64_t)(INT64_MAX - floor) + 1;
    return floor + (sim_time_t)sim_rng_below(rng, span ? span : 1);
}

static void run_random(const sim_queue_ops_t *ops, uint64_t seed, int steps, int push_weight)
{
    item_t *items = calloc(CAP, sizeof *items);
    ref_t *ref = calloc(1, sizeof *ref);
    ck_assert_ptr_nonnull(items);
    ck_assert_ptr_nonnull(ref);
    ref->items = items;
    void *q;
    ck_assert_int_eq(ops->create(16, &q), VS_OK);
    ops->bind(q, items, sizeof *items);
    sim_rng_t rng;
    sim_rng_init(&rng, seed, 7);
    uint32_t free_list[CAP], nfree = 0;
    for (uint32_t i = CAP; i-- > 0;)
        free_list[nfree++] = i;
    uint64_t seq = 0;
    sim_time_t floor = 0; /* pushes must not be earlier */

    for (int step = 0; step < steps; step++) {
        uint64_t op = sim_rng_below(&rng, 100);
        if (op < (uint64_t)push_weight && nfree > 0) {
            /* A burst of pushes, as handlers do. */
            int burst = 1 + (int)sim_rng_below(&rng, 4);
            for (int b = 0; b < burst && nfree > 0; b++) {
                uint32_t idx = free_list[--nfree];
                item_t *it = &items[idx];
                sim_time_t t = next_time(&rng, ref, floor);
                it->seq = seq++;
                it->queued = true;
                it->dead = false;
                it->time = t;
                ck_assert_int_eq(ops->push(q, idx, t), VS_OK);
                ref->live[ref->n++] = idx;
            }
        } else if (op < 97) {
            /* pop_until with a limit: usually unlimited, sometimes just before/at the min. */
            size_t pos;
            bool has = ref_min(ref, &pos);
            sim_time_t limit = SIM_TIME_MAX;
            if (has && sim_rng_below(&rng, 4) == 0) {
                sim_time_t mt = items[ref->live[pos]].time;
                limit = mt - (sim_time_t)sim_rng_below(&rng, 3);
                if (limit < floor)
                    limit = floor;
            }
            uint32_t got;
            sim_time_t gt;
            bool ok = ops->pop_until(q, limit, &got, &gt);
            if (!has) {
                ck_assert_msg(!ok, "%s: popped from an empty queue", ops->name);
                continue;
            }
            uint32_t want = ref->live[pos];
            if (items[want].time > limit) {
                ck_assert_msg(!ok, "%s: popped an item later than limit %lld", ops->name,
                              (long long)limit);
                if (limit > floor)
                    floor = limit;
                continue;
            }
            ck_assert_msg(ok, "%s: nothing popped at step %d", ops->name, step);
            ck_assert_msg(got == want,
                          "%s step %d: popped idx %u (t=%lld seq=%llu), expected idx %u "
                          "(t=%lld seq=%llu)",
                          ops->name, step, got, (long long)items[got].time,
                          (unsigned long long)items[got].seq, want, (long long)items[want].time,
                          (unsigned long long)items[want].seq);
            ck_assert_int_eq(gt, items[want].time);
            floor = items[want].time;
            items[want].queued = false;
            ref->live[pos] = ref->live[--ref->n];
            free_list[nfree++] = want;
        } else if (op < 99) {
            size_t pos;
            uint32_t got;
            sim_time_t gt;
            bool has = ref_min(ref, &pos);
            ck_assert_int_eq(ops->peek(q, &got, &gt), has);
            if (has) {
                ck_assert_msg(got == ref->live[pos], "%s: peek disagrees", ops->name);
                ck_assert_int_eq(gt, items[got].time);
            }
        } else {
            /* Purge a random third of the queued items. */
            size_t kill = 0;
            for (size_t i = 0; i < ref->n; i++)
                if (sim_rng_below(&rng, 3) == 0) {
                    items[ref->live[i]].dead = true;
                    kill++;
                }
            ck_assert_uint_eq(ops->purge(q, purge_dead, items), kill);
            for (size_t i = 0; i < ref->n;) {
                uint32_t idx = ref->live[i];
                if (items[idx].dead) {
                    items[idx].queued = false;
                    items[idx].dead = false;
                    free_list[nfree++] = idx;
                    ref->live[i] = ref->live[--ref->n];
                } else {
                    i++;
                }
            }
        }
        ck_assert_uint_eq(ops->size(q), ref->n);
    }
    /* Drain: everything left comes out in order. */
    size_t pos;
    while (ref_min(ref, &pos)) {
        uint32_t got;
        sim_time_t gt;
        ck_assert(ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
        ck_assert_uint_eq(got, ref->live[pos]);
        ref->live[pos] = ref->live[--ref->n];
    }
    uint32_t got;
    sim_time_t gt;
    ck_assert(!ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
    ck_assert_uint_eq(ops->size(q), 0);
    ops->destroy(q);
    free(ref);
    free(items);
}

static const sim_queue_ops_t *const impls[] = {&sim_queue_wheel_ops, &sim_queue_heap_ops};

START_TEST(random_against_reference)
{
    /* Growing phases (push-heavy) and draining phases, several seeds. */
    for (uint64_t seed = 1; seed <= 4; seed++) {
        run_random(impls[_i], seed, 12000, 55);
        run_random(impls[_i], seed + 100, 12000, 35);
    }
}
END_TEST

START_TEST(fifo_at_equal_times)
{
    const sim_queue_ops_t *ops = impls[_i];
    item_t items[64];
    void *q;
    ck_assert_int_eq(ops->create(0, &q), VS_OK);
    ops->bind(q, items, sizeof items[0]);
    /* Interleave three times, one far enough to start above level 0, so FIFO must survive
     * cascades; then push more at the far time once it is the current one. */
    sim_time_t far = SIM_S(30) + 7, times[3] = {5, SIM_US(20), far};
    for (uint32_t i = 0; i < 48; i++)
        ck_assert_int_eq(ops->push(q, i, times[i % 3]), VS_OK);
    uint32_t got, prev[3] = {0, 0, 0};
    sim_time_t gt;
    bool seen[3] = {false, false, false};
    for (int n = 0; n < 33; n++) {
        ck_assert(ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
        uint32_t k = got % 3;
        ck_assert(!seen[k] || got > prev[k]);
        for (uint32_t j = 0; j < k; j++) /* all earlier times are gone */
            ck_assert(seen[j]);
        seen[k] = true;
        prev[k] = got;
    }
    ck_assert_int_eq(gt, far);
    for (uint32_t i = 48; i < 64; i++)
        ck_assert_int_eq(ops->push(q, i, far), VS_OK);
    for (uint32_t want = got + 3; want < 48; want += 3) {
        ck_assert(ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
        ck_assert_uint_eq(got, want);
    }
    for (uint32_t want = 48; want < 64; want++) {
        ck_assert(ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
        ck_assert_uint_eq(got, want);
    }
    ck_assert(!ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
    ops->destroy(q);
}
END_TEST

START_TEST(limit_then_push_below_next)
{
    /* pop_until refuses an item past the limit; pushing between the limit and that item
     * must still come out first (the wheel may have cascaded up to the limit). */
    const sim_queue_ops_t *ops = impls[_i];
    item_t items[4];
    void *q;
    uint32_t got;
    sim_time_t gt;
    ck_assert_int_eq(ops->create(0, &q), VS_OK);
    ops->bind(q, items, sizeof items[0]);
    ck_assert_int_eq(ops->push(q, 0, SIM_S(100)), VS_OK);
    ck_assert(!ops->pop_until(q, SIM_S(100) - 1, &got, &gt));
    ck_assert_int_eq(ops->push(q, 1, SIM_S(100) - 1), VS_OK);
    ck_assert_int_eq(ops->push(q, 2, SIM_S(100)), VS_OK);
    ck_assert(ops->peek(q, &got, &gt));
    ck_assert_int_eq(gt, SIM_S(100) - 1);
    ck_assert_uint_eq(got, 1);
    ck_assert(ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
    ck_assert_uint_eq(got, 1);
    ck_assert(ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
    ck_assert_uint_eq(got, 0);
    ck_assert(ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
    ck_assert_uint_eq(got, 2);
    /* Empty again: after a rewind, pushes may start before the last popped time. */
    ops->rewind(q, 10);
    ck_assert_int_eq(ops->push(q, 3, 20), VS_OK);
    ck_assert_int_eq(ops->push(q, 2, 10), VS_OK);
    ck_assert(ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
    ck_assert_uint_eq(got, 2);
    ck_assert(ops->pop_until(q, SIM_TIME_MAX, &got, &gt));
    ck_assert_uint_eq(got, 3);
    ops->destroy(q);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("sim_queue");
    TCase *tc = tcase_create("order");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, random_against_reference, 0, 2);
    tcase_add_loop_test(tc, fifo_at_equal_times, 0, 2);
    tcase_add_loop_test(tc, limit_then_push_below_next, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = vs_check_run(suite());
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
