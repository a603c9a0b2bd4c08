/* mig_costs — what each step of a migration costs on the hardware it runs on: the hardware
 * profiles (hwmodel/profiles, each value with its source) of the source and destination
 * routers, gathered once per migration before a run. */
#ifndef MIG_COSTS_H
#define MIG_COSTS_H

#include "hw_profile.h"
#include "scn.h"
#include "vs_error.h"

typedef struct {
    hw_host_profile_t src_host, dst_host;
    hw_ckpt_profile_t src_ckpt, dst_ckpt; /* dump and copy run on the source; restore on B */
    hw_fib_profile_t src_fib, dst_fib;    /* remote control plane updates A; cloning fills B */
    hw_rehome_profile_t rehome;           /* the destination's transport (re-homing) */
    const char *src_platform, *dst_platform;
    int64_t image_bytes;                  /* the VR's memory image (cp_image) */
    int64_t postcopy_state_bytes;         /* post-copy: what the resume carries (cp_image) */
    /* The mechanism's own parameters, from the profile its vtable names (mig_costs_software);
     * only the section that profile holds is set. */
    hw_xen_profile_t xen;
    hw_kvm_profile_t kvm;
    hw_openflow_profile_t openflow;
    hw_routing_profile_t routing;
} mig_costs_t;

/* Fills costs for moving a VR from router `from` to router `to` of scn. Fails (status 2) when
 * a profile is unknown, malformed or lacks a needed section, or when the two hosts'
 * checkpoint tools differ (a container image of one cannot be restored by the other),
 * naming the routers and profiles. */
vs_err_t mig_costs_for(const scn_t *scn, size_t from, size_t to, mig_costs_t *out);

/* Fills out's xen, kvm and openflow parameters from `profile`, which must hold `section`
 * (mechanism names the migration's mechanism in messages). Fails (status 2, or VS_ENOTFOUND)
 * naming the scenario, the mechanism and the profile. */
vs_err_t mig_costs_software(const scn_t *scn, const char *mechanism, const char *profile,
                            const char *section, mig_costs_t *out);

#endif
