/* Power and TE tasks on a topology with traffic: invariants of a plan (never above the all-on
 * energy, links within their all-on peaks, every interval planned), determinism, and the study
 * file loader's errors. The SNDlib study runs only when ../shared/data is present. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw_profile.h"
#include "sched_eval.h"
#include "sched_power.h"
#include "sched_topo.h"

static cJSON *run_gravity(int hold)
{
    sched_power_config_t c = SCHED_POWER_CONFIG_DEFAULT;
    c.hold = hold;
    c.inter_pop_too = true;
    cJSON *r = NULL;
    ck_assert_msg(sched_power_run(&c, &r) == VS_OK, "%s", vs_errmsg());
    return r;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *x = cJSON_GetObjectItem(o, k);
    ck_assert_msg(cJSON_IsNumber(x), "missing %s", k);
    return x->valuedouble;
}

START_TEST(gravity_plan_invariants)
{
    cJSON *r = run_gravity(2);
    const cJSON *t = cJSON_GetObjectItem(r, "totals"), *i = cJSON_GetObjectItem(r, "inter_pop");
    ck_assert(num(t, "energy_kwh") <= num(t, "baseline_energy_kwh") * (1 + 1e-12));
    ck_assert(num(i, "energy_kwh") <= num(i, "baseline_energy_kwh") * (1 + 1e-12));
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(t, "link_utilization_unchanged")));
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(i, "link_utilization_unchanged")));
    ck_assert(num(r, "savings_percent") == num(t, "savings_percent"));
    const cJSON *iv = cJSON_GetObjectItem(r, "intervals_detail"), *x;
    ck_assert_int_eq(cJSON_GetArraySize(iv), (int)num(r, "intervals"));
    cJSON_ArrayForEach(x, iv) {
        ck_assert(num(x, "power_w") <= num(x, "baseline_power_w") * (1 + 1e-12));
        ck_assert(num(x, "inter_pop_mlu") <= num(x, "baseline_inter_pop_mlu") * (1 + 1e-9) + 1e-12 ||
                  num(x, "inter_pop_mlu") <= num(t, "baseline_max_inter_pop_mlu") * (1 + 1e-9));
        int on = (int)num(x, "routers_on");
        ck_assert_int_eq(on + cJSON_GetArraySize(cJSON_GetObjectItem(x, "routers_off")),
                         (int)num(r, "pops") * (int)num(r, "routers_per_pop"));
    }
    cJSON_Delete(r);
}
END_TEST

START_TEST(deterministic)
{
    cJSON *a = run_gravity(2), *b = run_gravity(2);
    cJSON_DeleteItemFromObject(a, "timing");
    cJSON_DeleteItemFromObject(b, "timing");
    char *sa = cJSON_PrintUnformatted(a), *sb = cJSON_PrintUnformatted(b);
    ck_assert_str_eq(sa, sb);
    free(sa);
    free(sb);
    cJSON_Delete(a);
    cJSON_Delete(b);
}
END_TEST

START_TEST(te_meets_target)
{
    sched_power_config_t c = SCHED_POWER_CONFIG_DEFAULT;
    cJSON *r = NULL;
    ck_assert_msg(sched_te_run(&c, 0.45, NULL, &r) == VS_OK, "%s", vs_errmsg());
    ck_assert(num(r, "mlu_before") > 0.45);
    ck_assert(num(r, "mlu_after") <= 0.45 + 1e-9);
    ck_assert(num(r, "migrations") >= 1);
    cJSON_Delete(r);
    /* an unreachable target is an infeasible instance, status 2, naming a VR */
    vs_err_t err = sched_te_run(&c, 0.01, NULL, &r);
    ck_assert_int_eq(err, VS_EINFEASIBLE);
    ck_assert_int_eq(vs_exit_status(err), 2);
    ck_assert_msg(strstr(vs_errmsg(), "VR '") != NULL, "%s", vs_errmsg());
}
END_TEST

/* A stand-in for the simulator: migration k takes 10 + k seconds; counts its calls. */
static int fake_timer_calls;
static vs_err_t fake_timer(void *ctx, const char *path, double *d, int n)
{
    (void)ctx;
    ck_assert(access(path, R_OK) == 0); /* the plan was written before it is timed */
    fake_timer_calls++;
    for (int k = 0; k < n; k++)
        d[k] = 10 + k;
    return VS_OK;
}

static vs_err_t failing_timer(void *ctx, const char *path, double *d, int n)
{
    (void)ctx, (void)path, (void)d, (void)n;
    return vs_fail(VS_EIO, "timer failed on purpose");
}

START_TEST(te_plan_retimed)
{
    sched_power_config_t c = SCHED_POWER_CONFIG_DEFAULT;
    /* as `vroomsim plan te --target-mlu 0.35` does (no stretch bound, --solver auto) */
    c.solve.objective = SCHED_OBJ_MIGRATIONS;
    c.solve.solver = SCHED_SOLVER_AUTO;
    c.solve.kicks = -1;
    c.stretch = 0;
    char path[64];
    snprintf(path, sizeof path, "/tmp/vs_te_plan_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    cJSON *r = NULL;
    fake_timer_calls = 0;
    /* 0.35 on the default (Abilene, gravity) needs several waves */
    ck_assert_msg(sched_te_run_timed(&c, 0.35, path, fake_timer, NULL, &r) == VS_OK, "%s",
                  vs_errmsg());
    ck_assert_int_eq(fake_timer_calls, 1);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(r, "retimed")));
    const cJSON *plan = cJSON_GetObjectItem(r, "plan"), *m, *n;
    int k = 0, last_wave = 0;
    double end = 0, last_start = 0;
    cJSON_ArrayForEach(m, plan)
    {
        ck_assert(fabs(num(m, "duration_s") - (10 + k)) < 1e-9);
        int w = (int)num(m, "wave");
        /* a wave starts after every migration of the wave before it has finished */
        cJSON_ArrayForEach(n, plan)
            if ((int)num(n, "wave") == w - 1)
                ck_assert(num(m, "start_s") >= num(n, "start_s") + num(n, "duration_s") - 1e-9);
        if (num(m, "start_s") + num(m, "duration_s") > end)
            end = num(m, "start_s") + num(m, "duration_s");
        if (w > last_wave)
            last_wave = w, last_start = num(m, "start_s");
        k++;
    }
    ck_assert_int_ge(last_wave, 1);
    ck_assert(fabs(num(r, "plan_duration_s") - end) < 1e-6);
    /* the plan file was rewritten with the re-timed start of the last wave */
    FILE *f = fopen(path, "r");
    ck_assert(f != NULL);
    char buf[1 << 16], want[32];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    buf[len] = 0;
    fclose(f);
    snprintf(want, sizeof want, "at: %.3fs", last_start);
    ck_assert_msg(strstr(buf, want) != NULL, "'%s' not in the plan file", want);
    cJSON_Delete(r);
    /* without a timer nothing is re-timed; a failing timer fails the task */
    ck_assert(sched_te_run(&c, 0.35, NULL, &r) == VS_OK);
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(r, "retimed")));
    cJSON_Delete(r);
    r = NULL;
    ck_assert_int_eq(sched_te_run_timed(&c, 0.35, path, failing_timer, NULL, &r), VS_EIO);
    ck_assert(r == NULL);
    unlink(path);
}
END_TEST

static char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/vs_study_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    return path;
}

START_TEST(study_errors_point_at_text)
{
    sched_power_config_t c = SCHED_POWER_CONFIG_DEFAULT;
    char *p = write_tmp("version: 1\nstudy: power\nrouter:\n  power_profil: core-router\n");
    ck_assert_int_eq(sched_power_study_load(p, &c), VS_EUNKNOWN_KEY);
    ck_assert_msg(strstr(vs_errmsg(), ":4:") && strstr(vs_errmsg(), "power_profile"), "%s",
                  vs_errmsg());
    unlink(p);
    /* wattages are no longer study keys: they come from the power profile */
    p = write_tmp("version: 1\nstudy: power\nrouter:\n  chassis_w: 600\n");
    ck_assert_int_eq(sched_power_study_load(p, &c), VS_EUNKNOWN_KEY);
    unlink(p);
    /* a profile path is the study file's neighbour; a name stays a name */
    p = write_tmp("version: 1\nstudy: power\nrouter:\n  power_profile: my-router.yaml\n");
    ck_assert_int_eq(sched_power_study_load(p, &c), VS_OK);
    ck_assert_str_eq(c.topo.power_profile, "/tmp/my-router.yaml");
    unlink(p);
    p = write_tmp("version: 1\nstudy: power\nrouter:\n  power_profile: pc3000\n");
    ck_assert_int_eq(sched_power_study_load(p, &c), VS_OK);
    ck_assert_str_eq(c.topo.power_profile, "pc3000");
    unlink(p);
    p = write_tmp("version: 1\nrouters_per_pop: 0\n");
    ck_assert_int_ne(sched_power_study_load(p, &c), VS_OK);
    ck_assert_msg(strstr(vs_errmsg(), ":2:"), "%s", vs_errmsg());
    unlink(p);
    p = write_tmp("version: 1\nstudy: power\ntopology: builtin:abilene\nhold: 3\nceiling: auto\n");
    ck_assert_int_eq(sched_power_study_load(p, &c), VS_OK);
    ck_assert_int_eq(c.hold, 3);
    ck_assert_str_eq(c.topology, "builtin:abilene");
    unlink(p);
}
END_TEST

/* The routers' power is hwmodel's model over the configured profile (one model: the values
 * are not copied anywhere), and a profile the scheduler cannot use is an error. */
START_TEST(power_from_profile)
{
    sched_topo_config_t cfg = SCHED_TOPO_CONFIG_DEFAULT;
    sched_topo_t *t = NULL;
    ck_assert_msg(sched_topo_build("builtin:abilene", &cfg, &t) == VS_OK, "%s", vs_errmsg());
    const hw_profile_t *p = NULL;
    ck_assert_int_eq(hw_profile_load("core-router", &p), VS_OK);
    hw_power_coef_t want;
    int ppc = p->power.ports_per_linecard;
    hw_power_coef(&p->power, cfg.linecards, cfg.linecards * ppc, &want);
    const sched_inst_t *inst = sched_topo_inst(t);
    int routers = 0;
    for (int i = 0; i < inst->n_nodes; i++) {
        const sched_node_t *r = &inst->nodes[i];
        if (!r->router)
            continue;
        routers++;
        ck_assert_int_eq(r->ports_per_card, ppc);
        ck_assert_double_eq(r->chassis_w, want.chassis_w);
        ck_assert_double_eq(r->load_w, want.load_w);
        /* fully powered at full CPU: the profile's full-load figure */
        double w = sched_node_power_w(r, true, r->linecards * ppc, r->cpu, NULL);
        ck_assert_double_eq_tol(w, 600 + 4 * 150 + 32 * 10, 1e-9);
        ck_assert_double_eq(sched_node_power_w(r, false, 3, 1, NULL), 0);
    }
    ck_assert_int_gt(routers, 0);
    hw_profile_free(p);
    sched_topo_destroy(t);

    snprintf(cfg.power_profile, sizeof cfg.power_profile, "pc3000"); /* no line cards */
    ck_assert_int_eq(sched_topo_build("builtin:abilene", &cfg, &t), VS_EINVAL);
    ck_assert_msg(strstr(vs_errmsg(), "ports_per_linecard"), "%s", vs_errmsg());
    snprintf(cfg.power_profile, sizeof cfg.power_profile, "netfpga"); /* no power section */
    ck_assert_int_eq(sched_topo_build("builtin:abilene", &cfg, &t), VS_EINVAL);
    ck_assert_msg(strstr(vs_errmsg(), "'power'"), "%s", vs_errmsg());
    snprintf(cfg.power_profile, sizeof cfg.power_profile, "no-such-router");
    ck_assert_int_eq(sched_topo_build("builtin:abilene", &cfg, &t), VS_ENOTFOUND);
}
END_TEST

START_TEST(sndlib_abilene_study)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/power-abilene.yaml", VS_SOURCE_DIR);
    sched_power_config_t c = SCHED_POWER_CONFIG_DEFAULT;
    vs_err_t err = sched_power_study_load(path, &c);
    if (err == VS_ENOTFOUND) { /* the loader names the missing SNDlib file and where it goes */
        ck_assert_msg(strstr(vs_errmsg(), "need SNDlib's data"), "%s", vs_errmsg());
        printf("skipped: %s\n", vs_errmsg());
        return;
    }
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    c.inter_pop_too = false;
    cJSON *r = NULL;
    ck_assert_msg(sched_power_run(&c, &r) == VS_OK, "%s", vs_errmsg());
    double s = num(r, "savings_percent");
    ck_assert(s > 0 && s < 100);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "totals"),
                                               "link_utilization_unchanged")));
    cJSON_Delete(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sched_power");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, gravity_plan_invariants);
    tcase_add_test(tc, deterministic);
    tcase_add_test(tc, te_meets_target);
    tcase_add_test(tc, te_plan_retimed);
    tcase_add_test(tc, study_errors_point_at_text);
    tcase_add_test(tc, power_from_profile);
    tcase_add_test(tc, sndlib_abilene_study);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
