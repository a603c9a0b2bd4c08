#include "sched_hwpower.h"

#include "hw_profile.h"

vs_err_t sched_router_power(const char *profile, int linecards, sched_node_t *r)
{
    const hw_profile_t *p = NULL;
    vs_err_t err = hw_profile_load(profile, &p);
    if (err)
        return err;
    if (!p->has_power)
        err = vs_fail(VS_EINVAL, "profile '%s' (%s) has no 'power' section (docs/profiles.md)",
                      profile, p->path);
    else if (p->power.ports_per_linecard < 1)
        err = vs_fail(VS_EINVAL,
                      "profile '%s' (%s): the scheduler needs ports_per_linecard >= 1 (line "
                      "cards carry the VRs' ports)",
                      profile, p->path);
    else {
        hw_power_coef_t pw;
        int ppc = p->power.ports_per_linecard;
        hw_power_coef(&p->power, linecards, linecards * ppc, &pw);
        r->linecards = linecards;
        r->ports_per_card = ppc;
        r->chassis_w = pw.chassis_w;
        r->linecard_w = pw.linecard_w;
        r->port_w = pw.port_w;
        r->load_w = pw.load_w;
    }
    hw_profile_free(p);
    return err;
}
