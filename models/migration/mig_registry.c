/* The migration mechanisms, registered in one table. Each lives in its own mig_<name>.c. */
#include <string.h>

#include "mig_internal.h"

extern const mig_mechanism_t mig_vroom;
extern const mig_mechanism_t mig_stall_and_copy, mig_vm_standard, mig_vm_separated, mig_cold_restart,
    mig_cost_out, mig_openflow, mig_nat_switching, mig_kvm_full; /* docs/mechanisms.md */

const mig_mechanism_t *const mig_mechanisms[] = {
    &mig_vroom,
    &mig_stall_and_copy, &mig_vm_standard, &mig_vm_separated, &mig_cold_restart, &mig_cost_out,
    &mig_openflow, &mig_nat_switching, &mig_kvm_full,
    NULL,
};

#define N_MECHANISMS (sizeof mig_mechanisms / sizeof mig_mechanisms[0])

const mig_mechanism_t *mig_find(const char *name)
{
    for (size_t i = 0; mig_mechanisms[i]; i++)
        if (strcmp(mig_mechanisms[i]->name, name) == 0)
            return mig_mechanisms[i];
    return NULL;
}

const char *const *mig_mechanism_names(void)
{
    static const char *names[N_MECHANISMS];
    if (!names[0])
        for (size_t i = 0; mig_mechanisms[i]; i++)
            names[i] = mig_mechanisms[i]->name;
    return names;
}
