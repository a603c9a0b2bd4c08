/* The migration mechanisms, registered in one table. Each lives in its own mig_<name>.c. */
#include "mig_internal.h"

extern const mig_mechanism_t mig_vroom;

const mig_mechanism_t *mig_mechanisms[] = {
    &mig_vroom,
    NULL,
};
