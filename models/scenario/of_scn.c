#include "of_scn.h"

#include "scn.h"
#include "vs_arena.h"
#include "vs_yaml.h"

/* Seed 002 Sec. 3's NOX application creates one flow each way between Client and Server. */
#define OF_DEFAULT_FLOWS 2
/* The costs of a flow-mod are not set here: unless the scenario gives them, the openflow
 * mechanism reads them from profile nox-openflow (hwmodel/profiles, with their sources). */
#define OF_FROM_PROFILE (-1)

vs_err_t of__load(struct vs_ydoc *doc, const struct vs_ynode *root, struct vs_arena *arena, struct scn *s)
{
    static const char *const keys[] = {"controller", "switches", "flows", "flow_mod_time",
                                       "switch_apply_time", "barriers", NULL};
    const vs_ynode_t *m = vs_ynode_get(root, "openflow"), *sw, *cn;
    if (!m)
        return VS_OK;
    vs_err_t err;
    const char *ctl;
    int64_t flows = OF_DEFAULT_FLOWS;
    of_scn_t *o = vs_arena_alloc(arena, sizeof *o);
    bool *is = vs_arena_alloc(arena, (s->n_prouters ? s->n_prouters : 1) * sizeof *is);
    if (!o || !is)
        return vs_fail(VS_ENOMEM, "out of memory");
    *o = (of_scn_t){.is_switch = is, .flow_mod_send = OF_FROM_PROFILE, .flow_mod_apply = OF_FROM_PROFILE, .barriers = true};
    if ((err = vs_yexpect(doc, m, VS_Y_MAP, "an openflow section (controller, switches)")) ||
        (err = vs_ycheck_keys(doc, m, keys)) || (err = vs_yrequire(doc, m, "controller", &cn)) ||
        (err = vs_yget_str(doc, m, "controller", true, &ctl)) ||
        (err = vs_yrequire(doc, m, "switches", &sw)) ||
        (err = vs_yexpect(doc, sw, VS_Y_SEQ, "a list of physical routers")) ||
        (err = vs_yget_int(doc, m, "flows", false, 1, 100000, &flows)) ||
        (err = vs_yget_duration(doc, m, "flow_mod_time", false, 0, SIM_S(10), &o->flow_mod_send)) ||
        (err = vs_yget_duration(doc, m, "switch_apply_time", false, 0, SIM_S(10), &o->flow_mod_apply)) ||
        (err = vs_yget_bool(doc, m, "barriers", false, &o->barriers)))
        return err;
    if ((o->controller = scn_prouter_index(s, ctl)) == SIZE_MAX)
        return vs_yerr(doc, cn, VS_EINVAL, "controller: no physical router named '%s'", ctl);
    for (size_t i = 0; i < sw->len; i++) {
        const vs_ynode_t *n = sw->vals[i];
        if ((err = vs_yexpect(doc, n, VS_Y_SCALAR, "a physical router name")))
            return err;
        size_t p = scn_prouter_index(s, n->scalar);
        if (p == SIZE_MAX)
            return vs_yerr(doc, n, VS_EINVAL, "switches: no physical router named '%s'", n->scalar);
        is[p] = true;
    }
    o->flows = (int)flows;
    s->openflow = o;
    return VS_OK;
}
