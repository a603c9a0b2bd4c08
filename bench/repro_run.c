/* The reproduction targets, registered in one table, and the runner that judges them. */
#include "repro_run.h"

#include <string.h>

#include "bench_sched.h"
#include "repro_others.h"
#include "repro_s08.h"
#include "repro_s08_data.h"
#include "vs_out.h"

/* Register implementations here as they land: {id, kind, what, run}. */
const repro_target_t repro_targets[] = {
    {"s08-fig8", "prediction", "memory-copy step vs routes: dump, copy, restore, bridging", repro_s08_fig8},
    {"s08-table2-sd", "calibration", "FIB repopulation, software data plane", repro_s08_table2_sd},
    {"s08-table2-hd", "calibration", "FIB repopulation, NetFPGA hardware data plane", repro_s08_table2_hd},
    {"s08-hd-zero-impact", "prediction", "HD router: no delay increase, no loss during re-homing", repro_s08_hd_zero_impact},
    {"s08-sd-delay", "prediction", "SD router on a PC850: RTT increase vs packet rate", repro_s08_sd_delay},
    {"s08-table3", "prediction", "UDP loss sharing a 1 Gbps link with a 250k-route migration", repro_s08_table3},
    {"s08-fig9", "prediction", "delay/jitter vs rate; migration time vs spare bandwidth", repro_s08_fig9},
    {"s08-ospf-downtime", "calibration", "control-plane downtime of VR5 (OSPF), Abilene", repro_s08_ospf_downtime},
    {"s08-ospf-hello", "prediction", "VR5's OSPF adjacencies survive with hello 10/5/2/1 s", repro_s08_ospf_hello},
    {"s08-lsa-missed", "prediction", "LSA generated during downtime arrives by retransmission", repro_s08_lsa_missed},
    {"s08-bgp-downtime", "prediction", "downtime with a full BGP table (255k routes)", repro_s08_bgp_downtime},
    {"s08-bgp-min-hello", "prediction", "smallest OSPF hello that never loses an adjacency", repro_s08_bgp_min_hello},
    {"s08-power", "prediction", "router power saved by intra-POP consolidation over a day", bench_repro_s08_power},
    {"h07-xen-downtime", "calibration", "Xen live migration of a 512 MB VR, data plane in the VM", repro_h07_xen_downtime},
    {"p10-downtime", "calibration + prediction", "downtime vs packet rate, Xen standard vs separated", repro_p10_downtime},
    {"p10-loss", "prediction", "packets lost vs rate", repro_p10_loss},
    {"p10-total-time", "calibration", "total migration time", repro_p10_total_time},
    {"x14-table1", "calibration", "KVM full migration over TCP/IP and XIA", repro_x14_table1},
    {"x14-table2", "calibration + prediction", "KVM migration by workload in XIA", repro_x14_table2},
    {"b10-rules", "prediction", "NAT rules and routes derived for one VM move", repro_b10_rules},
    {"b10-cases", "prediction", "the eight communication cases deliver; ablation", repro_b10_cases},
    {0},
};

const repro_target_t *repro_find(const char *id)
{
    for (const repro_target_t *t = repro_targets; t->id; t++)
        if (strcmp(t->id, id) == 0)
            return t;
    return NULL;
}

static vs_err_t run_one(const repro_target_t *t, uint64_t seed, cJSON *targets, bool *all_ok)
{
    cJSON *obj = vs_json_obj(targets, NULL);
    if (!obj)
        return vs_fail(VS_ENOMEM, "out of memory");
    cJSON_AddStringToObject(obj, "id", t->id);
    cJSON_AddStringToObject(obj, "kind", t->kind);
    cJSON *status = cJSON_AddStringToObject(obj, "status", "not-implemented");
    repro_result_t r = {.cells = vs_json_arr(obj, "cells"), .ok = true};
    if (!status || !r.cells)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (!t->run) {
        *all_ok = false;
        return VS_OK;
    }
    vs_err_t err = t->run(seed, &r);
    if (err == VS_ENOMEM)
        return err;
    if (err) { /* it could not run (its data is missing, say): the others still do */
        cJSON_SetValuestring(status, "error");
        if (!cJSON_AddStringToObject(obj, "message", vs_errmsg()))
            return vs_fail(VS_ENOMEM, "out of memory");
        *all_ok = false;
        return VS_OK;
    }
    cJSON_SetValuestring(status, r.ok ? "ok" : "fail");
    if (!r.ok)
        *all_ok = false;
    return VS_OK;
}

vs_err_t repro_run(const char *const *ids, int n_ids, uint64_t seed, repro_progress_fn progress,
                   cJSON **out, bool *all_ok)
{
    vs_err_t err = VS_OK;
    *all_ok = true;
    *out = NULL;
    for (int i = 0; i < n_ids; i++)
        if (!repro_find(ids[i]))
            return vs_fail(VS_EUSAGE, "unknown reproduction target '%s' (see 'vroomsim reproduce --list')",
                           ids[i]);
    cJSON *root = cJSON_CreateObject(), *targets;
    if (!root || !cJSON_AddNumberToObject(root, "schema", 1) || !(targets = vs_json_arr(root, "targets"))) {
        cJSON_Delete(root);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    /* The selection: the named targets, or every implemented one. */
    const repro_target_t *sel[sizeof repro_targets / sizeof repro_targets[0]];
    int n = 0;
    if (n_ids == 0) {
        for (const repro_target_t *t = repro_targets; t->id; t++)
            if (t->run)
                sel[n++] = t;
    } else {
        for (int i = 0; i < n_ids && n < (int)(sizeof sel / sizeof sel[0]); i++)
            sel[n++] = repro_find(ids[i]);
    }
    for (int i = 0; i < n && !err; i++) {
        if (progress)
            progress(sel[i]->id, i, n);
        err = run_one(sel[i], seed, targets, all_ok);
    }
    if (err) {
        cJSON_Delete(root);
        return err;
    }
    *out = root;
    return VS_OK;
}
