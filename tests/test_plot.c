/* plot/: results recognised by their keys and schema, what a figure's CSV holds for steps not
 * reached, and that a failing figure leaves no file behind. SVG only (the clean driver). */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_series.h"
#include "vs_check.h"
#include "vs_tmp.h"

static const char *const run_unfinished =
    "{\"schema\": 1, \"scenario\": \"t\", \"migrations\": [{\"vr\": \"vr1\", \"from\": \"a\", \"to\": \"b\","
    " \"timeline\": {\"t0_tunnels_s\": 1, \"t1_image_copy_s\": 1.5, \"t2_memory_copy_s\": 2,"
    " \"t3_suspend_s\": 2, \"t4_resume_s\": 3, \"t5_links_s\": null, \"t6_done_s\": null},"
    " \"link_rehoming_s\": []}]}";

static size_t files_in(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static void expect_check(const char *json, vs_err_t want, const char *msg_part)
{
    cJSON *root = cJSON_Parse(json);
    ck_assert_ptr_nonnull(root);
    ck_assert_int_eq(plot_check(root, "x.json"), want);
    if (msg_part)
        ck_assert_msg(strstr(vs_errmsg(), msg_part), "'%s' lacks '%s'", vs_errmsg(), msg_part);
    cJSON_Delete(root);
}

START_TEST(kinds_and_schema)
{
    expect_check("{\"migrations\": []}", VS_EINVAL, "x.json: not a result vroomsim wrote");
    expect_check("{\"schema\": 3, \"targets\": []}", VS_EINVAL, "unknown schema version 3");
    expect_check("{\"schema\": 2, \"targets\": []}", VS_EINVAL, "reads reproduction results of schema 1)");
    expect_check("{\"schema\": 3, \"migrations\": []}", VS_EINVAL, "reads run results of schema 1 and 2");
    expect_check("{\"schema\": 1.5, \"migrations\": []}", VS_EINVAL, "unknown schema version 1.5");
    expect_check("{\"schema\": 1, \"nothing\": 1}", VS_EINVAL, "not a result vroomsim draws");
    expect_check("{\"schema\": 1, \"targets\": []}", VS_EINVAL, "no targets");
    expect_check("{\"schema\": 1, \"task\": \"te\", \"plan\": []}", VS_EINVAL, "nothing moves");
    expect_check("{\"schema\": 1, \"rows\": [{\"mechanism\": \"vroom\", \"total_s\": 1}]}", VS_OK, NULL);
    expect_check("{\"schema\": 1, \"targets\": [{\"id\": \"a\", \"status\": \"error\"}]}", VS_OK, NULL);
    expect_check(run_unfinished, VS_OK, NULL);
}
END_TEST

/* Steps not reached are empty fields, never numbers; no traffic figure without flows. */
/* A run's FIB fill curve: drawn with one CSV row per point; a malformed one is an error,
 * not a figure silently left out. */
static const char *const run_fill =
    "{\"schema\": 2, \"migrations\": [{\"vr\": \"vr1\", \"from\": \"a\", \"to\": \"b\","
    " \"timeline\": {\"t0_tunnels_s\": 0, \"t4_resume_s\": 1, \"t5_links_s\": 3, \"t6_done_s\": 4},"
    " \"fib\": {\"fill\": {\"t_s\": [1, 2, 3, 4], \"new_entries\": [0, 5, 10, 10],"
    " \"old_entries\": [10, 10, 10, 0]}}}]}";

START_TEST(fib_fill)
{
    make_tmp();
    cJSON *root = cJSON_Parse(run_fill);
    plot_files_t made = {0};
    ck_assert_int_eq(plot_result(root, "r.json", "r", tmpdir, PLOT_SVG, &made), VS_OK);
    ck_assert_uint_eq(made.n, 2);
    ck_assert_ptr_nonnull(strstr(made.csvs[1], "r-fib.csv"));
    FILE *f = fopen(made.csvs[1], "r");
    char text[512] = {0};
    ck_assert_uint_gt(fread(text, 1, sizeof text - 1, f), 0);
    fclose(f);
    ck_assert_str_eq(text, "migration,vr,t_s,new_entries,old_entries\n0,vr1,1,0,10\n0,vr1,2,5,10\n"
                           "0,vr1,3,10,10\n0,vr1,4,10,0\n");
    plot_files_free(&made);
    cJSON_Delete(root);
    char *bad = strdup(run_fill);
    memcpy(strstr(bad, "[0, 5, 10, 10]"), "[0, 5, 10]    ", 14);
    expect_check(bad, VS_EINVAL, "x.json: a run result without what the FIB repopulation needs: "
                                 "a 'fib.fill' whose 't_s', 'new_entries' and 'old_entries' differ in length");
    free(bad);
}
END_TEST

/* Cell names split at '@'; swept values read with their units; anything else refused. */
START_TEST(series_names_and_values)
{
    plot_cell_name_t cn;
    ck_assert(plot__cell_name("memory_copy_s@700Mbps_spare", &cn));
    ck_assert_str_eq(cn.series, "memory_copy_s");
    ck_assert_str_eq(cn.unit, "Mbps_spare");
    ck_assert(cn.x == 700);
    ck_assert(plot__cell_name("dump_s@0k", &cn) && cn.x == 0 && strcmp(cn.unit, "k") == 0);
    ck_assert(!plot__cell_name("bridging_500k_over_0", &cn));
    ck_assert(!plot__cell_name("@5k", &cn));
    ck_assert(!plot__cell_name("a@k", &cn));
    static const struct {
        const char *json, *unit;
        double x;
    } ok[] = {{"\"500Mbps\"", "Mbps", 500}, {"\"20kpps\"", "kpps", 20}, {"\"250ms\"", "s", 0.25},
              {"\"512MB\"", "MB", 512}, {"\"50000\"", "", 50000}, {"1.5", "", 1.5}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        cJSON *v = cJSON_Parse(ok[i].json);
        double x;
        const char *u;
        ck_assert_msg(plot__axis_value(v, &x, &u), "%s", ok[i].json);
        ck_assert_str_eq(u, ok[i].unit);
        ck_assert(fabs(x - ok[i].x) < 1e-9);
        cJSON_Delete(v);
    }
    cJSON *v = cJSON_Parse("\"pre-copy\"");
    double x;
    const char *u;
    ck_assert(!plot__axis_value(v, &x, &u));
    cJSON_Delete(v);
}
END_TEST

/* A sweep over a data rate: the axis read in Mbps, points in rate order whatever the groups'
 * order, a null interval an empty field; one line, so no group label. */
START_TEST(sweep_rate_axis)
{
    make_tmp();
    cJSON *root = cJSON_Parse(
        "{\"schema\": 1, \"sweep\": \"r\", \"by\": [\"flows[0].rate\"], \"groups\": ["
        "{\"values\": {\"flows[0].rate\": \"0.9Gbps\"}, \"metrics\": {\"loss\": {\"n\": 2, \"mean\": 3,"
        " \"sd\": 1, \"ci95\": [1, 5], \"min\": 2, \"max\": 4}}},"
        "{\"values\": {\"flows[0].rate\": \"500Mbps\"}, \"metrics\": {\"loss\": {\"n\": 1, \"mean\": 0,"
        " \"sd\": null, \"ci95\": [null, null], \"min\": 0, \"max\": 0}}}]}");
    plot_files_t made = {0};
    ck_assert_int_eq(plot_result(root, "s.json", "s", tmpdir, PLOT_SVG, &made), VS_OK);
    ck_assert_uint_eq(made.n, 1);
    FILE *f = fopen(made.csvs[0], "r");
    char text[512] = {0};
    ck_assert_uint_gt(fread(text, 1, sizeof text - 1, f), 0);
    fclose(f);
    ck_assert_str_eq(text, "group,axis,x,metric,n,mean,sd,ci95_low,ci95_high,min,max\n"
                           ",flows[0].rate,500,loss,1,0,,,,0,0\n"
                           ",flows[0].rate,900,loss,2,3,1,1,5,2,4\n");
    plot_files_free(&made);
    cJSON_Delete(root);
}
END_TEST

START_TEST(timeline_not_reached)
{
    make_tmp();
    cJSON *root = cJSON_Parse(run_unfinished);
    plot_files_t made = {0};
    ck_assert_int_eq(plot_result(root, "r.json", "r", tmpdir, PLOT_SVG, &made), VS_OK);
    ck_assert_uint_eq(made.n, 1);
    FILE *f = fopen(made.csvs[0], "r");
    ck_assert_ptr_nonnull(f);
    char line[256];
    int rows = 0, empty = 0;
    while (fgets(line, sizeof line, f)) {
        rows++;
        if (strstr(line, ",fib_cloning,") || strstr(line, ",link_rehoming,"))
            empty += strstr(line, ",,\n") != NULL;
        if (strstr(line, ",freeze,"))
            ck_assert_ptr_nonnull(strstr(line, ",t3,t4,2,3\n"));
    }
    fclose(f);
    ck_assert_int_eq(rows, 7);
    ck_assert_int_eq(empty, 2);
    f = fopen(made.figures[0], "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    ck_assert_ptr_nonnull(strstr(line, "<?xml"));
    fclose(f);
    plot_files_free(&made);
    cJSON_Delete(root);
    rm_tmp();
}
END_TEST

/* A result that cannot be drawn writes nothing, and a folder that cannot be written leaves
 * no temporary file. */
START_TEST(nothing_half_written)
{
    make_tmp();
    cJSON *bad = cJSON_Parse("{\"schema\": 1, \"task\": \"power\", \"intervals_detail\": [{\"time_s\": 0}]}");
    plot_files_t made = {0};
    ck_assert_int_eq(plot_result(bad, "p.json", "p", tmpdir, PLOT_SVG, &made), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "p.json: a power plan result without"));
    ck_assert_uint_eq(made.n, 0);
    ck_assert_uint_eq(files_in(tmpdir), 0);
    cJSON *run = cJSON_Parse(run_unfinished);
    char missing[600];
    snprintf(missing, sizeof missing, "%s/no/such", tmpdir);
    ck_assert_int_ne(plot_result(run, "r.json", "r", missing, PLOT_SVG, &made), VS_OK);
    ck_assert_uint_eq(files_in(tmpdir), 0);
    plot_files_free(&made);
    cJSON_Delete(bad);
    cJSON_Delete(run);
    rm_tmp();
}
END_TEST

START_TEST(formats)
{
    plot_format_t f;
    ck_assert_int_eq(plot_format_parse("pdf", &f), VS_OK);
    ck_assert_int_eq(f, PLOT_PDF);
    ck_assert_str_eq(plot_format_ext(f), "pdf");
    ck_assert_int_eq(plot_format_parse("jpeg", &f), VS_EUSAGE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("plot");
    tcase_add_test(tc, kinds_and_schema);
    tcase_add_test(tc, timeline_not_reached);
    tcase_add_test(tc, fib_fill);
    tcase_add_test(tc, series_names_and_values);
    tcase_add_test(tc, sweep_rate_axis);
    tcase_add_test(tc, nothing_half_written);
    tcase_add_test(tc, formats);
    suite_add_tcase(s, tc);
    return vs_check_run(s) ? 1 : 0;
}
