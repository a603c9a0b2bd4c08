#include "mig_costs.h"

#include <stdio.h>
#include <string.h>

/* Loads a profile and checks it has the sections a router's role needs. */
static vs_err_t load(const scn_t *scn, const scn_prouter_t *r, bool want_fib, const hw_profile_t **out)
{
    const char *profile = want_fib ? r->fib_profile : r->host_profile;
    char where[1024];
    scn_where(scn, want_fib ? r->at_fib : r->at_host, where, sizeof where);
    vs_err_t err = hw_profile_load(profile, out);
    if (err) {
        char msg[768];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_fail(err, "%s: router '%s': %s", where, r->name, msg);
    }
    const hw_profile_t *p = *out;
    const char *missing = NULL;
    if (want_fib && !p->has_fib)
        missing = "fib";
    else if (!want_fib && !p->has_host)
        missing = "host";
    else if (!want_fib && !p->has_ckpt)
        missing = "checkpoint";
    else if (!want_fib && !p->has_rehome)
        missing = "rehoming";
    if (missing) {
        hw_profile_free(p);
        *out = NULL;
        return vs_fail(VS_EINVAL, "%s: router '%s': profile '%s' has no '%s' section (expected a %s profile)",
                       where, r->name, profile, missing, want_fib ? "data-plane" : "host");
    }
    return VS_OK;
}

vs_err_t mig_costs_for(const scn_t *scn, size_t from, size_t to, mig_costs_t *out)
{
    const scn_prouter_t *a = &scn->prouters[from], *b = &scn->prouters[to];
    const hw_profile_t *ah = NULL, *bh = NULL, *af = NULL, *bf = NULL;
    vs_err_t err;
    if ((err = load(scn, a, false, &ah)) || (err = load(scn, b, false, &bh)) ||
        (err = load(scn, a, true, &af)) || (err = load(scn, b, true, &bf)))
        goto out;
    if (strcmp(ah->ckpt.tool, bh->ckpt.tool) != 0) {
        err = vs_fail(VS_EINFEASIBLE,
                      "%s: cannot migrate from '%s' to '%s': incompatible platforms (checkpoints of "
                      "'%s' cannot be restored by '%s')",
                      scn->path, a->name, b->name, ah->ckpt.tool, bh->ckpt.tool);
        goto out;
    }
    *out = (mig_costs_t){
        .src_host = ah->host, .dst_host = bh->host, .src_ckpt = ah->ckpt, .dst_ckpt = bh->ckpt,
        .src_fib = af->fib,   .dst_fib = bf->fib,   .rehome = bh->rehome,
    };
    /* The copied structs point at strings owned by the profiles: drop them. */
    out->src_host.cpu_class = out->dst_host.cpu_class = NULL;
    out->src_ckpt.tool = out->dst_ckpt.tool = NULL;
out:
    hw_profile_free(ah);
    hw_profile_free(bh);
    hw_profile_free(af);
    hw_profile_free(bf);
    return err;
}

vs_err_t mig_costs_software(const scn_t *scn, const char *mechanism, const char *profile,
                            const char *section, mig_costs_t *out)
{
    const hw_profile_t *p = NULL;
    vs_err_t err = hw_profile_load(profile, &p);
    if (err) {
        char msg[768];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_fail(err, "%s: mechanism '%s': %s", scn->path, mechanism, msg);
    }
    if (!hw_profile_has(p, section))
        err = vs_fail(VS_EINVAL, "%s: mechanism '%s' reads its parameters from the '%s' section of "
                                 "profile '%s' (%s), which has none (docs/profiles.md)",
                      scn->path, mechanism, section, profile, p->path);
    else {
        out->xen = p->xen;
        out->kvm = p->kvm;
        out->openflow = p->openflow;
        out->routing = p->routing;
    }
    hw_profile_free(p);
    return err;
}
