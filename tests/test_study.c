/* study/: sweep files (expansion, ranges, units, seeds, errors with positions), the identity
 * hash, and metrics read from a result's JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "study_file.h"
#include "study_run.h"
#include "vs_check.h"

#define BASE VS_SOURCE_DIR "/examples/diamond-sd.yaml"

/* Writes a sweep file (the text after the common head) to a fresh temporary file; returns
 * its path (static buffer: one at a time). */
static const char *sweep_file(const char *body)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/test_study_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "sweep: 1\nname: t\nbase: %s\n%s", BASE, body);
    fclose(f);
    return path;
}

static study_sweep_t *load_ok(const char *body)
{
    study_sweep_t *sw = NULL;
    const char *path = sweep_file(body);
    vs_err_t err = study_load(path, &sw);
    unlink(path);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    return sw;
}

/* Fails with err and a message holding each of the NULL-ended fragments. */
static void load_fails(const char *body, vs_err_t want, ...)
{
    study_sweep_t *sw = NULL;
    const char *path = sweep_file(body);
    vs_err_t err = study_load(path, &sw);
    unlink(path);
    ck_assert_ptr_null(sw);
    ck_assert_msg(err == want, "got %s: %s", vs_errname(err), vs_errmsg());
    va_list ap;
    va_start(ap, want);
    for (const char *frag; (frag = va_arg(ap, const char *));)
        ck_assert_msg(strstr(vs_errmsg(), frag), "'%s' lacks '%s'", vs_errmsg(), frag);
    va_end(ap);
}

static void point_is(const study_sweep_t *sw, size_t i, const char *a, const char *b,
                     uint64_t seed)
{
    const char *v[2];
    uint64_t s;
    study_point(sw, i, v, &s);
    ck_assert_str_eq(v[0], a);
    if (b)
        ck_assert_str_eq(v[1], b);
    ck_assert_uint_eq(s, seed);
}

START_TEST(product_order)
{
    study_sweep_t *sw = load_ok("axes:\n"
                                "  - {path: 'virtual_routers[vr1].ospf.routes', values: [10, 20, 30]}\n"
                                "  - {path: 'migrations[0].memory', values: [stall-and-copy, pre-copy]}\n"
                                "seeds: [7, 9]\n");
    ck_assert_uint_eq(sw->n_points, 12);
    ck_assert(!sw->zip);
    point_is(sw, 0, "10", "stall-and-copy", 7);
    point_is(sw, 1, "10", "stall-and-copy", 9);
    point_is(sw, 2, "10", "pre-copy", 7);
    point_is(sw, 4, "20", "stall-and-copy", 7);
    point_is(sw, 11, "30", "pre-copy", 9);
    study_free(sw);
}
END_TEST

START_TEST(zip_and_runs)
{
    study_sweep_t *sw = load_ok("combine: zip\naxes:\n"
                                "  - {path: 'virtual_routers[vr1].ospf.routes', values: [10, 20]}\n"
                                "  - {path: 'virtual_routers[vr1].ospf.hello', values: [1s, 2s]}\n"
                                "runs: 3\n");
    ck_assert_uint_eq(sw->n_points, 6);
    point_is(sw, 0, "10", "1s", 1);
    point_is(sw, 2, "10", "1s", 3);
    point_is(sw, 3, "20", "2s", 1);
    study_free(sw);
    load_fails("combine: zip\naxes:\n"
               "  - {path: 'virtual_routers[vr1].ospf.routes', values: [10, 20]}\n"
               "  - {path: 'virtual_routers[vr1].ospf.hello', values: [1s]}\n",
               VS_EINVAL, ":6:3:", "expected axes of one length", NULL);
    load_fails("seeds: [1]\nruns: 2\n", VS_EINVAL, ":4:", "either 'seeds' or 'runs'", NULL);
    load_fails("seeds: [1, x]\n", VS_EINVAL, ":4:12:", "expected a seed", NULL);
}
END_TEST

static void axis_is(const study_sweep_t *sw, size_t a, const char *const *want, size_t n)
{
    ck_assert_uint_eq(sw->axes[a].n_values, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(sw->axes[a].values[i], want[i]);
}

START_TEST(ranges_and_units)
{
    study_sweep_t *sw = load_ok(
        "axes:\n"
        "  - {path: 'virtual_routers[vr1].ospf.routes', range: {from: 0, to: 100k, step: 50k}}\n"
        "  - {path: 'virtual_routers[vr1].ospf.hello', range: {from: 0.5s, to: 1.6s, step: 0.5}}\n");
    static const char *const routes[] = {"0", "50000", "100000"};
    static const char *const hellos[] = {"0.5s", "1s", "1.5s"};
    axis_is(sw, 0, routes, 3);
    axis_is(sw, 1, hellos, 3);
    ck_assert_uint_eq(sw->n_points, 9);
    ck_assert_uint_eq(sw->n_seeds, 1);
    study_free(sw);
    load_fails("axes:\n  - {path: 'virtual_routers[vr1].ospf.hello', range: {from: 1s, to: 3s, step: 500ms}}\n",
               VS_EUNIT, ":5:", "expected the unit of 'from' ('s')", NULL);
    load_fails("axes:\n  - {path: 'virtual_routers[vr1].ospf.routes', range: {from: 10, to: 5, step: 1}}\n",
               VS_ERANGE, "expected 'to' at least 'from'", NULL);
    load_fails("axes:\n  - {path: 'virtual_routers[vr1].ospf.routes', range: {from: 1, to: 5, step: 0}}\n",
               VS_ERANGE, "expected a step above 0", NULL);
    load_fails("axes:\n  - {path: 'virtual_routers[vr1].ospf.routes', range: {from: 1, to: 1e9, step: 1}}\n",
               VS_ERANGE, "more than", NULL);
}
END_TEST

START_TEST(errors_name_the_place)
{
    load_fails("axes:\n  - {path: 'migrations[0].memory', values: []}\n", VS_EINVAL,
               ":5:", "expected at least one value", NULL);
    load_fails("axes:\n  - {path: 'migrations[0].memory', values: [pre-copy, warp]}\n", VS_EINVAL,
               ":5:5:", "axis 'migrations[0].memory', value 'warp': memory: unknown value 'warp'", NULL);
    load_fails("axes:\n  - {path: 'virtual_routers[vr9].ospf.routes', values: [1]}\n", VS_EINVAL,
               "axis 'virtual_routers[vr9].ospf.routes', value '1'", "vr9", NULL);
    load_fails("axes:\n  - {path: 'migrations[0].memory'}\n", VS_EINVAL,
               ":5:5:", "expected one of 'values', 'range' or 'files'", NULL);
    load_fails("sed: [1]\n", VS_EUNKNOWN_KEY, ":4:1:", "did you mean 'seeds'", NULL);
    load_fails("metrics:\n  - {name: Bad-Name, path: x}\n", VS_EINVAL, ":5:", "metric 'Bad-Name'", NULL);
    load_fails("metrics:\n  - {name: status, path: x}\n", VS_EINVAL, "metric 'status'", NULL);
    load_fails("metrics:\n  - {name: d, path: 'migrations[x].downtime'}\n", VS_EINVAL, ":5:21:",
               "metric 'd': path 'migrations[x].downtime': expected keys separated by '.'", NULL);
    load_fails("metrics:\n  - {name: d, path: 'migrations..x'}\n", VS_EINVAL, "expected keys", NULL);
    study_free(load_ok("metrics:\n  - {name: d, path: 'a[0][1].b'}\n  - {name: e, path: 'x'}\n"));
}
END_TEST

START_TEST(not_a_sweep)
{
    study_sweep_t *sw = NULL;
    ck_assert_int_eq(study_load(BASE, &sw), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "not a sweep file"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "diamond-sd.yaml:"));
}
END_TEST

START_TEST(hash_identity)
{
    const char *body = "axes:\n  - {path: 'migrations[0].memory', values: [pre-copy]}\n"
                       "seeds: [1, 2]\nmetrics:\n  - {name: d, path: 'migrations[0].downtime.total_s'}\n";
    study_sweep_t *a = load_ok(body), *b = load_ok(body);
    ck_assert_uint_eq(a->hash, b->hash);
    /* The base file's content counts. */
    ck_assert_uint_ne(study_hash(a, "x", 1), study_hash(a, "y", 1));
    study_free(b);
    b = load_ok("axes:\n  - {path: 'migrations[0].memory', values: [pre-copy]}\n"
                "seeds: [1, 3]\nmetrics:\n  - {name: d, path: 'migrations[0].downtime.total_s'}\n");
    ck_assert_uint_ne(a->hash, b->hash);
    study_free(b);
    b = load_ok("axes:\n  - {path: 'migrations[0].memory', values: [pre-copy]}\n"
                "seeds: [1, 2]\nmetrics:\n  - {name: d, path: 'migrations[0].downtime.copy_s'}\n");
    ck_assert_uint_ne(a->hash, b->hash);
    study_free(b);
    /* Layout, comments and the name do not change the points. */
    b = load_ok("# a comment\naxes:\n- path: 'migrations[0].memory'\n  values:\n  - pre-copy\n"
                "seeds: [1,2]\nmetrics: [{name: d, path: 'migrations[0].downtime.total_s'}]\n");
    ck_assert_uint_eq(a->hash, b->hash);
    study_free(b);
    study_free(a);
}
END_TEST

START_TEST(metrics_from_json)
{
    cJSON *root = cJSON_Parse("{\"migrations\": [{\"downtime\": {\"total_s\": 1.5, \"x\": null}},"
                              " {\"l\": [3, 4]}]}");
    double v;
    bool null;
    study_metric_get(root, "migrations[0].downtime.total_s", &v, &null);
    ck_assert(!null);
    ck_assert_double_eq(v, 1.5);
    study_metric_get(root, "migrations[1].l[1]", &v, &null);
    ck_assert(!null);
    ck_assert_double_eq(v, 4);
    study_metric_get(root, "migrations[0].downtime.x", &v, &null);
    ck_assert(null);
    study_metric_get(root, "migrations[2].downtime.total_s", &v, &null);
    ck_assert(null);
    study_metric_get(root, "migrations[0].downtime", &v, &null);
    ck_assert(null);
    cJSON_Delete(root);
}
END_TEST

START_TEST(run_a_point)
{
    study_sweep_t *sw = load_ok("axes:\n  - {path: 'migrations[0].memory', values: [pre-copy]}\n"
                                "seeds: [4]\n");
    char *json = NULL;
    ck_assert_int_eq(study_run_point(sw, 0, &json), VS_OK);
    cJSON *root = cJSON_Parse(json);
    ck_assert_int_eq((int)cJSON_GetObjectItem(root, "seed")->valuedouble, 4);
    double v;
    bool null;
    study_metric_get(root, "migrations[0].downtime.total_s", &v, &null);
    ck_assert(!null && v > 0);
    cJSON_Delete(root);
    free(json);
    study_free(sw);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("study");
    TCase *tc = tcase_create("study");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, product_order);
    tcase_add_test(tc, zip_and_runs);
    tcase_add_test(tc, ranges_and_units);
    tcase_add_test(tc, errors_name_the_place);
    tcase_add_test(tc, not_a_sweep);
    tcase_add_test(tc, hash_identity);
    tcase_add_test(tc, metrics_from_json);
    tcase_add_test(tc, run_a_point);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
