/* Golden end-to-end results: every shipped example scenario (and the quick reproduction
 * targets) run with its own seed, JSON compared with tests/golden/NAME.json after dropping
 * every "timing" key (wall-clock figures live there and nowhere else). A difference means a
 * result changed: if the change is meant, regenerate with
 *     VS_GOLDEN_UPDATE=1 ./build/tests/test_golden
 * and say in the commit which results moved and why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs_check.h"
#include "repro_run.h"
#include "run.h"
#include "run_report.h"
#include "scenario.h"
#include "topo_scn.h"

#define GOLDEN_DIR VS_SOURCE_DIR "/tests/golden"

/* The example scenarios that need nothing beyond the simulator (diamond-emulated drives a
 * real FIB; power-*.yaml are plan studies, covered by tests/cli/plan.sh). */
static const char *const examples[] = {
    "abilene-topology",  "abilene-vr5-bgp", "abilene-vr5-ospf-lsa", "compare-diamond",
    "compare-kvm-inter", "compare-kvm-intra", "compare-xen-h07",    "compare-xen-p10",
    "datacenter-nat",    "diamond-hd",        "diamond-hd-traffic", "diamond-sd",
    "diamond-sd-pc850",  "dumbbell-fluid",    "dumbbell-table3",    "openflow-p10",
};

/* Reproduction targets that take well under a second each. */
static const char *const targets[] = {
    "s08-fig8",          "s08-table2-sd",  "s08-table2-hd",   "s08-ospf-downtime", "s08-ospf-hello",
    "s08-lsa-missed",    "s08-bgp-downtime", "s08-bgp-min-hello", "h07-xen-downtime",
    "p10-total-time",    "b10-rules",      "b10-cases",
};

static void drop_timing(cJSON *j)
{
    for (cJSON *c = j ? j->child : NULL, *next; c; c = next) {
        next = c->next;
        if (c->string && !strcmp(c->string, "timing"))
            cJSON_Delete(cJSON_DetachItemViaPointer(j, c));
        else
            drop_timing(c);
    }
}

/* The first place where a and b differ, as a path, into buf. */
static bool first_diff(const cJSON *a, const cJSON *b, char *buf, size_t len)
{
    if (cJSON_Compare(a, b, true))
        return false;
    size_t used = strlen(buf);
    if (a && b && a->type == b->type && (cJSON_IsObject(a) || cJSON_IsArray(a))) {
        const cJSON *x = a->child, *y = b->child;
        for (int i = 0; x || y; i++, x = x ? x->next : NULL, y = y ? y->next : NULL) {
            if (cJSON_IsObject(a))
                snprintf(buf + used, len - used, ".%s", x ? x->string : y->string);
            else
                snprintf(buf + used, len - used, "[%d]", i);
            if (first_diff(x, y, buf, len))
                return true;
            buf[used] = '\0';
        }
    }
    char *sa = a ? cJSON_PrintUnformatted(a) : NULL, *sb = b ? cJSON_PrintUnformatted(b) : NULL;
    used = strlen(buf);
    snprintf(buf + used, len - used, ": golden %.80s, now %.80s", sb ? sb : "(absent)",
             sa ? sa : "(absent)");
    free(sa);
    free(sb);
    return true;
}

static void check_golden(const char *name, cJSON *now)
{
    drop_timing(now);
    char path[1024];
    snprintf(path, sizeof path, GOLDEN_DIR "/%s.json", name);
    if (getenv("VS_GOLDEN_UPDATE")) {
        char *text = cJSON_Print(now);
        FILE *f = fopen(path, "w");
        ck_assert_msg(f && text, "cannot write %s", path);
        fprintf(f, "%s\n", text);
        fclose(f);
        free(text);
        cJSON_Delete(now);
        return;
    }
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s is missing: run VS_GOLDEN_UPDATE=1 %s", path, "test_golden");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *text = malloc((size_t)size + 1);
    ck_assert(text && fread(text, 1, (size_t)size, f) == (size_t)size);
    text[size] = '\0';
    fclose(f);
    cJSON *golden = cJSON_Parse(text);
    free(text);
    ck_assert_msg(golden != NULL, "%s is not JSON", path);
    char where[1024] = "";
    bool differs = first_diff(now, golden, where, sizeof where);
    cJSON_Delete(golden);
    cJSON_Delete(now);
    ck_assert_msg(!differs, "%s: result changed at %s", name, where[0] ? where : "(root)");
}

START_TEST(example)
{
    const char *name = examples[_i];
    char path[1024];
    snprintf(path, sizeof path, VS_SOURCE_DIR "/examples/%s.yaml", name);
    const scn_t *scn;
    vs_err_t err = scn_load(path, &scn);
    ck_assert_msg(err == VS_OK, "%s: %s", path, vs_errmsg());
    run_results_t *res;
    run_opts_t ro = {0};
    ck_assert_int_eq(run_scenario(scn, &ro, &res), VS_OK);
    check_golden(name, run_results_json(scn, res));
    run_results_free(res);
    scn_free(scn);
}
END_TEST

START_TEST(target)
{
    const char *id = targets[_i];
    cJSON *out;
    bool ok;
    ck_assert_int_eq(repro_run(&id, 1, 1, NULL, &out, &ok), VS_OK);
    char name[96];
    snprintf(name, sizeof name, "reproduce-%s", id);
    check_golden(name, out);
}
END_TEST

int main(void)
{
    scn_set_topology_reader(topo_scn_reader); /* as the command does */
    Suite *s = suite_create("golden");
    TCase *tc = tcase_create("golden");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, example, 0, (int)(sizeof examples / sizeof examples[0]));
    tcase_add_loop_test(tc, target, 0, (int)(sizeof targets / sizeof targets[0]));
    suite_add_tcase(s, tc);
    return vs_check_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
